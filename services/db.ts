/**
 * The database interface, with two implementations: PostgreSQL through postgres.js
 * (`DATABASE_URL`) and PGlite, an embedded Postgres in a data folder.
 *
 * Both return the same JavaScript values for the same SQL:
 *
 * | SQL type | JS value |
 * |---|---|
 * | int2, int4, float4, float8 | `number` |
 * | int8 / bigint / bigserial, `count(*)` | `number` when it is a safe integer (within ±(2^53−1)), otherwise the decimal `string` (never silently rounded) |
 * | numeric | `string` (exact decimal text) |
 * | bool | `boolean` |
 * | text, varchar, uuid | `string` |
 * | timestamptz | `Date` |
 * | timestamp (without time zone) | `Date`, read as UTC whatever the process's TZ |
 * | date | `string` `"YYYY-MM-DD"` |
 * | json, jsonb | the parsed value |
 * | bytea | `Uint8Array` (a plain one, not a Node `Buffer`) |
 * | text[], int4[], int8[], … | JS arrays of the element values above |
 * | NULL | `null` |
 * | anything else (time, interval, inet, …) | `string` as Postgres prints it |
 *
 * Parameters: every `${value}` becomes `$n`; nothing is spliced into SQL text. Supported values:
 * `string`, `number`, `boolean`, `bigint` (sent as text), `null`, `Date`, `Uint8Array`, JS arrays
 * (e.g. `WHERE id = ANY(${ids})`), and plain objects, which are sent as JSON text — write
 * `${obj}::jsonb` (or pass `JSON.stringify(obj)` yourself; a string bound to a json/jsonb
 * parameter is taken as JSON text, not re-encoded). `undefined` is rejected: use `null`.
 * Add an explicit cast (`${x}::int8[]`, `${d}::date`) where Postgres cannot infer a type.
 *
 * @module
 */
import type { Config } from "./config.ts";

/** A connection (pool) to the database, or a transaction on it. */
export interface Db {
  /** Which implementation this is. */
  readonly kind: "postgres" | "pglite";
  /**
   * Parameterised query as a tagged template: values become $1..$n, never spliced into SQL
   * text. Returns the rows as plain objects.
   */
  sql<T = Record<string, unknown>>(
    strings: TemplateStringsArray,
    ...values: unknown[]
  ): Promise<T[]>;
  /**
   * Runs fn in one transaction (BEGIN/COMMIT, ROLLBACK on throw); nested calls reuse it,
   * inside a SAVEPOINT so that a nested throw rolls back only the nested part.
   *
   * Inside fn use only `tx`: with PGlite (one connection) a query on the outer Db waits for the
   * transaction to end, so it would never finish.
   */
  transaction<R>(fn: (tx: Db) => Promise<R>): Promise<R>;
  /** Multi-statement SQL without parameters (migrations only). */
  exec(text: string): Promise<void>;
  /**
   * LISTEN on a channel (a plain identifier such as `draw_events`); resolves once listening.
   * Returns a function that stops listening.
   */
  listen(
    channel: string,
    onMessage: (payload: string) => void,
  ): Promise<() => Promise<void>>;
  /** NOTIFY a channel (`pg_notify`); inside a transaction it is delivered at COMMIT. */
  notify(channel: string, payload: string): Promise<void>;
  /** True when a trivial query succeeds. Never throws. */
  ping(): Promise<boolean>;
  /** Closes the pool (or PGlite and its folder lock). Not allowed on a transaction. */
  close(): Promise<void>;
}

/**
 * Opens the database the config names: postgres.js for `DATABASE_URL`, else PGlite in
 * `${KIC_DATA_DIR}/pglite` (guarded by a lock file, so a second process fails clearly).
 * Does not run migrations; see `migrate()`.
 */
export async function openDb(config: Config): Promise<Db> {
  if (config.database.kind === "postgres") {
    const { openPostgresDb } = await import("./db_postgres.ts");
    return openPostgresDb(config.database.url);
  }
  const { openPgliteDb } = await import("./db_pglite.ts");
  return openPgliteDb(config.database.dir);
}
