/**
 * The family's children: shared by the two parents (a child is owned by the parent who added
 * it, and both parents see and change it). A child of another family is "not found".
 *
 * @module
 */
import type { Db } from "@/services/db.ts";
import { randomHex } from "@/services/encoding.ts";
import { NotFoundError } from "@/utils/errors.ts";
import {
  childCorrections,
  FROZEN_ROUND_STATUSES,
  noteCorrected,
} from "./corrections.ts";
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

/**
 * What {@link updateChild} did: `closed` when the child is in an application whose window has
 * closed and no open correction names it; `classChanges` when a corrected birth date would move
 * the child to another age class (its choices never change).
 */
export type UpdateChildOutcome =
  | "updated"
  | "birthDateLocked"
  | "closed"
  | "classChanges";

/**
 * Changes a child's name and birth date; {@link NotFoundError} for another family's child. The
 * birth date of a child in a submitted application stays as filed (it fixes the age class the
 * choices were made for): take the child out of the application first. Once the application
 * window has closed, neither changes, unless an open correction names the child: then both may
 * (the age class must stay), and the save counts towards that correction.
 *
 * @example
 * ```ts
 * await updateChild(db, { family, id: 42, child: { name: "김서윤", birthDate: "2024-05-15" }, now });
 * ```
 */
export async function updateChild(
  db: Db,
  options: {
    family: Pick<Family, "memberIds">;
    id: number;
    child: ChildInput;
    now: Date;
  },
): Promise<UpdateChildOutcome> {
  const { now } = options;
  return await db.transaction(async (tx) => {
    const current = await familyChild(tx, options);
    await assertChildOpenForEntrants(tx, options.id);
    const apps = await tx.sql<{
      id: number;
      close_at: Date;
      round_status: string;
      enrolment_year: number;
      open_at: Date;
    }>`
      select a.id, r.applications_close_at as close_at, r.status as round_status,
        r.enrolment_year, r.applications_open_at as open_at
      from application_children ac
      join applications a on a.id = ac.application_id
      join rounds r on r.id = a.round_id
      where ac.child_id = ${options.id}
        and a.status not in ('withdrawn', 'draft', 'excluded')`;
    const named = apps.length ? await childCorrections(tx, options.id) : [];
    const renamed = current.name !== options.child.name;
    const redated = current.birthDate !== options.child.birthDate;
    for (const app of apps) {
      const corrected = named.some((c) => c.applicationId === Number(app.id));
      const closed = now.getTime() >= app.close_at.getTime() ||
        (FROZEN_ROUND_STATUSES as readonly string[]).includes(app.round_status);
      if ((renamed || redated) && closed && !corrected) return "closed";
      if (redated && !corrected) return "birthDateLocked";
      const round = {
        enrolmentYear: Number(app.enrolment_year),
        applicationsOpenAt: app.open_at,
      };
      if (
        redated &&
        ageClass(current.birthDate, round) !==
          ageClass(options.child.birthDate, round)
      ) {
        return "classChanges";
      }
    }
    await tx.sql`
      update children set name = ${options.child.name},
        birth_date = ${options.child.birthDate}::date
      where id = ${options.id}`;
    for (const applicationId of new Set(named.map((c) => c.applicationId))) {
      await noteCorrected(tx, { applicationId, childId: options.id, now });
    }
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
