/**
 * A round's pool: every live application with where it stands in review, and for each entrant
 * (a child, or a unit of linked siblings) the weight, addends and tier of each ranked choice,
 * computed by the lottery module from the facts review has accepted. The odds, the family's
 * weight explanation and the freeze all read this one computation, so they cannot disagree.
 *
 * Rules (rules.md "Weight", "Entrants and linked siblings"; chosen where it is silent):
 * - An application is **in the pool** when its status is `accepted` (every document reviewed,
 *   the resident-register copy accepted, no correction open: services/migrations/0010). It is
 *   **pending** while a document waits for review, a correction is open, or no resident-register
 *   copy has been reviewed; otherwise it is **outside** the pool (its copy was rejected).
 * - HR facts (join dates, the spouse link) are those as of the application deadline: the current
 *   ones, except where an HR change after the deadline was flagged (domain/hr_flags.ts), whose
 *   `before` value is used (a flagged spouse link decides whether the family counts as an HR
 *   couple; a former spouse's years are not counted). Years of service count whole years to the
 *   deadline's date in Asia/Seoul, the larger of the two parents'.
 * - A declared factor counts only with its accepted document: single parent, disability, dual
 *   income (or the HR couple), and the number of children (the family register; without it the
 *   family counts one child).
 * - A sibling is enrolled in a kindergarten when another child of either parent has an
 *   enrolment record there that covers the deadline's date, or the family declared it and its
 *   sibling document was accepted (the document then counts for each kindergarten the child
 *   lists: the admin accepts it only when that is true).
 * - A unit's weight is its members' largest and its tier their best, per choice.
 *
 * @module
 */
import type { Addend, Entrant, Recruitment, Settings } from "@/lottery/mod.ts";
import {
  byteCompare,
  tierOf,
  unitChoice,
  weightOf,
  yearsOfService,
} from "@/lottery/mod.ts";
import type { Db } from "@/services/db.ts";
import { NotFoundError } from "@/utils/errors.ts";
import { seoulDate } from "@/utils/seoul_time.ts";
import type { DeclaredFacts } from "./applications.ts";

/** Where an application stands for the draw. */
export type PoolState = "pending" | "in_pool" | "outside";

/** One ranked choice of an entrant, weighed. */
export interface PoolChoice {
  /** The recruitment id (database). */
  recruitmentId: number;
  /** The lottery's recruitment id (`recruitments.code`). */
  code: string;
  /** Integer hundredths. */
  weight: number;
  /** 1 is the best. */
  tier: number;
  /** The weight's terms (of the heaviest member for a unit). */
  addends: Addend[];
}

/** An entrant: one child, or a unit of linked siblings. */
export interface PoolEntrant {
  /** A stable id without secrets: `a{application}-c{child}` or `a{application}-u{unit}`. */
  id: string;
  /** The application. */
  applicationId: number;
  /** The child, for a single child. */
  childId: number | null;
  /** The unit, for linked siblings. */
  unitId: number | null;
  /** The lottery token (32 hex) of the child or the unit. */
  token: string;
  /** The members' children, with their tokens and member ids (`a{application}-c{child}`). */
  members: { childId: number; token: string; id: string }[];
  /** Ranked choices, best first. */
  choices: PoolChoice[];
}

/** A live application of the round, with its review state. */
export interface PoolApplication {
  /** The application id. */
  id: number;
  /** Its family (`applications.family_key`). */
  familyKey: number;
  /** Its status. */
  status: string;
  /** Where it stands for the draw. */
  state: PoolState;
}

/** The round's pool. */
export interface RoundPool {
  /** The round id. */
  roundId: number;
  /** Every recruitment of the round, with the lottery's ids. */
  recruitments: (Recruitment & { recruitmentId: number })[];
  /** Every live (submitted, in review or accepted) application. */
  applications: PoolApplication[];
  /** The entrants of every live application (not only the pool's), weighed. */
  entrants: PoolEntrant[];
}

interface RoundRow {
  applications_close_at: Date;
}
interface RecruitmentRow {
  id: number;
  code: string;
  seats: number;
  settings: Settings;
  kindergarten_id: number;
}
interface ApplicationRow {
  id: number;
  family_key: number;
  status: string;
  facts: Partial<DeclaredFacts> | null;
}

/**
 * The round's pool as it stands now.
 *
 * @example
 * ```ts
 * const pool = await roundPool(db, roundId);
 * const inPool = pool.entrants.filter((e) => inPoolIds.has(e.applicationId));
 * // One family's part only (its status page): same rules, a fraction of the work.
 * const mine = await roundPool(db, roundId, { familyKey: family.key });
 * ```
 */
export async function roundPool(
  db: Db,
  roundId: number,
  options: { familyKey?: number } = {},
): Promise<RoundPool> {
  const only = options.familyKey ?? null;
  const [round] = await db.sql<RoundRow>`
    select applications_close_at from rounds where id = ${roundId}`;
  if (!round) throw new NotFoundError("round");
  const deadline = seoulDate(round.applications_close_at);
  const recs = await db.sql<RecruitmentRow>`
    select id, code, seats, settings, kindergarten_id from recruitments
    where round_id = ${roundId} order by id`;
  const apps = await db.sql<ApplicationRow>`
    select id, family_key, status, facts from applications
    where round_id = ${roundId} and status in ('submitted', 'accepted', 'needs_review')
      and (${only}::bigint is null or family_key = ${only}::bigint)
    order by id`;
  const appIds = apps.map((a) => Number(a.id));
  const keys = [...new Set(apps.map((a) => Number(a.family_key)))];
  const [parents, docs, corrections, kids, choices, enrolled, flags] =
    await Promise.all([
      familyParents(db, keys),
      db.sql<{ application_id: number; kind: string; status: string }>`
        select application_id, kind, status from documents
        where application_id = any(${appIds}) and deleted_at is null`,
      db.sql<{ application_id: number }>`
        select distinct application_id from application_corrections
        where application_id = any(${appIds}) and done_at is null`,
      db.sql<
        {
          application_id: number;
          child_id: number;
          token: string;
          unit_id: number | null;
          unit_token: string | null;
        }
      >`
        select ac.application_id, ac.child_id, c.token, ac.unit_id, u.token as unit_token
        from application_children ac join children c on c.id = ac.child_id
        left join sibling_units u on u.id = ac.unit_id
        where ac.application_id = any(${appIds})
        order by ac.application_id, ac.child_id`,
      db.sql<
        { application_id: number; child_id: number; recruitment_id: number }
      >`
        select application_id, child_id, recruitment_id from application_choices
        where application_id = any(${appIds}) order by application_id, child_id, rank`,
      db.sql<{ account_id: number; child_id: number; kindergarten_id: number }>`
        select c.account_id, c.id as child_id, e.kindergarten_id
        from enrolments e join children c on c.id = e.child_id
        where c.deleted_at is null and e.since <= ${deadline}::date
          and (e.until is null or e.until >= ${deadline}::date)`,
      db.sql<
        {
          application_id: number;
          account_id: number;
          field: string;
          before: string | null;
        }
      >`
        select distinct on (application_id, account_id, field)
          application_id, account_id, field, before
        from hr_change_flags where application_id = any(${appIds})
        order by application_id, account_id, field, id`,
    ]);
  const recById = new Map(recs.map((r) => [Number(r.id), r]));
  const docsOf = groupBy(docs, (d) => Number(d.application_id));
  const open = new Set(corrections.map((c) => Number(c.application_id)));
  const kidsOf = groupBy(kids, (k) => Number(k.application_id));
  const choicesOf = groupBy(
    choices,
    (c) => `${c.application_id}:${c.child_id}`,
  );
  const familyOfAccount = new Map<number, number>();
  for (const [key, ps] of parents) {
    for (const p of ps) familyOfAccount.set(p.id, key);
  }
  // family key -> kindergarten id -> enrolled children
  const enrolment = new Map<number, Map<number, Set<number>>>();
  for (const e of enrolled) {
    const key = familyOfAccount.get(Number(e.account_id));
    if (key === undefined) continue;
    const byKg = enrolment.get(key) ?? new Map<number, Set<number>>();
    const set = byKg.get(Number(e.kindergarten_id)) ?? new Set<number>();
    set.add(Number(e.child_id));
    byKg.set(Number(e.kindergarten_id), set);
    enrolment.set(key, byKg);
  }

  const applications: PoolApplication[] = [];
  const entrants: PoolEntrant[] = [];
  for (const app of apps) {
    const id = Number(app.id);
    const key = Number(app.family_key);
    const appDocs = docsOf.get(id) ?? [];
    applications.push({
      id,
      familyKey: key,
      status: app.status,
      state: stateOf(app.status, appDocs, open.has(id)),
    });
    const accepted = new Set(
      appDocs.filter((d) => d.status === "accepted").map((d) => d.kind),
    );
    const declared = app.facts ?? {};
    const asOf = flags.filter((f) => Number(f.application_id) === id);
    const flagged = (accountId: number, field: string) =>
      asOf.find((f) => Number(f.account_id) === accountId && f.field === field);
    const spouseFlag = asOf.find((f) => f.field === "spouse_employee_no");
    const couple = spouseFlag
      ? spouseFlag.before !== null && spouseFlag.before !== ""
      : (parents.get(key) ?? []).length > 1;
    const ps = (parents.get(key) ?? []).slice(0, couple ? 2 : 1).map((p) => ({
      ...p,
      joinDate: flagged(p.id, "join_date")?.before ?? p.joinDate,
    }));
    const years = ps.map((p) => yearsOfService(p.joinDate, deadline));
    const base = {
      serviceYears: years[0] ?? 0,
      ...(years.length > 1 ? { spouseServiceYears: years[1] } : {}),
      singleParent: declared.singleParent === true &&
        accepted.has("single_parent"),
      childrenUnder13: accepted.has("family_register")
        ? Math.max(1, Math.min(20, Number(declared.childrenCount ?? 1) || 1))
        : 1,
      disability: declared.disability === true && accepted.has("disability"),
      employeeCouple: couple,
      dualIncome: couple ||
        (declared.dualIncome === true && accepted.has("employment")),
    };
    const siblingDoc = declared.siblingEnrolled === true &&
      accepted.has("sibling");
    const weigh = (childId: number, recruitmentId: number): PoolChoice => {
      const rec = recById.get(recruitmentId)!;
      const kg = Number(rec.kindergarten_id);
      const others = [...(enrolment.get(key)?.get(kg) ?? [])].filter((c) =>
        c !== childId
      );
      const facts = {
        ...base,
        siblingEnrolled: siblingDoc || others.length > 0,
      };
      const { weight, addends } = weightOf(rec.settings, facts);
      return {
        recruitmentId,
        code: rec.code,
        weight,
        tier: tierOf(rec.settings, facts),
        addends,
      };
    };
    const children = kidsOf.get(id) ?? [];
    const listOf = (childId: number) =>
      (choicesOf.get(`${id}:${childId}`) ?? []).map((c) =>
        Number(c.recruitment_id)
      );
    const units = new Map<number, typeof children>();
    for (const c of children) {
      if (c.unit_id === null) {
        const childId = Number(c.child_id);
        entrants.push({
          id: `a${id}-c${childId}`,
          applicationId: id,
          childId,
          unitId: null,
          token: c.token,
          members: [{ childId, token: c.token, id: `a${id}-c${childId}` }],
          choices: listOf(childId).map((r) => weigh(childId, r)),
        });
      } else {
        const list = units.get(Number(c.unit_id)) ?? [];
        list.push(c);
        units.set(Number(c.unit_id), list);
      }
    }
    for (const [unitId, members] of units) {
      const list = listOf(Number(members[0].child_id));
      entrants.push({
        id: `a${id}-u${unitId}`,
        applicationId: id,
        childId: null,
        unitId,
        token: members[0].unit_token!,
        members: members.map((m) => ({
          childId: Number(m.child_id),
          token: m.token,
          id: `a${id}-c${m.child_id}`,
        })),
        choices: list.map((r) => {
          const each = members.map((m) => weigh(Number(m.child_id), r));
          const { weight, tier } = unitChoice(each);
          const heaviest = each.find((w) => w.weight === weight)!;
          return { ...heaviest, weight, tier };
        }),
      });
    }
  }
  return {
    roundId,
    recruitments: recs.map((r) => ({
      id: r.code,
      seats: Number(r.seats),
      recruitmentId: Number(r.id),
    })),
    applications,
    entrants,
  };
}

/**
 * The odds module's input for the pool: the entrants of applications in the pool, with their
 * secret-free ids in place of pseudonyms (lottery/README.md section 10.1).
 *
 * @example
 * ```ts
 * const result = oddsOf(poolOddsInput(await roundPool(db, roundId)));
 * ```
 */
export function poolOddsInput(
  pool: RoundPool,
): { recruitments: Recruitment[]; entrants: Entrant[] } {
  const inPool = new Set(
    pool.applications.filter((a) => a.state === "in_pool").map((a) => a.id),
  );
  return {
    recruitments: pool.recruitments.map((r) => ({ id: r.id, seats: r.seats })),
    entrants: pool.entrants
      .filter((e) => inPool.has(e.applicationId))
      .map((e) => ({
        pseudonym: e.id,
        members: e.members.map((m) => m.id).sort(byteCompare),
        choices: e.choices.map((c) => ({
          recruitment: c.code,
          weight: c.weight,
          tier: c.tier,
        })),
      })),
  };
}

function stateOf(
  status: string,
  docs: { kind: string; status: string }[],
  correctionOpen: boolean,
): PoolState {
  if (status === "accepted") return "in_pool";
  const reviewedCopy = docs.some((d) =>
    d.kind === "resident_register" && d.status !== "pending"
  );
  if (
    correctionOpen || !reviewedCopy || docs.some((d) => d.status === "pending")
  ) return "pending";
  return "outside";
}

interface PoolParent {
  id: number;
  joinDate: string;
}

/** Each family's parents (the key account first, then its HR spouse), in one query. */
async function familyParents(
  db: Db,
  keys: number[],
): Promise<Map<number, PoolParent[]>> {
  const rows = await db.sql<{ key: number; id: number; join_date: string }>`
    select me.id as key, me.id, me.join_date::text as join_date, 0 as o
    from accounts me where me.id = any(${keys})
    union all
    select me.id, s.id, s.join_date::text, 1
    from accounts me
    join accounts s on s.employee_no = me.spouse_employee_no
      and s.spouse_employee_no = me.employee_no and s.disabled_at is null and s.id <> me.id
    where me.id = any(${keys})
    order by 1, 4`;
  return groupBy(
    rows.map((r) => ({
      key: Number(r.key),
      id: Number(r.id),
      joinDate: r.join_date,
    })),
    (r) => r.key,
  );
}

function groupBy<T, K>(
  items: readonly T[],
  keyOf: (item: T) => K,
): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const item of items) {
    const k = keyOf(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}
