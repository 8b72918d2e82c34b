/**
 * HR changes after an application deadline (issue 9): weights use the HR facts (each parent's
 * join date and spouse link) as of the application deadline, so a later change is flagged for
 * review, never silently applied.
 *
 * The rule: whenever an employee's `join_date` or `spouse_employee_no` changes (an employee
 * edit, a spouse link set or cleared on either side, a roster import), every live application
 * (submitted, accepted or needs_review) of a family that employee belongs to, in a round whose
 * application window has closed (`applications_close_at <= now`) and which is not yet frozen
 * or drawn (status `open` or `review`, and no `draws` row), gets a row in `hr_change_flags`,
 * written in the same transaction as the change. The employee belongs to a family's
 * application when it is the family key, the filer, or the family key is their spouse before
 * or after the change.
 *
 * `before` is the fact as of the deadline: the value before this change, or, when the same
 * fact of the same employee was already flagged for the same application, that first flag's
 * `before`. An open flag for the same fact is brought up to date (`after`) instead of adding a
 * second one. {@link hrFactsAsOfDeadline} gives the facts the weight uses; {@link openHrFlags}
 * lets the freeze refuse while flags are open. An admin marks a flag resolved (audited,
 * `hrFlag.resolve`) once reviewed; a resolved flag keeps its `before`.
 *
 * @module
 */
import type { MessageKey } from "@/i18n/mod.ts";
import type { Db } from "@/services/db.ts";
import { recordAudit } from "./audit.ts";

/** The HR facts a weight uses, by their column. */
export type HrFactField = "join_date" | "spouse_employee_no";

/** The message naming each flagged HR fact. */
export const HR_FIELD_LABELS: Record<HrFactField, MessageKey> = {
  join_date: "hrFlag.field.joinDate",
  spouse_employee_no: "hrFlag.field.spouse",
};

/** An employee's HR facts that matter for a weight. */
export interface HrFacts {
  /** The join date (YYYY-MM-DD). */
  joinDate: string;
  /** The spouse's employee number, or null. */
  spouseEmployeeNo: string | null;
}

/** Options of {@link flagHrChange}. */
export interface HrChange {
  /** The employee whose facts change. */
  accountId: number;
  /** The facts before and after the change (only the fields that differ are flagged). */
  before: HrFacts;
  after: HrFacts;
  /** The app clock's time of the change. */
  now: Date;
}

const FIELDS: [HrFactField, keyof HrFacts][] = [
  ["join_date", "joinDate"],
  ["spouse_employee_no", "spouseEmployeeNo"],
];

/**
 * Writes the flags one HR change calls for (see the module's rule). Call it inside the
 * transaction that makes the change. Returns how many flags it wrote or brought up to date.
 *
 * @example
 * ```ts
 * import { flagHrChange } from "@/domain/hr_flags.ts";
 * // await flagHrChange(tx, { accountId, before, after, now });
 * ```
 */
export async function flagHrChange(tx: Db, change: HrChange): Promise<number> {
  const changed = FIELDS.filter(([, key]) =>
    change.before[key] !== change.after[key]
  );
  if (changed.length === 0) return 0;
  const spouseNos = [
    change.before.spouseEmployeeNo,
    change.after.spouseEmployeeNo,
  ].filter((n): n is string => n !== null);
  const applications = await tx.sql<{ id: number; round_id: number }>`
    select a.id, a.round_id from applications a join rounds r on r.id = a.round_id
    where a.status in ('submitted', 'accepted', 'needs_review')
      and r.applications_close_at <= ${change.now}
      and r.status in ('open', 'review')
      and not exists (select 1 from draws d where d.round_id = r.id)
      and (a.family_key = ${change.accountId} or a.filed_by = ${change.accountId}
        or a.family_key in (select id from accounts where employee_no = any(${spouseNos}::text[])))
    order by a.id`;
  let written = 0;
  for (const app of applications) {
    for (const [field, key] of changed) {
      const after = change.after[key];
      const earlier = await tx.sql<
        { id: number; before: string | null; resolved_at: Date | null }
      >`
        select id, before, resolved_at from hr_change_flags
        where application_id = ${app.id} and account_id = ${change.accountId}
          and field = ${field}
        order by id for update`;
      const open = earlier.find((f) => f.resolved_at === null);
      if (open) {
        await tx
          .sql`update hr_change_flags set after = ${after}, created_at = ${change.now}
          where id = ${open.id}`;
      } else {
        const before = earlier.length ? earlier[0].before : change.before[key];
        await tx.sql`
          insert into hr_change_flags
            (round_id, application_id, account_id, field, before, after, created_at)
          values (${app.round_id}, ${app.id}, ${change.accountId}, ${field}, ${before},
            ${after}, ${change.now})`;
      }
      written++;
    }
  }
  return written;
}

/** An HR change flag, with who it is about. */
export interface HrFlag {
  id: number;
  roundId: number;
  roundName: string;
  applicationId: number;
  accountId: number;
  /** The employee's name and number. */
  nameKo: string;
  employeeNo: string;
  field: HrFactField;
  /** The value as of the deadline (what the weight uses). */
  before: string | null;
  /** The value now. */
  after: string | null;
  /** When it was flagged (last brought up to date). */
  at: Date;
  resolvedAt: Date | null;
  resolvedBy: number | null;
}

interface FlagRow {
  id: number;
  round_id: number;
  round_name: string;
  application_id: number;
  account_id: number;
  name_ko: string;
  employee_no: string;
  field: HrFactField;
  before: string | null;
  after: string | null;
  created_at: Date;
  resolved_at: Date | null;
  resolved_by: number | null;
}

function toFlag(r: FlagRow): HrFlag {
  return {
    id: Number(r.id),
    roundId: Number(r.round_id),
    roundName: r.round_name,
    applicationId: Number(r.application_id),
    accountId: Number(r.account_id),
    nameKo: r.name_ko,
    employeeNo: r.employee_no,
    field: r.field,
    before: r.before,
    after: r.after,
    at: new Date(r.created_at),
    resolvedAt: r.resolved_at && new Date(r.resolved_at),
    resolvedBy: r.resolved_by === null ? null : Number(r.resolved_by),
  };
}

/**
 * The open flags of a round (or of every round when `roundId` is null), oldest first. The
 * freeze refuses while a round has any.
 *
 * @example
 * ```ts
 * import { openHrFlags } from "@/domain/hr_flags.ts";
 * // if ((await openHrFlags(db, round.id)).length) refuse("hrFlagsOpen");
 * ```
 */
export async function openHrFlags(
  db: Db,
  roundId: number | null,
): Promise<HrFlag[]> {
  const rows = await db.sql<FlagRow>`
    select f.id, f.round_id, r.name as round_name, f.application_id, f.account_id,
      a.name_ko, a.employee_no, f.field, f.before, f.after, f.created_at, f.resolved_at,
      f.resolved_by
    from hr_change_flags f join rounds r on r.id = f.round_id
      join accounts a on a.id = f.account_id
    where f.resolved_at is null and (${roundId}::bigint is null or f.round_id = ${roundId})
    order by f.id`;
  return rows.map(toFlag);
}

/**
 * The HR facts of an employee as of a round's application deadline, for the weight: today's
 * facts, with each flagged field put back to its first flag's `before`.
 *
 * @example
 * ```ts
 * import { hrFactsAsOfDeadline } from "@/domain/hr_flags.ts";
 * // const facts = await hrFactsAsOfDeadline(db, { applicationId, accountId });
 * ```
 */
export async function hrFactsAsOfDeadline(
  db: Db,
  options: { applicationId: number; accountId: number },
): Promise<HrFacts | null> {
  const [account] = await db.sql<
    { join_date: string; spouse_employee_no: string | null }
  >`
    select join_date::text as join_date, spouse_employee_no from accounts
    where id = ${options.accountId}`;
  if (!account) return null;
  const facts: HrFacts = {
    joinDate: account.join_date,
    spouseEmployeeNo: account.spouse_employee_no,
  };
  const flags = await db.sql<{ field: HrFactField; before: string | null }>`
    select distinct on (field) field, before from hr_change_flags
    where application_id = ${options.applicationId} and account_id = ${options.accountId}
    order by field, id`;
  for (const f of flags) {
    if (f.field === "join_date" && f.before) facts.joinDate = f.before;
    if (f.field === "spouse_employee_no") facts.spouseEmployeeNo = f.before;
  }
  return facts;
}

/**
 * Marks an open flag resolved by `actorId`, audited (`hrFlag.resolve`, before and after).
 * False when there is no such open flag.
 *
 * @example
 * ```ts
 * import { resolveHrFlag } from "@/domain/hr_flags.ts";
 * // await resolveHrFlag(db, { actorId, flagId: 3, now: clock.now() });
 * ```
 */
export async function resolveHrFlag(
  db: Db,
  options: { actorId: number; flagId: number; now: Date },
): Promise<boolean> {
  return await db.transaction(async (tx) => {
    const [before] = await tx.sql<FlagRow>`
      select f.*, '' as round_name, '' as name_ko, '' as employee_no
      from hr_change_flags f
      where f.id = ${options.flagId} and f.resolved_at is null for update`;
    if (!before) return false;
    await tx.sql`
      update hr_change_flags set resolved_at = ${options.now}, resolved_by = ${options.actorId}
      where id = ${options.flagId}`;
    const plain = (r: HrFlag) => ({
      roundId: r.roundId,
      applicationId: r.applicationId,
      accountId: r.accountId,
      field: r.field,
      before: r.before,
      after: r.after,
      at: r.at,
      resolvedAt: r.resolvedAt,
      resolvedBy: r.resolvedBy,
    });
    const flag = toFlag(before);
    await recordAudit(tx, {
      actorId: options.actorId,
      action: "hrFlag.resolve",
      objectType: "hr_change_flag",
      objectId: options.flagId,
      before: plain(flag),
      after: plain({
        ...flag,
        resolvedAt: options.now,
        resolvedBy: options.actorId,
      }),
    });
    return true;
  });
}
