/**
 * Enrolment records (issue 9): which child attends (or attended) which kindergarten, since and
 * until when, for the sibling factor. A record is found by either parent's employee number, the
 * child's name and birth date: the children of that employee and of the employee's HR spouse
 * (the link is kept both ways) whose name and birth date match. A child both parents registered
 * is two child rows, and gets a record each.
 *
 * Records are added by hand, ended (an until date) or removed one by one, or imported from a
 * CSV (employee number, child name, birth date, since, until; UTF-8 with or without BOM, or
 * CP949) through a preview: new, changed and bad rows with their reasons (unknown employee, no
 * matching child, bad date, until not after since, a child named on two rows); nothing is
 * written until the admin applies it, then all in one transaction with one `enrolment.import`
 * audit row per record sharing a batch id. A re-import updates by (kindergarten, child) and
 * never deletes.
 *
 * @module
 */
import { z } from "zod";
import type { MessageKey } from "@/i18n/mod.ts";
import type { Cache } from "@/services/cache.ts";
import type { Db } from "@/services/db.ts";
import { sha256Hex } from "@/services/encoding.ts";
import {
  type FormState,
  type FormValues,
  parseForm,
  textField,
} from "@/utils/form.ts";
import { newBatchId, recordAudit } from "./audit.ts";
import * as csv from "./csv_import.ts";
import { invalidAs } from "./kindergartens.ts";

/** An enrolment record, with the child's name. */
export interface EnrolmentRecord {
  /** The child. */
  childId: number;
  /** The child's name. */
  childName: string;
  /** The child's birth date (YYYY-MM-DD). */
  birthDate: string;
  /** The employee number of the parent who registered the child. */
  parentEmployeeNo: string;
  /** Enrolled since (YYYY-MM-DD). */
  since: string;
  /** Enrolled until (YYYY-MM-DD), or null while enrolled. */
  until: string | null;
}

/** What the enrolment form gives. */
export interface EnrolmentInput {
  /** The employee number of either parent. */
  employeeNo: string;
  /** The child's name as the family registered it. */
  childName: string;
  /** The child's birth date (YYYY-MM-DD). */
  birthDate: string;
  /** Enrolled since (YYYY-MM-DD). */
  since: string;
  /** Enrolled until (YYYY-MM-DD), or null while enrolled. */
  until: string | null;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function isRealDate(v: string): boolean {
  if (!ISO_DATE.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

const dateField = (optional: boolean) =>
  textField({ max: 10, optional }).refine(
    (v) => (optional && v === "") || isRealDate(v),
    { error: "form.error.invalid" },
  );

const EnrolmentForm = z.object({
  employeeNo: textField({ max: 32 }),
  childName: textField({ max: 40 }),
  birthDate: dateField(false),
  since: dateField(false),
  until: dateField(true),
});

/** The outcome of {@link parseEnrolmentForm}. */
export type EnrolmentFormResult =
  | { ok: true; data: EnrolmentInput; values: FormValues<EnrolmentInput> }
  | { ok: false; state: FormState<EnrolmentInput> };

/**
 * Checks the enrolment form: the parent's employee number, the child's name and birth date,
 * and the dates (until, when given, after since). A bad date is reported as `kg.error.date`.
 *
 * @example
 * ```ts
 * import { parseEnrolmentForm } from "@/domain/enrolments.ts";
 * const r = parseEnrolmentForm(new Map([["since", ["2026-03-02"]]]));
 * // r.ok === false: the employee number, name and birth date are missing
 * ```
 */
export function parseEnrolmentForm(
  fields: Map<string, string[]>,
): EnrolmentFormResult {
  const parsed = parseForm(EnrolmentForm, fields);
  if (!parsed.ok) {
    return invalidAs(
      parsed.state,
      ["birthDate", "since", "until"],
      "kg.error.date",
    );
  }
  const d = parsed.data;
  if (d.until && d.until <= d.since) {
    return {
      ok: false,
      state: {
        values: parsed.values as FormValues<EnrolmentInput>,
        errors: { until: { key: "kg.error.untilBeforeSince" } },
      },
    };
  }
  return {
    ok: true,
    values: parsed.values as FormValues<EnrolmentInput>,
    data: { ...d, until: d.until || null },
  };
}

/**
 * A kindergarten's enrolment records, newest first, with the registering parent's employee
 * number.
 *
 * @example
 * ```ts
 * import { kindergartenEnrolments } from "@/domain/enrolments.ts";
 * // const records = await kindergartenEnrolments(db, 1);
 * ```
 */
export async function kindergartenEnrolments(
  db: Db,
  kindergartenId: number,
): Promise<EnrolmentRecord[]> {
  const rows = await db.sql<
    {
      child_id: number;
      name: string;
      birth_date: string;
      employee_no: string;
      since: string;
      until: string | null;
    }
  >`
    select e.child_id, c.name, c.birth_date::text as birth_date, a.employee_no,
      e.since::text as since, e.until::text as until
    from enrolments e join children c on c.id = e.child_id
      join accounts a on a.id = c.account_id
    where e.kindergarten_id = ${kindergartenId}
    order by e.since desc, c.name, e.child_id`;
  return rows.map((r) => ({
    childId: Number(r.child_id),
    childName: r.name,
    birthDate: r.birth_date,
    parentEmployeeNo: r.employee_no,
    since: r.since,
    until: r.until,
  }));
}

/** The audit object id of an enrolment record. */
const enrolmentObjectId = (kgId: number, childId: number) =>
  `${kgId}:${childId}`;

/** A live child as matching sees it: its owner's number and that owner's spouse link. */
interface FamilyChild {
  id: number;
  name: string;
  birthDate: string;
  ownerNo: string;
  ownerSpouseNo: string | null;
}

/** The accounts and live children matching needs: all of them, or one employee's family. */
interface Families {
  /** Employee number → spouse number (null when none). */
  spouseOf: Map<string, string | null>;
  children: FamilyChild[];
}

async function familyChildren(db: Db, employeeNo?: string): Promise<Families> {
  const accounts = await db.sql<
    { employee_no: string; spouse_employee_no: string | null }
  >`
    select employee_no, spouse_employee_no from accounts
    where ${employeeNo ?? null}::text is null or employee_no = ${
    employeeNo ?? null
  }`;
  const spouseOf = new Map(
    accounts.map((a) => [a.employee_no, a.spouse_employee_no]),
  );
  const family = employeeNo
    ? [employeeNo, spouseOf.get(employeeNo) ?? employeeNo]
    : null;
  const children = await db.sql<
    {
      id: number;
      name: string;
      birth_date: string;
      employee_no: string;
      spouse_employee_no: string | null;
    }
  >`
    select c.id, c.name, c.birth_date::text as birth_date, a.employee_no, a.spouse_employee_no
    from children c join accounts a on a.id = c.account_id
    where c.deleted_at is null
      and (${family}::text[] is null or a.employee_no = any(${family}::text[]))
    order by c.id`;
  return {
    spouseOf,
    children: children.map((c) => ({
      id: Number(c.id),
      name: c.name,
      birthDate: c.birth_date,
      ownerNo: c.employee_no,
      ownerSpouseNo: c.spouse_employee_no,
    })),
  };
}

/**
 * The ids of the children a parent's employee number, a name and a birth date name: the
 * employee's own and their HR spouse's (linked either way). Null when no employee has that
 * number.
 */
function matchChildren(
  families: Families,
  key: { employeeNo: string; childName: string; birthDate: string },
): number[] | null {
  if (!families.spouseOf.has(key.employeeNo)) return null;
  const spouse = families.spouseOf.get(key.employeeNo) ?? null;
  return families.children.filter((c) =>
    c.name === key.childName && c.birthDate === key.birthDate &&
    (c.ownerNo === key.employeeNo || c.ownerSpouseNo === key.employeeNo ||
      (spouse !== null && c.ownerNo === spouse))
  ).map((c) => c.id);
}

/**
 * Records that a child attends (or attended) a kindergarten, found by either parent's employee
 * number, the child's name and birth date; audited (`enrolment.create`, one row per child
 * record: a child both parents registered gets both).
 *
 * @example
 * ```ts
 * import { addEnrolment } from "@/domain/enrolments.ts";
 * // const outcome = await addEnrolment(db, { actorId, kindergartenId: 1, input });
 * ```
 */
export async function addEnrolment(
  db: Db,
  options: { actorId: number; kindergartenId: number; input: EnrolmentInput },
): Promise<
  | { ok: true; children: number[] }
  | {
    ok: false;
    reason: "notFound" | "unknownEmployee" | "childNotFound" | "exists";
  }
> {
  const { input } = options, kgId = options.kindergartenId;
  return await db.transaction(async (tx) => {
    const kg = await tx
      .sql`select id from kindergartens where id = ${kgId} for update`;
    if (kg.length === 0) return { ok: false, reason: "notFound" } as const;
    const ids = matchChildren(await familyChildren(tx, input.employeeNo), {
      employeeNo: input.employeeNo,
      childName: input.childName,
      birthDate: input.birthDate,
    });
    if (ids === null) return { ok: false, reason: "unknownEmployee" } as const;
    if (ids.length === 0) {
      return { ok: false, reason: "childNotFound" } as const;
    }
    const existing = await tx.sql`
      select 1 from enrolments where kindergarten_id = ${kgId} and child_id = any(${ids}::bigint[])`;
    if (existing.length) return { ok: false, reason: "exists" } as const;
    for (const childId of ids) {
      await tx
        .sql`insert into enrolments (kindergarten_id, child_id, since, until)
        values (${kgId}, ${childId}, ${input.since}::date, ${input.until}::date)`;
      await recordAudit(tx, {
        actorId: options.actorId,
        action: "enrolment.create",
        objectType: "enrolment",
        objectId: enrolmentObjectId(kgId, childId),
        before: null,
        after: {
          kindergartenId: kgId,
          childId,
          since: input.since,
          until: input.until,
        },
      });
    }
    return { ok: true, children: ids } as const;
  });
}

/** What ending or removing a record did. */
export type EnrolmentChange =
  | { ok: true }
  | { ok: false; reason: "notFound" | "untilBeforeSince" };

interface StoredEnrolment {
  kindergartenId: number;
  childId: number;
  since: string;
  until: string | null;
}

async function lockEnrolment(
  tx: Db,
  kgId: number,
  childId: number,
): Promise<StoredEnrolment | null> {
  const rows = await tx.sql<{ since: string; until: string | null }>`
    select since::text as since, until::text as until from enrolments
    where kindergarten_id = ${kgId} and child_id = ${childId} for update`;
  return rows.length
    ? {
      kindergartenId: kgId,
      childId,
      since: rows[0].since,
      until: rows[0].until,
    }
    : null;
}

/** Which record, who acts. */
interface EnrolmentTarget {
  actorId: number;
  kindergartenId: number;
  childId: number;
}

/** Ends a record on `until`, or removes it when `until` is null; audited with before. */
async function changeEnrolment(
  db: Db,
  options: EnrolmentTarget & { until: string | null },
): Promise<EnrolmentChange> {
  const { kindergartenId: kgId, childId, until } = options;
  return await db.transaction(async (tx) => {
    const before = await lockEnrolment(tx, kgId, childId);
    if (!before) return { ok: false, reason: "notFound" } as const;
    if (until !== null && until <= before.since) {
      return { ok: false, reason: "untilBeforeSince" } as const;
    }
    if (until === null) {
      await tx.sql`delete from enrolments
        where kindergarten_id = ${kgId} and child_id = ${childId}`;
    } else {
      await tx.sql`update enrolments set until = ${until}::date
        where kindergarten_id = ${kgId} and child_id = ${childId}`;
    }
    await recordAudit(tx, {
      actorId: options.actorId,
      action: until === null ? "enrolment.delete" : "enrolment.end",
      objectType: "enrolment",
      objectId: enrolmentObjectId(kgId, childId),
      before,
      after: until === null ? null : { ...before, until },
    });
    return { ok: true } as const;
  });
}

/**
 * Ends a record on `until` (after its since date), audited (`enrolment.end`, before and after).
 *
 * @example
 * ```ts
 * import { endEnrolment } from "@/domain/enrolments.ts";
 * // await endEnrolment(db, { actorId, kindergartenId: 1, childId: 3, until: "2026-02-28" });
 * ```
 */
export function endEnrolment(
  db: Db,
  options: EnrolmentTarget & { until: string },
): Promise<EnrolmentChange> {
  return changeEnrolment(db, options);
}

/**
 * Removes a record (one entered by mistake), audited (`enrolment.delete`, before).
 *
 * @example
 * ```ts
 * import { removeEnrolment } from "@/domain/enrolments.ts";
 * // await removeEnrolment(db, { actorId, kindergartenId: 1, childId: 3 });
 * ```
 */
export function removeEnrolment(
  db: Db,
  options: EnrolmentTarget,
): Promise<EnrolmentChange> {
  return changeEnrolment(db, { ...options, until: null });
}

/** Limits of one enrolment import. */
export const ENROLMENT_IMPORT_LIMITS = csv.CSV_IMPORT_LIMITS;

/** The fields of an enrolment CSV row. */
export type EnrolmentField =
  | "employeeNo"
  | "childName"
  | "birthDate"
  | "since"
  | "until";

/** The CSV columns of an enrolment import. */
export const ENROLMENT_COLUMNS: readonly csv.CsvColumn<EnrolmentField>[] = [
  {
    field: "employeeNo",
    header: "employee_no",
    headerKo: "사번",
    required: true,
  },
  {
    field: "childName",
    header: "child_name",
    headerKo: "아이이름",
    required: true,
  },
  {
    field: "birthDate",
    header: "birth_date",
    headerKo: "생년월일",
    required: true,
  },
  { field: "since", header: "since", headerKo: "재원시작일", required: true },
  { field: "until", header: "until", headerKo: "재원종료일", required: false },
];

/** One row of an enrolment file. */
export type EnrolmentRow = csv.CsvRow<EnrolmentField>;

/** The message key naming each enrolment field. */
export const ENROLMENT_FIELD_LABELS: Record<EnrolmentField, MessageKey> = {
  employeeNo: "kg.employeeNo",
  childName: "kg.childName",
  birthDate: "kg.birthDate",
  since: "kg.since",
  until: "kg.until",
};

const ENROLMENT_MAX_LENGTH: Record<EnrolmentField, number> = {
  employeeNo: 32,
  childName: 40,
  birthDate: 40,
  since: 40,
  until: 40,
};

/** Why an enrolment file cannot be read at all (`enrolImport.error.*`). */
export type EnrolmentFileProblem = csv.CsvMessage;

/**
 * Reads an enrolment file (UTF-8 with or without BOM, or CP949) into rows.
 *
 * @example
 * ```ts
 * import { readEnrolments } from "@/domain/enrolments.ts";
 * const csv = "employee_no,child_name,birth_date,since\nE1001,김서윤,2025-05-14,2026-03-02\n";
 * const read = readEnrolments(new TextEncoder().encode(csv));
 * // read.ok && read.rows.length === 1
 * ```
 */
export function readEnrolments(
  bytes: Uint8Array,
):
  | { ok: true; rows: EnrolmentRow[] }
  | { ok: false; problem: EnrolmentFileProblem } {
  return csv.readCsvTable(bytes, {
    ...ENROLMENT_IMPORT_LIMITS,
    messages: "enrolImport",
    columns: ENROLMENT_COLUMNS,
  });
}

/** A reason an enrolment row is bad: a message key (`enrolImport.reason.*`) and its values. */
export type EnrolmentReason = csv.CsvMessage;

/** The dates a record holds. */
export interface EnrolmentDates {
  since: string;
  until: string | null;
}

/** What applying an enrolment file would do, one entry per record (child). */
export interface EnrolmentPlan {
  /** Records to create. */
  created: {
    row: number;
    childId: number;
    childName: string;
    employeeNo: string;
    after: EnrolmentDates;
  }[];
  /** Records whose dates change. */
  updated: {
    row: number;
    childId: number;
    childName: string;
    employeeNo: string;
    before: EnrolmentDates;
    after: EnrolmentDates;
  }[];
  /** Records that already hold these dates. */
  unchanged: number;
  /** Rows left out, with every reason. */
  bad: {
    row: number;
    values: Record<EnrolmentField, string>;
    reasons: EnrolmentReason[];
  }[];
}

function enrolmentRowReasons(
  values: Record<EnrolmentField, string>,
): EnrolmentReason[] {
  const reasons = csv.cellReasons(values, {
    messages: "enrolImport",
    columns: ENROLMENT_COLUMNS,
    labels: ENROLMENT_FIELD_LABELS,
    maxLength: ENROLMENT_MAX_LENGTH,
  });
  if (reasons.length) return reasons;
  for (const f of ["birthDate", "since", "until"] as const) {
    if (values[f] && !csv.csvDate(values[f])) {
      reasons.push({
        key: "enrolImport.reason.badDate",
        params: { field: ENROLMENT_FIELD_LABELS[f], value: values[f] },
      });
    }
  }
  const since = csv.csvDate(values.since), until = csv.csvDate(values.until);
  if (since && until && until <= since) {
    reasons.push({ key: "enrolImport.reason.untilBeforeSince" });
  }
  return reasons;
}

/**
 * Works out what an enrolment file would change at one kindergarten (pass the transaction that
 * applies it, so the plan and the write see the same rows). Writes nothing.
 *
 * @example
 * ```ts
 * import { planEnrolments, readEnrolments } from "@/domain/enrolments.ts";
 * // const read = readEnrolments(bytes);
 * // if (read.ok) (await planEnrolments(db, { kindergartenId: 1, rows: read.rows })).bad;
 * ```
 */
export async function planEnrolments(
  db: Db,
  options: { kindergartenId: number; rows: EnrolmentRow[] },
): Promise<EnrolmentPlan> {
  const { rows, kindergartenId: kgId } = options;
  const families = await familyChildren(db);
  const existing = new Map(
    (await db.sql<{ child_id: number; since: string; until: string | null }>`
      select child_id, since::text as since, until::text as until from enrolments
      where kindergarten_id = ${kgId}`).map((
      e,
    ) => [Number(e.child_id), { since: e.since, until: e.until }]),
  );
  const reasons = new Map<number, EnrolmentReason[]>();
  const add = (row: number, reason: EnrolmentReason) =>
    reasons.set(row, [...(reasons.get(row) ?? []), reason]);
  const matched = new Map<number, number[]>();
  for (const r of rows) {
    for (const reason of enrolmentRowReasons(r.values)) add(r.row, reason);
    if (reasons.has(r.row)) continue;
    const v = r.values;
    const ids = matchChildren(families, {
      employeeNo: v.employeeNo,
      childName: v.childName,
      birthDate: csv.csvDate(v.birthDate)!,
    });
    if (ids === null) {
      add(r.row, {
        key: "enrolImport.reason.unknownEmployee",
        params: { value: v.employeeNo },
      });
    } else if (ids.length === 0) {
      add(r.row, {
        key: "enrolImport.reason.noChild",
        params: { name: v.childName, value: v.employeeNo },
      });
    } else matched.set(r.row, ids);
  }
  // A child named on several rows (by one parent or both): which row is right cannot be known.
  const rowsOf = new Map<number, number[]>();
  for (const [row, ids] of matched) {
    for (const id of ids) rowsOf.set(id, [...(rowsOf.get(id) ?? []), row]);
  }
  for (const at of rowsOf.values()) {
    if (at.length < 2) continue;
    for (const row of at) {
      if (
        reasons.get(row)?.some((x) => x.key === "enrolImport.reason.duplicate")
      ) {
        continue;
      }
      add(row, {
        key: "enrolImport.reason.duplicate",
        params: { rows: at.filter((x) => x !== row).join(", ") },
      });
    }
  }
  const plan: EnrolmentPlan = {
    created: [],
    updated: [],
    unchanged: 0,
    bad: rows.filter((r) => reasons.has(r.row)).map((r) => ({
      row: r.row,
      values: r.values,
      reasons: reasons.get(r.row)!,
    })),
  };
  for (const r of rows) {
    if (reasons.has(r.row)) continue;
    const after = {
      since: csv.csvDate(r.values.since)!,
      until: csv.csvDate(r.values.until),
    };
    for (const childId of matched.get(r.row)!) {
      const before = existing.get(childId);
      const entry = {
        row: r.row,
        childId,
        childName: r.values.childName,
        employeeNo: r.values.employeeNo,
      };
      if (!before) plan.created.push({ ...entry, after });
      else if (before.since !== after.since || before.until !== after.until) {
        plan.updated.push({ ...entry, before, after });
      } else plan.unchanged++;
    }
  }
  return plan;
}

/** An enrolment preview waiting to be applied. */
export interface EnrolmentPreview extends csv.StoredPreview {
  /** The kindergarten it is for. */
  kindergartenId: number;
  /** The uploaded file's name. */
  fileName: string;
  /** The rows read from the file. */
  rows: EnrolmentRow[];
  /** The digest of the plan the admin saw. */
  digest: string;
}

const PREVIEWS = {
  prefix: "enrolments:preview:",
  ttlMs: ENROLMENT_IMPORT_LIMITS.previewTtlMs,
};

/**
 * The digest of a plan: what applying changes (the same plan gives the same digest).
 *
 * @example
 * ```ts
 * const digest = await enrolmentPlanDigest(plan);
 * ```
 */
export async function enrolmentPlanDigest(
  plan: EnrolmentPlan,
): Promise<string> {
  return await sha256Hex(
    JSON.stringify([plan.created, plan.updated, plan.bad.map((b) => b.row)]),
  );
}

/**
 * Keeps an enrolment preview in the cache for 30 minutes, shared by every replica.
 *
 * @example
 * ```ts
 * const id = await saveEnrolmentPreview(cache, { adminId, kindergartenId, fileName, rows, digest });
 * ```
 */
export function saveEnrolmentPreview(
  cache: Cache,
  preview: Omit<EnrolmentPreview, "id">,
): Promise<string> {
  return csv.saveImportPreview<EnrolmentPreview>(cache, PREVIEWS, preview);
}

/**
 * The preview with this id if the same admin made it for this kindergarten and it has not
 * expired, else null.
 *
 * @example
 * ```ts
 * const preview = await loadEnrolmentPreview(cache, { id, adminId, kindergartenId });
 * ```
 */
export async function loadEnrolmentPreview(
  cache: Cache,
  options: { id: string | undefined; adminId: number; kindergartenId: number },
): Promise<EnrolmentPreview | null> {
  const preview = await csv.loadImportPreview<EnrolmentPreview>(
    cache,
    PREVIEWS,
    options,
  );
  return preview?.kindergartenId === options.kindergartenId ? preview : null;
}

/** What applying an enrolment preview did. */
export type ApplyEnrolmentsOutcome =
  | { ok: true; batchId: string; created: number; updated: number }
  | { ok: false; reason: "stale" | "notFound" };

/**
 * Applies a preview in one transaction: re-plans against the locked records (refusing when the
 * outcome differs from what the admin saw), creates and updates the records (never deletes),
 * and writes one `enrolment.import` audit row per record with a shared batch id. Then drops
 * the preview.
 *
 * @example
 * ```ts
 * import { applyEnrolments } from "@/domain/enrolments.ts";
 * // const outcome = await applyEnrolments(db, cache, { preview, actorId });
 * ```
 */
export async function applyEnrolments(
  db: Db,
  cache: Cache,
  options: { preview: EnrolmentPreview; actorId: number },
): Promise<ApplyEnrolmentsOutcome> {
  const { preview } = options, kgId = preview.kindergartenId;
  const batchId = newBatchId();
  const outcome = await db.transaction(async (tx) => {
    const kg = await tx
      .sql`select id from kindergartens where id = ${kgId} for update`;
    if (kg.length === 0) return { ok: false, reason: "notFound" } as const;
    await tx.sql`lock table enrolments in share row exclusive mode`;
    const plan = await planEnrolments(tx, {
      kindergartenId: kgId,
      rows: preview.rows,
    });
    if (await enrolmentPlanDigest(plan) !== preview.digest) {
      return { ok: false, reason: "stale" } as const;
    }
    // A record is new (before null) or changes its dates; none is ever deleted.
    const changes = [
      ...plan.created.map((c) => ({ ...c, before: null })),
      ...plan.updated,
    ];
    for (const { childId, before, after } of changes) {
      await tx.sql`
        insert into enrolments (kindergarten_id, child_id, since, until)
        values (${kgId}, ${childId}, ${after.since}::date, ${after.until}::date)
        on conflict (kindergarten_id, child_id)
          do update set since = excluded.since, until = excluded.until`;
      await recordAudit(tx, {
        actorId: options.actorId,
        action: "enrolment.import",
        objectType: "enrolment",
        objectId: enrolmentObjectId(kgId, childId),
        before: before && { kindergartenId: kgId, childId, ...before },
        after: { kindergartenId: kgId, childId, ...after },
        batchId,
      });
    }
    return {
      ok: true,
      batchId,
      created: plan.created.length,
      updated: plan.updated.length,
    } as const;
  });
  if (outcome.ok) await csv.dropImportPreview(cache, PREVIEWS, preview.id);
  return outcome;
}

/**
 * A sample enrolment file (UTF-8 with BOM, so Excel opens the Korean right).
 *
 * @example
 * ```ts
 * new Response(sampleEnrolments(), { headers: { "content-type": "text/csv; charset=utf-8" } });
 * ```
 */
export function sampleEnrolments(): string {
  return csv.sampleCsv(ENROLMENT_COLUMNS, [
    "E1001,김서윤,2025-05-14,2026-03-02,",
    "E1003,이도윤,2024-09-01,2025-03-03,2026-02-27",
  ]);
}
