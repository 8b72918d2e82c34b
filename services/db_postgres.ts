/**
 * `Db` over a PostgreSQL server with postgres.js.
 *
 * @module
 */
import postgres from "postgres";
import type { Db } from "./db_interface.ts";
import { BaseDb } from "./db_base.ts";
import {
  OID,
  parseByteaHex,
  parseInt8,
  parseTimestampUtc,
  serializeByteaHex,
  serializeDate,
  serializeInt8,
  serializeJson,
} from "./db_values.ts";

/** Options for {@link openPostgresDb}. */
export interface PostgresDbOptions {
  /** Pool size (default 10). */
  max?: number;
}

/** Type handlers that make postgres.js return the values documented in `db.ts`. */
const TYPES = {
  kicInt8: {
    to: OID.int8,
    from: [OID.int8],
    serialize: serializeInt8,
    parse: parseInt8,
  },
  kicDate: {
    to: OID.date,
    from: [OID.date],
    serialize: serializeDate,
    parse: (x: string) => x,
  },
  kicTimestamp: {
    to: OID.timestamp,
    from: [OID.timestamp],
    serialize: (
      x: unknown,
    ) => (x instanceof Date ? x.toISOString() : String(x)),
    parse: parseTimestampUtc,
  },
  kicJson: {
    to: OID.jsonb,
    from: [OID.json, OID.jsonb],
    serialize: serializeJson,
    parse: (x: string) => JSON.parse(x),
  },
  kicBytea: {
    to: OID.bytea,
    from: [OID.bytea],
    serialize: serializeByteaHex,
    parse: parseByteaHex,
  },
};

/**
 * Connects to PostgreSQL and checks the connection with one query.
 *
 * @throws Error with the URL's host when the server cannot be reached
 */
export async function openPostgresDb(
  url: string,
  options: PostgresDbOptions = {},
): Promise<Db> {
  const sql = connect(url, options.max ?? 10);
  try {
    await sql`select 1`;
  } catch (error) {
    await sql.end({ timeout: 1 }).catch(() => {});
    const where = new URL(url);
    throw new Error(
      `Cannot connect to PostgreSQL at ${where.host}${where.pathname} (DATABASE_URL): ${
        (error as Error).message
      }. Check that the server runs and the URL is right, or unset DATABASE_URL outside production to use PGlite.`,
      { cause: error },
    );
  }
  return new PostgresDb(sql, null);
}

function connect(url: string, max: number) {
  return postgres(url, {
    max,
    onnotice: () => {},
    types: TYPES,
    // UTC whatever the server's or database's TimeZone: postgres.js sends every JS Date as
    // timestamptz, so a Date bound to a `date` column is cast in the session time zone.
    connection: { TimeZone: "UTC", application_name: "kic" },
  });
}

type PgSql = ReturnType<typeof connect>;
type Tx = postgres.TransactionSql<
  PgSql extends postgres.Sql<infer T> ? T : never
>;

class PostgresDb extends BaseDb {
  readonly kind = "postgres" as const;
  #root: PgSql;
  #tx: Tx | null;

  constructor(root: PgSql, tx: Tx | null) {
    super();
    this.#root = root;
    this.#tx = tx;
  }

  protected async query<T>(text: string, params: unknown[]): Promise<T[]> {
    const target = this.#tx ?? this.#root;
    // deno-lint-ignore no-explicit-any
    const rows = await target.unsafe(text, params as any[]);
    return Array.from(rows) as T[];
  }

  async transaction<R>(fn: (tx: Db) => Promise<R>): Promise<R> {
    if (this.#tx) {
      const result = await this.#tx.savepoint((sp) =>
        fn(new PostgresDb(this.#root, sp))
      );
      return result as R;
    }
    const result = await this.#root.begin((tx) =>
      fn(new PostgresDb(this.#root, tx))
    );
    return result as R;
  }

  async exec(text: string): Promise<void> {
    await (this.#tx ?? this.#root).unsafe(text);
  }

  protected get inTransaction(): boolean {
    return this.#tx !== null;
  }

  protected async listenChecked(
    channel: string,
    onMessage: (payload: string) => void,
  ): Promise<() => Promise<void>> {
    const { unlisten } = await this.#root.listen(channel, onMessage);
    return unlisten;
  }

  protected async closeDriver(): Promise<void> {
    await this.#root.end({ timeout: 5 });
  }
}
