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
import type { Db } from "./db_interface.ts";

export type { Db } from "./db_interface.ts";
export { DbTimeoutError } from "./db_interface.ts";

/**
 * Opens the database the config names: postgres.js for `DATABASE_URL`, else PGlite in
 * `${KIC_DATA_DIR}/pglite` (guarded by a lock file, so a second process fails clearly).
 * Does not run migrations; see `migrate()`.
 */
export async function openDb(config: Config): Promise<Db> {
  if (config.database.kind === "postgres") {
    const { openPostgresDb } = await import("./db_postgres.ts");
    return openPostgresDb(config.database.url, {
      connectTimeoutMs: config.database.connectTimeoutMs,
      statementTimeoutMs: config.database.statementTimeoutMs,
    });
  }
  const { openPgliteDb } = await import("./db_pglite.ts");
  return openPgliteDb(config.database.dir);
}
