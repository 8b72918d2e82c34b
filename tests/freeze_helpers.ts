/**
 * Helpers for the freeze tests: file an application straight into the database (as the apply
 * use case leaves it), set review outcomes per the 0010 contract, and the time after the
 * application window when the demo round may be frozen.
 *
 * @module
 */
import { familyOf } from "@/domain/family.ts";
import type { Db } from "@/services/db.ts";
import { randomHex } from "@/services/encoding.ts";

const DAY = 24 * 60 * 60 * 1000;

/** Options of {@link fileApplication}. */
export interface FileOptions {
  /** The round. */
  roundId: number;
  /** The filing parent's login. */
  login: string;
  /** The family's children applying, by name. */
  children: string[];
  /** Link them as one unit of siblings. */
  unit?: boolean;
  /** Review done: every document and the application `accepted` (else pending). */
  accepted?: boolean;
}

/**
 * Files an application for the family of `login` with its children (each choosing the
 * recruitments of its age class, at most 3) and a resident-register copy; returns its id.
 */
export async function fileApplication(
  db: Db,
  options: FileOptions,
): Promise<number> {
  const [me] = await db.sql<{ id: number }>`
    select id from accounts where login = ${options.login}`;
  const family = await familyOf(db, Number(me.id));
  const status = options.accepted ? "accepted" : "submitted";
  const [app] = await db.sql<{ id: number }>`
    insert into applications (round_id, family_key, filed_by, status, facts)
    values (${options.roundId}, ${family.key}, ${me.id}, ${status},
      ${JSON.stringify({ childrenCount: options.children.length })}::jsonb)
    returning id`;
  const id = Number(app.id);
  const unitId = options.unit
    ? Number(
      (await db.sql<{ id: number }>`
        insert into sibling_units (application_id, token) values (${id}, ${
        randomHex(16)
      }) returning id`)[0].id,
    )
    : null;
  for (const name of options.children) {
    const [child] = await db.sql<{ id: number }>`
      select id from children where name = ${name}
        and account_id = any(${family.memberIds}::int8[]) and deleted_at is null
      order by id limit 1`;
    await db.sql`
      insert into application_children (application_id, child_id, unit_id)
      values (${id}, ${child.id}, ${unitId})`;
    await db.sql`
      insert into application_choices (application_id, child_id, rank, recruitment_id)
      select ${id}, ${child.id}, row_number() over (order by r.id), r.id
      from recruitments r join rounds ro on ro.id = r.round_id
      join children c on c.id = ${child.id}
      where r.round_id = ${options.roundId}
        and r.class_age = ro.enrolment_year - 1 - extract(year from c.birth_date)::int
      order by r.id limit 3`;
  }
  await db.sql`
    insert into documents (application_id, round_id, family_key, uploaded_by, kind,
      storage_key, content_type, size_bytes, sha256, status)
    values (${id}, ${options.roundId}, ${family.key}, ${me.id}, 'resident_register',
      ${`documents/test/${randomHex(8)}`}, 'application/pdf', 10, 'x',
      ${options.accepted ? "accepted" : "pending"})`;
  return id;
}

/** Review accepted everything of the application (documents and application `accepted`). */
export async function acceptApplication(db: Db, id: number): Promise<void> {
  await db
    .sql`update documents set status = 'accepted' where application_id = ${id}`;
  await db.sql`update applications set status = 'accepted' where id = ${id}`;
}

/** Review rejected the application's resident-register copy: it is outside the pool. */
export async function rejectRegister(
  db: Db,
  options: { id: number; reason: string },
): Promise<void> {
  await db.sql`
    update documents set status = 'rejected', reject_reason = ${options.reason}
    where application_id = ${options.id} and kind = 'resident_register'`;
  await db
    .sql`update applications set status = 'needs_review' where id = ${options.id}`;
}

/** A time at which the round's window has closed and its beacon is more than a day away. */
export async function freezableAt(db: Db, roundId: number): Promise<Date> {
  const [r] = await db.sql<{ applications_close_at: Date }>`
    select applications_close_at from rounds where id = ${roundId}`;
  return new Date(r.applications_close_at.getTime() + DAY);
}

/** Adds an employee (no password) with one child; returns the account id. */
export async function addEmployee(
  db: Db,
  options: { login: string; name: string; child: string; birthDate: string },
): Promise<number> {
  const [a] = await db.sql<{ id: number }>`
    insert into accounts (login, email, name_ko, employee_no, department, join_date, role)
    values (${options.login}, ${`${options.login}@kic.example`}, ${options.name},
      ${`T${randomHex(3)}`}, '인사팀', '2018-03-02', 'employee')
    returning id`;
  await db.sql`
    insert into children (account_id, name, birth_date, token)
    values (${a.id}, ${options.child}, ${options.birthDate}::date, ${
    randomHex(16)
  })`;
  return Number(a.id);
}
