/**
 * The HR roster import: a CSV (UTF-8 with or without BOM, or CP949/EUC-KR as Korean Excel saves
 * it) becomes a preview of new, changed and bad rows; nothing is written until an admin applies
 * it, then all in one transaction with an audit row per account.
 *
 * Rules:
 * - Rows match accounts by employee number. A re-import updates and never deletes.
 * - A row is bad (and left out) when a required field is missing, the account id or date is
 *   malformed, its employee number or account id is on another row too (every such row is bad:
 *   which one is right cannot be known), its account id belongs to another employee, or its
 *   spouse number is unknown, its own, or disagrees with another row.
 * - Spouse links are kept both ways: linking A to S links S to A, and ends the links of their
 *   former spouses; an empty spouse number ends the link on both sides. The application code
 *   reads the link live, so a removed link ends the former spouse's access at once.
 * - An empty e-mail keeps an employee's address; a new employee gets `<id>@<domain>`.
 * - A changed join date or spouse link after a live application's deadline is flagged for
 *   review (domain/hr_flags.ts) in the same transaction, never silently applied to a weight.
 * - Each new employee gets a set-password link (`issuePasswordSetup`) in the same transaction.
 * - The preview lives in the cache (shared by every replica) for 30 minutes under a random id;
 *   applying re-plans against the database inside the transaction and refuses when the outcome
 *   differs from what the admin saw.
 *
 * @module
 */
import type { MessageKey } from "@/i18n/mod.ts";
import type { Cache } from "@/services/cache.ts";
import type { Db } from "@/services/db.ts";
import { sha256Hex } from "@/services/encoding.ts";
import type { AccountRow } from "./accounts.ts";
import { recordAudit } from "./audit.ts";
import { flagHrChange } from "./hr_flags.ts";
import {
  cellReasons,
  CSV_IMPORT_LIMITS,
  type CsvColumn,
  csvDate,
  type CsvMessage,
  type CsvRow,
  decodeCsv,
  dropImportPreview,
  loadImportPreview,
  readCsvTable,
  sampleCsv,
  saveImportPreview,
  type StoredPreview,
} from "./csv_import.ts";
import { issuePasswordSetup } from "./passwords.ts";
import { assertHrOpenForEntrants } from "./round_lock.ts";

/** Limits of one import. */
export const ROSTER_LIMITS = CSV_IMPORT_LIMITS;

/** The fields of a roster row. */
export type RosterField =
  | "login"
  | "name"
  | "employeeNo"
  | "department"
  | "joinDate"
  | "spouse"
  | "email";

/** The CSV columns: field, English header, Korean header, required. */
export const ROSTER_COLUMNS: readonly CsvColumn<RosterField>[] = [
  { field: "login", header: "account_id", headerKo: "계정", required: true },
  { field: "name", header: "name_ko", headerKo: "이름", required: true },
  {
    field: "employeeNo",
    header: "employee_no",
    headerKo: "사번",
    required: true,
  },
  {
    field: "department",
    header: "department",
    headerKo: "부서",
    required: false,
  },
  {
    field: "joinDate",
    header: "join_date",
    headerKo: "입사일",
    required: true,
  },
  {
    field: "spouse",
    header: "spouse_employee_no",
    headerKo: "배우자사번",
    required: false,
  },
  { field: "email", header: "email", headerKo: "메일", required: false },
];

/** One data row as read from the file (`row` is its line in a spreadsheet: header = 1). */
export type RosterRow = CsvRow<RosterField>;

/** Why a file cannot be read at all (`roster.error.*`). */
export type RosterFileProblem = CsvMessage;

/**
 * Decodes a roster file: UTF-8 (a BOM is dropped), else CP949 (see {@link decodeCsv}).
 *
 * @example
 * ```ts
 * import iconv from "iconv-lite";
 * import { decodeRoster } from "@/domain/roster.ts";
 * decodeRoster(new Uint8Array(iconv.encode("이름\n김하나\n", "cp949"))); // "이름\n김하나\n"
 * ```
 */
export const decodeRoster: (bytes: Uint8Array) => string = decodeCsv;

/**
 * Reads a roster file into rows: the header names the columns (English or Korean, any order,
 * unknown columns ignored), blank lines are skipped.
 *
 * @example
 * ```ts
 * import { readRoster } from "@/domain/roster.ts";
 * const csv = "account_id,name_ko,employee_no,join_date\nkim.hana,김하나,E1,2020-03-02\n";
 * const read = readRoster(new TextEncoder().encode(csv));
 * // read.ok && read.rows[0] → { row: 2, values: { login: "kim.hana", … } }
 * ```
 */
export function readRoster(
  bytes: Uint8Array,
): { ok: true; rows: RosterRow[] } | { ok: false; problem: CsvMessage } {
  return readCsvTable(bytes, {
    messages: "roster",
    ...ROSTER_LIMITS,
    columns: ROSTER_COLUMNS,
  });
}

/** A reason a row is bad: a message key (`roster.reason.*`) and its values. */
export type RowReason = CsvMessage;

/** An employee's HR record as the import writes it. */
export interface HrRecord {
  login: string;
  name: string;
  employeeNo: string;
  department: string;
  joinDate: string;
  spouse: string | null;
  email: string;
}

/** What applying a roster would do. */
export interface RosterPlan {
  /** Rows that create an employee. */
  created: { row: number; after: HrRecord }[];
  /** Rows that change an employee, with the fields that change. */
  updated: {
    row: number;
    id: number;
    before: HrRecord;
    after: HrRecord;
    fields: (keyof HrRecord)[];
  }[];
  /** Employees not in the file whose spouse link changes with it. */
  linked: { id: number; before: HrRecord; after: HrRecord }[];
  /** Rows that match their employee already. */
  unchanged: number;
  /** Rows left out, with every reason. */
  bad: {
    row: number;
    values: Record<RosterField, string>;
    reasons: RowReason[];
  }[];
}

/** The account fields the roster compares. */
type RosterAccount =
  & Pick<
    AccountRow,
    | "id"
    | "login"
    | "email"
    | "name_ko"
    | "employee_no"
    | "department"
    | "spouse_employee_no"
    | "locale"
  >
  & { join_date: string };

const LOGIN = /^[a-z0-9._-]{1,64}$/;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,200}\.[^\s@]{1,60}$/;

/** A date cell as YYYY-MM-DD (also 2021.3.2, 2021/03/02, "2021. 3. 2."), or null. */
export const rosterDate: (value: string) => string | null = csvDate;

/** The message key naming each roster field. */
export const ROSTER_FIELD_LABELS: Record<RosterField, MessageKey> = {
  login: "roster.field.login",
  name: "roster.field.name",
  employeeNo: "roster.field.employeeNo",
  department: "roster.field.department",
  joinDate: "roster.field.joinDate",
  spouse: "roster.field.spouse",
  email: "roster.field.email",
};

const MAX_LENGTH: Record<RosterField, number> = {
  login: 64,
  name: 100,
  employeeNo: 32,
  department: 100,
  joinDate: 40,
  spouse: 32,
  email: 254,
};

/** The field checks of one row, alone. */
function rowReasons(values: Record<RosterField, string>): RowReason[] {
  const reasons = cellReasons(values, {
    messages: "roster",
    columns: ROSTER_COLUMNS,
    labels: ROSTER_FIELD_LABELS,
    maxLength: MAX_LENGTH,
  });
  if (reasons.length) return reasons;
  if (!LOGIN.test(values.login.toLowerCase())) {
    reasons.push({ key: "roster.reason.badLogin" });
  }
  if (!rosterDate(values.joinDate)) {
    reasons.push({
      key: "roster.reason.badDate",
      params: { value: values.joinDate },
    });
  }
  if (values.email && !EMAIL.test(values.email)) {
    reasons.push({ key: "roster.reason.badEmail" });
  }
  if (values.spouse && values.spouse === values.employeeNo) {
    reasons.push({ key: "roster.reason.selfSpouse" });
  }
  return reasons;
}

function recordOf(a: RosterAccount): HrRecord {
  return {
    login: a.login,
    name: a.name_ko,
    employeeNo: a.employee_no,
    department: a.department,
    joinDate: a.join_date,
    spouse: a.spouse_employee_no,
    email: a.email,
  };
}

/** Options of {@link planRoster}. */
export interface PlanOptions {
  /** The company mail domain, for new employees without an e-mail cell. */
  emailDomain: string;
}

/**
 * Works out what a roster would change against the accounts in `db` (pass the transaction
 * that applies it, so the plan and the write see the same rows). Writes nothing.
 *
 * @example
 * ```ts
 * const read = readRoster(file.bytes);
 * if (read.ok) {
 *   const plan = await planRoster(db, read.rows, { emailDomain: "kic.example" });
 *   plan.bad; // [{ row: 7, reasons: [{ key: "roster.reason.badDate", … }] }]
 * }
 * ```
 */
export async function planRoster(
  db: Db,
  rows: RosterRow[],
  options: PlanOptions,
): Promise<RosterPlan> {
  const accounts = await db.sql<RosterAccount>`
    select id, login, email, name_ko, employee_no, department, join_date, spouse_employee_no
    from accounts order by id`;
  const byNo = new Map(accounts.map((a) => [a.employee_no, a]));
  const byLogin = new Map(accounts.map((a) => [a.login, a]));
  const reasons = new Map<number, RowReason[]>();
  const addReason = (row: number, reason: RowReason) =>
    reasons.set(row, [...(reasons.get(row) ?? []), reason]);
  for (const r of rows) {
    for (const reason of rowReasons(r.values)) addReason(r.row, reason);
  }
  // The same employee number or account id on several rows: all of them are bad.
  for (
    const [field, key] of [
      ["employeeNo", "roster.reason.dupEmployeeNo"],
      ["login", "roster.reason.dupLogin"],
    ] as const
  ) {
    const groups = new Map<string, number[]>();
    for (const r of rows) {
      const v = field === "login"
        ? r.values.login.toLowerCase()
        : r.values[field];
      if (v) groups.set(v, [...(groups.get(v) ?? []), r.row]);
    }
    for (const [value, at] of groups) {
      if (at.length < 2) continue;
      for (const row of at) {
        const rowsText = at.filter((x) => x !== row).join(", ");
        addReason(row, { key, params: { value, rows: rowsText } });
      }
    }
  }
  const fileLogins = new Map(
    rows.map((r) => [r.values.employeeNo, r.values.login.toLowerCase()]),
  );
  for (const r of rows) {
    const login = r.values.login.toLowerCase();
    const holder = byLogin.get(login);
    if (
      holder && holder.employee_no !== r.values.employeeNo &&
      (fileLogins.get(holder.employee_no) ?? holder.login) === login
    ) {
      addReason(r.row, {
        key: "roster.reason.loginTaken",
        params: { value: login, other: holder.employee_no },
      });
    }
  }
  // Spouse numbers: known, and agreeing both ways; repeated while rows drop out.
  let changed = true;
  while (changed) {
    changed = false;
    const valid = rows.filter((r) => !reasons.has(r.row));
    const validNo = new Map(valid.map((r) => [r.values.employeeNo, r]));
    const claims = new Map<string, RosterRow[]>();
    for (const r of valid) {
      const s = r.values.spouse;
      if (!s) continue;
      if (!validNo.has(s) && !byNo.has(s)) {
        addReason(r.row, {
          key: "roster.reason.unknownSpouse",
          params: { value: s },
        });
        changed = true;
        continue;
      }
      const other = validNo.get(s);
      if (other && other.values.spouse !== r.values.employeeNo) {
        addReason(r.row, {
          key: "roster.reason.spouseConflict",
          params: { value: s },
        });
        changed = true;
        continue;
      }
      claims.set(s, [...(claims.get(s) ?? []), r]);
    }
    for (const [s, claimants] of claims) {
      if (claimants.length < 2) continue;
      for (const r of claimants) {
        addReason(r.row, {
          key: "roster.reason.spouseConflict",
          params: { value: s },
        });
      }
      changed = true;
    }
  }
  // Rows whose spouse row is bad keep their link request only when the spouse is in the
  // database; the loop above already dropped the others.
  const valid = rows.filter((r) => !reasons.has(r.row));
  const spouse = new Map<string, string | null>(
    accounts.map((a) => [a.employee_no, a.spouse_employee_no]),
  );
  for (const r of valid) {
    spouse.set(r.values.employeeNo, spouse.get(r.values.employeeNo) ?? null);
  }
  const unlink = (no: string | null | undefined, from: string) => {
    if (no && spouse.get(no) === from) spouse.set(no, null);
  };
  for (const r of valid) {
    const a = r.values.employeeNo;
    const s = r.values.spouse || null;
    const old = spouse.get(a) ?? null;
    if (old !== s) unlink(old, a);
    spouse.set(a, s);
    if (s) {
      const oldOfS = spouse.get(s) ?? null;
      if (oldOfS !== a) unlink(oldOfS, s);
      spouse.set(s, a);
    }
  }
  const plan: RosterPlan = {
    created: [],
    updated: [],
    linked: [],
    unchanged: 0,
    bad: rows.filter((r) => reasons.has(r.row)).map((r) => ({
      row: r.row,
      values: r.values,
      reasons: reasons.get(r.row)!,
    })),
  };
  const inFile = new Set(valid.map((r) => r.values.employeeNo));
  for (const r of valid) {
    const v = r.values;
    const existing = byNo.get(v.employeeNo);
    const after: HrRecord = {
      login: v.login.toLowerCase(),
      name: v.name,
      employeeNo: v.employeeNo,
      department: v.department,
      joinDate: rosterDate(v.joinDate)!,
      spouse: spouse.get(v.employeeNo) ?? null,
      email: v.email ||
        existing?.email ||
        `${v.login.toLowerCase()}@${options.emailDomain}`,
    };
    if (!existing) {
      plan.created.push({ row: r.row, after });
      continue;
    }
    const before = recordOf(existing);
    const fields = (Object.keys(after) as (keyof HrRecord)[]).filter((k) =>
      before[k] !== after[k]
    );
    if (fields.length) {
      plan.updated.push({
        row: r.row,
        id: Number(existing.id),
        before,
        after,
        fields,
      });
    } else plan.unchanged++;
  }
  for (const a of accounts) {
    if (inFile.has(a.employee_no)) continue;
    const now = spouse.get(a.employee_no) ?? null;
    if (now !== a.spouse_employee_no) {
      const before = recordOf(a);
      plan.linked.push({
        id: Number(a.id),
        before,
        after: { ...before, spouse: now },
      });
    }
  }
  return plan;
}

/**
 * The company mail domain, taken from the importing admin's own address: account ids are the
 * local part of the company e-mail.
 *
 * @example
 * ```ts
 * import { emailDomainOf } from "@/domain/roster.ts";
 * emailDomainOf("admin@kic.example"); // "kic.example"
 * ```
 */
export function emailDomainOf(email: string): string {
  return email.split("@")[1] || "localhost";
}

/** A preview waiting to be applied. */
export interface RosterPreview extends StoredPreview {
  /** The uploaded file's name. */
  fileName: string;
  /** The rows read from the file. */
  rows: RosterRow[];
  /** The digest of the plan the admin saw. */
  digest: string;
}

/** The digest of a plan: what applying changes (the same plan gives the same digest). */
export async function planDigest(plan: RosterPlan): Promise<string> {
  return await sha256Hex(JSON.stringify([
    plan.created,
    plan.updated,
    plan.linked,
    plan.bad.map((b) => b.row),
  ]));
}

const PREVIEWS = {
  prefix: "roster:preview:",
  ttlMs: ROSTER_LIMITS.previewTtlMs,
};

/**
 * Keeps a preview in the cache for {@link ROSTER_LIMITS.previewTtlMs}, shared by every replica.
 *
 * @example
 * ```ts
 * const id = await savePreview(cache, { adminId, fileName, rows, digest: await planDigest(plan) });
 * ```
 */
export function savePreview(
  cache: Cache,
  preview: Omit<RosterPreview, "id">,
): Promise<string> {
  return saveImportPreview<RosterPreview>(cache, PREVIEWS, preview);
}

/**
 * The preview with this id if the same admin made it and it has not expired, else null.
 *
 * @example
 * ```ts
 * const preview = await loadPreview(cache, form.preview, admin.id);
 * ```
 */
export function loadPreview(
  cache: Cache,
  id: string | undefined,
  adminId: number,
): Promise<RosterPreview | null> {
  return loadImportPreview<RosterPreview>(cache, PREVIEWS, { id, adminId });
}

/** Options of {@link applyRoster}. */
export interface ApplyRosterOptions {
  /** The preview to apply. */
  preview: RosterPreview;
  /** The admin applying it. */
  actorId: number;
  /** The time (the app clock). */
  now: Date;
  /** The public origin for the set-password links. */
  origin: string;
  /** The company mail domain for new employees without an e-mail cell. */
  emailDomain: string;
}

/** What applying did. */
export type ApplyRosterOutcome =
  | { ok: true; importId: string; created: number; updated: number }
  | { ok: false; reason: "stale" };

/**
 * Applies a preview in one transaction: re-plans against the locked accounts (refusing when the
 * outcome differs from the preview), creates and updates the accounts, sets spouse links both
 * ways, writes one `roster.import` audit row per account with the shared import id, and puts a
 * set-password mail in the outbox for each new employee. Then drops the preview.
 *
 * @example
 * ```ts
 * const outcome = await applyRoster(db, cache, { preview, actorId, now, origin, emailDomain });
 * ```
 */
export async function applyRoster(
  db: Db,
  cache: Cache,
  options: ApplyRosterOptions,
): Promise<ApplyRosterOutcome> {
  const importId = crypto.randomUUID();
  const outcome = await db.transaction(async (tx) => {
    await tx.sql`lock table accounts in share row exclusive mode`;
    const plan = await planRoster(tx, options.preview.rows, {
      emailDomain: options.emailDomain,
    });
    if (await planDigest(plan) !== options.preview.digest) {
      return { ok: false, reason: "stale" } as const;
    }
    // The join date and the spouse link weigh a family's entrants: refused while frozen.
    await assertHrOpenForEntrants(tx, [
      ...plan.updated.filter((u) =>
        u.before.joinDate !== u.after.joinDate ||
        u.before.spouse !== u.after.spouse
      ).map((u) => u.id),
      ...plan.linked.map((l) => l.id),
    ]);
    const audit = (
      id: number,
      before: HrRecord | null,
      after: HrRecord,
    ) =>
      recordAudit(tx, {
        actorId: options.actorId,
        action: "roster.import",
        objectType: "account",
        objectId: id,
        before,
        after: { ...after, importId },
      });
    // Accounts first without spouse links (a link may name a new account), then the links.
    const ids = new Map<string, number>();
    for (const { after } of plan.created) {
      const [{ id }] = await tx.sql<{ id: number }>`
        insert into accounts (login, email, name_ko, employee_no, department, join_date)
        values (${after.login}, ${after.email}, ${after.name}, ${after.employeeNo},
          ${after.department}, ${after.joinDate}::date)
        returning id`;
      ids.set(after.employeeNo, Number(id));
    }
    for (const { id, after } of plan.updated) {
      await tx.sql`
        update accounts set login = ${after.login}, email = ${after.email},
          name_ko = ${after.name}, department = ${after.department},
          join_date = ${after.joinDate}::date
        where id = ${id}`;
    }
    const links = [
      ...plan.created.map((c) =>
        [ids.get(c.after.employeeNo)!, c.after] as const
      ),
      ...plan.updated.map((u) => [u.id, u.after] as const),
      ...plan.linked.map((l) => [l.id, l.after] as const),
    ];
    for (const [id, after] of links) {
      await tx.sql`
        update accounts set spouse_employee_no = ${after.spouse} where id = ${id}`;
    }
    for (const { after } of plan.created) {
      const id = ids.get(after.employeeNo)!;
      await audit(id, null, after);
      await issuePasswordSetup(tx, {
        accountId: id,
        now: options.now,
        origin: options.origin,
      });
    }
    const facts = (r: HrRecord) => ({
      joinDate: r.joinDate,
      spouseEmployeeNo: r.spouse,
    });
    for (const change of [...plan.updated, ...plan.linked]) {
      await audit(change.id, change.before, change.after);
      await flagHrChange(tx, {
        accountId: change.id,
        before: facts(change.before),
        after: facts(change.after),
        now: options.now,
      });
    }
    return {
      ok: true,
      importId,
      created: plan.created.length,
      updated: plan.updated.length + plan.linked.length,
    } as const;
  });
  if (outcome.ok) {
    await dropImportPreview(cache, PREVIEWS, options.preview.id);
  }
  return outcome;
}

/**
 * A sample roster (UTF-8 with BOM, so Excel opens the Korean right).
 *
 * @example
 * ```ts
 * new Response(sampleRoster(), { headers: { "content-type": "text/csv; charset=utf-8" } });
 * ```
 */
export function sampleRoster(): string {
  return sampleCsv(ROSTER_COLUMNS, [
    "kim.hana,김하나,E1001,인사팀,2019-03-04,E1002,",
    "lee.minho,이민호,E1002,개발팀,2020-07-01,E1001,",
    "park.sora,박소라,E1003,재무팀,2021-01-18,,sora.park@kic.example",
  ]);
}
