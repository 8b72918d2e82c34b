/**
 * The family's children: shared by the two parents (a child is owned by the parent who added
 * it, and both parents see and change it). A child of another family is "not found".
 *
 * @module
 */
import type { Db } from "@/services/db.ts";
import { randomHex } from "@/services/encoding.ts";
import { NotFoundError } from "@/utils/errors.ts";
import type { Family } from "./family.ts";
import { assertChildOpenForEntrants } from "./round_lock.ts";

/** A child of the family. */
export interface Child {
  /** The child id. */
  id: number;
  /** The name as the family wrote it. */
  name: string;
  /** `YYYY-MM-DD`. */
  birthDate: string;
  /** The lottery's 128-bit token (32 hex), made when the record was created. */
  token: string;
}

interface ChildRow {
  id: number;
  name: string;
  birth_date: string;
  token: string;
}

const toChild = (r: ChildRow): Child => ({
  id: Number(r.id),
  name: r.name,
  birthDate: r.birth_date,
  token: r.token,
});

/** The year a round enrols for, from what a round row knows. */
export interface EnrolmentYearSource {
  /** The round's enrolment year, once rounds have one (setup issue). */
  enrolmentYear?: number | null;
  /** The opening of the application window. */
  applicationsOpenAt: Date;
}

/**
 * The year that fixes every child's age class in a round: the round's enrolment year when it
 * has one, else the year (in Asia/Seoul) its application window opens. The one place that
 * decides it.
 *
 * @example
 * ```ts
 * enrolmentYear({ applicationsOpenAt: new Date("2026-11-01T00:00:00Z") }); // 2026
 * ```
 */
export function enrolmentYear(round: EnrolmentYearSource): number {
  if (round.enrolmentYear) return round.enrolmentYear;
  const seoul = new Date(round.applicationsOpenAt.getTime() + 9 * 3600_000);
  return seoul.getUTCFullYear();
}

/**
 * The age class of a child in a round, as Korean daycare classes count: the 0-year class of
 * year Y is the children born in Y−1, and so on. Null for a child too young for any class.
 *
 * @example
 * ```ts
 * ageClass("2024-05-14", { applicationsOpenAt: new Date("2026-11-01T00:00:00Z") }); // 1
 * ageClass("2026-01-02", { applicationsOpenAt: new Date("2026-11-01T00:00:00Z") }); // null
 * ```
 */
export function ageClass(
  birthDate: string,
  round: EnrolmentYearSource,
): number | null {
  const age = enrolmentYear(round) - 1 - Number(birthDate.slice(0, 4));
  return age >= 0 ? age : null;
}

/**
 * The birth year of the children of an age class in an enrolment year: the inverse of
 * {@link ageClass}, for pages that show which children a class takes.
 *
 * @example
 * ```ts
 * classBirthYear(2027, 2); // 2024
 * ```
 */
export function classBirthYear(enrolmentYear: number, age: number): number {
  return enrolmentYear - 1 - age;
}

/**
 * The family's children (not removed), oldest first.
 *
 * @example
 * ```ts
 * const children = await familyChildren(db, family);
 * ```
 */
export async function familyChildren(
  db: Db,
  family: Pick<Family, "memberIds">,
): Promise<Child[]> {
  const rows = await db.sql<ChildRow>`
    select id, name, birth_date::text as birth_date, token from children
    where account_id = any(${family.memberIds}::int8[]) and deleted_at is null
    order by birth_date, id`;
  return rows.map(toChild);
}

/**
 * One child of the family; throws {@link NotFoundError} for a child of another family or a
 * removed one.
 *
 * @example
 * ```ts
 * const child = await familyChild(db, { family, id: 42 });
 * ```
 */
export async function familyChild(
  db: Db,
  options: { family: Pick<Family, "memberIds">; id: number },
): Promise<Child> {
  const rows = await db.sql<ChildRow>`
    select id, name, birth_date::text as birth_date, token from children
    where id = ${options.id} and account_id = any(${options.family.memberIds}::int8[])
      and deleted_at is null`;
  if (!rows.length) throw new NotFoundError("child of another family");
  return toChild(rows[0]);
}

/** A child's editable details. */
export interface ChildInput {
  /** The name. */
  name: string;
  /** `YYYY-MM-DD`. */
  birthDate: string;
}

/**
 * Adds a child to the family (owned by `accountId`), with a fresh 128-bit token.
 *
 * @example
 * ```ts
 * const id = await addChild(db, { accountId: 7, child: { name: "김서윤", birthDate: "2024-05-14" } });
 * ```
 */
export async function addChild(
  db: Db,
  options: { accountId: number; child: ChildInput },
): Promise<number> {
  const [row] = await db.sql<{ id: number }>`
    insert into children (account_id, name, birth_date, token)
    values (${options.accountId}, ${options.child.name}, ${options.child.birthDate}::date,
      ${randomHex(16)})
    returning id`;
  return Number(row.id);
}

/** True when the child is in a live, submitted application (not a draft). */
async function inSubmittedApplication(
  db: Db,
  childId: number,
): Promise<boolean> {
  const used = await db.sql`
    select 1 from application_children ac join applications a on a.id = ac.application_id
    where ac.child_id = ${childId}
      and a.status not in ('withdrawn', 'draft', 'excluded') limit 1`;
  return used.length > 0;
}

/** What {@link updateChild} did. */
export type UpdateChildOutcome = "updated" | "birthDateLocked";

/**
 * Changes a child's name and birth date; {@link NotFoundError} for another family's child. The
 * birth date of a child in a submitted application stays as filed (it fixes the age class the
 * choices were made for): take the child out of the application first.
 *
 * @example
 * ```ts
 * await updateChild(db, { family, id: 42, child: { name: "김서윤", birthDate: "2024-05-15" } });
 * ```
 */
export async function updateChild(
  db: Db,
  options: { family: Pick<Family, "memberIds">; id: number; child: ChildInput },
): Promise<UpdateChildOutcome> {
  return await db.transaction(async (tx) => {
    const current = await familyChild(tx, options);
    await assertChildOpenForEntrants(tx, options.id);
    if (current.birthDate !== options.child.birthDate) {
      if (await inSubmittedApplication(tx, options.id)) {
        return "birthDateLocked";
      }
    }
    await tx.sql`
      update children set name = ${options.child.name},
        birth_date = ${options.child.birthDate}::date
      where id = ${options.id}`;
    return "updated";
  });
}

/** Why a child cannot be removed. */
export type RemoveChildOutcome = "removed" | "inApplication";

/**
 * Removes a child (kept for the record, marked removed). A child named in a submitted
 * application is kept until it is taken out of that application; in a draft it is taken out
 * of the draft. {@link NotFoundError} for another family's child.
 *
 * @example
 * ```ts
 * if (await removeChild(db, { family, id: 42 }) === "inApplication") showMessage();
 * ```
 */
export async function removeChild(
  db: Db,
  options: { family: Pick<Family, "memberIds">; id: number },
): Promise<RemoveChildOutcome> {
  return await db.transaction(async (tx) => {
    await familyChild(tx, options);
    await assertChildOpenForEntrants(tx, options.id);
    if (await inSubmittedApplication(tx, options.id)) return "inApplication";
    await tx.sql`
      delete from application_choices where child_id = ${options.id} and application_id in
        (select id from applications where status = 'draft')`;
    await tx.sql`
      delete from application_children where child_id = ${options.id} and application_id in
        (select id from applications where status = 'draft')`;
    await tx
      .sql`update children set deleted_at = now() where id = ${options.id}`;
    return "removed";
  });
}
