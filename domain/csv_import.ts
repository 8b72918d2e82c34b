/**
 * What every CSV import of the admin side shares (the HR roster, enrolment records): decoding
 * (UTF-8 with or without BOM, else CP949/EUC-KR as Korean Excel saves it), reading a table whose
 * header names its columns in English or Korean, the date cells Excel writes, and the preview
 * kept in the cache until the admin applies it.
 *
 * @module
 */
import { parse } from "csv-parse/sync";
import { Buffer } from "node:buffer";
import iconv from "iconv-lite";
import type { MessageKey } from "@/i18n/mod.ts";
import type { Cache } from "@/services/cache.ts";
import { randomId } from "@/services/encoding.ts";
import { hasControlCharacters } from "@/utils/form.ts";

/** The limits of one import (the same for every kind). */
export const CSV_IMPORT_LIMITS = {
  /** The largest file. */
  maxBytes: 2 * 1024 * 1024,
  /** The most data rows. */
  maxRows: 5000,
  /** How long a preview waits to be applied. */
  previewTtlMs: 30 * 60_000,
};

/**
 * Decodes a CSV file: UTF-8 (a BOM is dropped), else CP949 (a superset of EUC-KR), which is
 * what Korean Excel writes for "CSV (Comma delimited)".
 *
 * @example
 * ```ts
 * import iconv from "iconv-lite";
 * import { decodeCsv } from "@/domain/csv_import.ts";
 * decodeCsv(new Uint8Array(iconv.encode("이름\n김하나\n", "cp949"))); // "이름\n김하나\n"
 * ```
 */
export function decodeCsv(bytes: Uint8Array): string {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  if (bom) return new TextDecoder().decode(bytes.subarray(3));
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return iconv.decode(Buffer.from(bytes), "cp949");
  }
}

/** One column of an import: its field, English header, Korean header, and whether required. */
export interface CsvColumn<F extends string> {
  field: F;
  header: string;
  headerKo: string;
  required: boolean;
}

/** One data row as read from the file (`row` is its line in a spreadsheet: header = 1). */
export interface CsvRow<F extends string> {
  /** The spreadsheet row number. */
  row: number;
  /** The trimmed cell of each known column ("" when empty or absent). */
  values: Record<F, string>;
}

/**
 * The message prefix of an import: its messages are `<prefix>.error.*` (the file) and
 * `<prefix>.reason.*` (a row).
 */
export type CsvMessages = "roster" | "enrolImport";

/** A message: why a file cannot be read, or why a row is bad. */
export interface CsvMessage {
  /** The message id. */
  key: MessageKey;
  /** Its parameters (a `field` parameter is itself a message id). */
  params?: Record<string, string | number>;
}

/** Options of {@link readCsvTable}. */
export interface CsvTableOptions<F extends string> {
  /** The import's message prefix. */
  messages: CsvMessages;
  /** The columns the header may name. */
  columns: readonly CsvColumn<F>[];
  /** The largest file. */
  maxBytes: number;
  /** The most data rows. */
  maxRows: number;
}

const headerKey = (h: string) => h.trim().toLowerCase().replace(/[\s_-]/g, "");

/**
 * Reads a CSV file into rows: the header names the columns (English or Korean, any order,
 * unknown columns ignored), blank lines are skipped but still counted in the row numbers.
 *
 * @example
 * ```ts
 * import { readCsvTable } from "@/domain/csv_import.ts";
 * const columns = [{ field: "name", header: "name", headerKo: "이름", required: true }] as const;
 * const read = readCsvTable(new TextEncoder().encode("이름\n김하나\n"),
 *   { columns, maxBytes: 1e6, maxRows: 10 });
 * // read.ok && read.rows[0] → { row: 2, values: { name: "김하나" } }
 * ```
 */
export function readCsvTable<F extends string>(
  bytes: Uint8Array,
  options: CsvTableOptions<F>,
): { ok: true; rows: CsvRow<F>[] } | { ok: false; problem: CsvMessage } {
  const m = options.messages;
  const fail = (
    code: "empty" | "notCsv" | "tooLarge" | "tooManyRows" | "header",
    params?: Record<string, string | number>,
  ) => ({
    ok: false as const,
    problem: { key: `${m}.error.${code}` as const, params },
  });
  if (bytes.length === 0) return fail("empty");
  if (bytes.length > options.maxBytes) return fail("tooLarge");
  let records: string[][];
  try {
    records = parse(decodeCsv(bytes), {
      relax_column_count: true,
      // Blank lines stay records (dropped below), so the numbering keeps counting them.
      skip_empty_lines: false,
      bom: true,
    }) as string[][];
  } catch {
    return fail("notCsv");
  }
  if (records.length === 0 || records[0].every((cell) => cell.trim() === "")) {
    return fail("empty");
  }
  const header = records[0].map(headerKey);
  const index = new Map<F, number>();
  for (const col of options.columns) {
    const at = header.findIndex((h) =>
      h === headerKey(col.header) || h === headerKey(col.headerKo)
    );
    if (at >= 0) index.set(col.field, at);
  }
  const missing = options.columns.filter((c) =>
    c.required && !index.has(c.field)
  );
  if (missing.length) {
    return fail("header", { columns: missing.map((c) => c.header).join(", ") });
  }
  if (records.length - 1 > options.maxRows) {
    return fail("tooManyRows", { max: options.maxRows });
  }
  // Record i (0 = the header) is spreadsheet row i + 1, as Excel numbers it (blank rows
  // included); only a cell with a line break inside makes a record span two lines.
  const rows = records.slice(1).map((cells, i) => {
    const values = {} as Record<F, string>;
    for (const col of options.columns) {
      const at = index.get(col.field);
      values[col.field] = at === undefined ? "" : (cells[at] ?? "").trim();
    }
    return { row: i + 2, values };
  }).filter((r) => Object.values(r.values).some((v) => v !== ""));
  return { ok: true, rows };
}

/** Options of {@link cellReasons}. */
export interface CellRules<F extends string> {
  /** The import's message prefix. */
  messages: CsvMessages;
  /** The columns (which are required). */
  columns: readonly CsvColumn<F>[];
  /** The message id naming each field. */
  labels: Record<F, MessageKey>;
  /** The longest value of each field. */
  maxLength: Record<F, number>;
}

/**
 * The checks every cell of a row gets alone: a required one is there, has no control
 * character, and is not too long (`<prefix>.reason.missing` / `.control` / `.tooLong`, with
 * the field's label key as `field`).
 *
 * @example
 * ```ts
 * import { cellReasons } from "@/domain/csv_import.ts";
 * // cellReasons({ name: "" }, { messages: "roster", columns, labels, maxLength })
 * // → [{ key: "roster.reason.missing", params: { field: "roster.field.name" } }]
 * ```
 */
export function cellReasons<F extends string>(
  values: Record<F, string>,
  rules: CellRules<F>,
): CsvMessage[] {
  const reasons: CsvMessage[] = [];
  const m = rules.messages;
  for (const col of rules.columns) {
    const v = values[col.field];
    const params = { field: rules.labels[col.field] };
    if (col.required && v === "") {
      reasons.push({ key: `${m}.reason.missing`, params });
    } else if (hasControlCharacters(v)) {
      reasons.push({ key: `${m}.reason.control`, params });
    } else if (v.length > rules.maxLength[col.field]) {
      reasons.push({ key: `${m}.reason.tooLong`, params });
    }
  }
  return reasons;
}

/**
 * A date cell as YYYY-MM-DD (also 2021.3.2, 2021/03/02, "2021. 3. 2." as Excel writes them),
 * or null.
 *
 * @example
 * ```ts
 * import { csvDate } from "@/domain/csv_import.ts";
 * csvDate("2021. 3. 2."); // "2021-03-02"
 * csvDate("2021-02-30"); // null
 * ```
 */
export function csvDate(value: string): string | null {
  const m = /^(\d{4})\s*[-./]\s*(\d{1,2})\s*[-./]\s*(\d{1,2})\.?$/.exec(value);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (
    y < 1950 || y > 2100 || date.getUTCMonth() !== mo - 1 ||
    date.getUTCDate() !== d
  ) return null;
  return `${m[1]}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/**
 * A sample file: the English header, then `rows`, as UTF-8 with BOM (so Excel opens the Korean
 * right) and CRLF line ends.
 *
 * @example
 * ```ts
 * import { sampleCsv } from "@/domain/csv_import.ts";
 * sampleCsv([{ field: "n", header: "name", headerKo: "이름", required: true }], ["김하나"]);
 * // "\ufeffname\r\n김하나\r\n"
 * ```
 */
export function sampleCsv<F extends string>(
  columns: readonly CsvColumn<F>[],
  rows: string[],
): string {
  const header = columns.map((c) => c.header).join(",");
  return "\ufeff" + [header, ...rows].join("\r\n") + "\r\n";
}

/** What every stored preview carries: its id and the admin who made it. */
export interface StoredPreview {
  /** The preview's id (the apply form sends it back). */
  id: string;
  /** The admin who uploaded it (only they may apply it). */
  adminId: number;
}

/** Options of {@link saveImportPreview} and {@link loadImportPreview}. */
export interface PreviewStore {
  /** The cache key prefix of this kind of import (`roster:preview:`). */
  prefix: string;
  /** How long a preview waits to be applied. */
  ttlMs: number;
}

/**
 * Keeps a preview in the cache (shared by every replica) under a new random id.
 *
 * @example
 * ```ts
 * const id = await saveImportPreview(cache, { prefix: "x:", ttlMs: 60_000 }, { adminId, rows });
 * ```
 */
export async function saveImportPreview<T extends StoredPreview>(
  cache: Cache,
  store: PreviewStore,
  preview: Omit<T, "id">,
): Promise<string> {
  const id = randomId(16);
  await cache.set(
    store.prefix + id,
    JSON.stringify({ ...preview, id }),
    store.ttlMs,
  );
  return id;
}

/**
 * The preview with this id if the same admin made it and it has not expired, else null.
 *
 * @example
 * ```ts
 * const preview = await loadImportPreview(cache, store, form.preview, admin.id);
 * ```
 */
export async function loadImportPreview<T extends StoredPreview>(
  cache: Cache,
  store: PreviewStore,
  options: { id: string | undefined; adminId: number },
): Promise<T | null> {
  const { id } = options;
  if (!id || !/^[A-Za-z0-9_-]{22}$/.test(id)) return null;
  const raw = await cache.get(store.prefix + id);
  if (!raw) return null;
  const preview = JSON.parse(raw) as T;
  return preview.adminId === options.adminId ? preview : null;
}

/**
 * Forgets a preview (once applied).
 *
 * @example
 * ```ts
 * await dropImportPreview(cache, store, preview.id);
 * ```
 */
export async function dropImportPreview(
  cache: Cache,
  store: PreviewStore,
  id: string,
): Promise<void> {
  await cache.del(store.prefix + id);
}
