/**
 * `Db` over a PostgreSQL server with postgres.js.
 *
 * @module
 */
import postgres from "postgres";
import { type Db, DbTimeoutError } from "./db_interface.ts";
import { BaseDb } from "./db_base.ts";
import * as values from "./db_values.ts";
import { withTimeout } from "./timeout.ts";

/** Options for {@link openPostgresDb}. */
export interface PostgresDbOptions {
  /** Pool size (default 10). */
  max?: number;
  /** How long opening a connection may take, in ms (default 5000). */
  connectTimeoutMs?: number;
  /**
   * How long one statement may run, in ms (default 10000; 0 for no limit). The server
   * cancels a statement past it; the client gives up on a server that stops answering
   * after the connect timeout plus this plus 1 s. `exec()` (migrations) is not limited.
   */
  statementTimeoutMs?: number;
}

/** The limits one pool works under, and where it points (for messages). */
interface Limits {
  connectMs: number;
  statementMs: number;
  /** The client-side deadline of one call (0: none). */
  clientMs: number;
  where: string;
}

/** Type handlers that make postgres.js return the values documented in `db.ts`. */
const TYPES = {
  kicInt8: {
    to: values.OID.int8,
    from: [values.OID.int8],
    serialize: values.serializeInt8,
    parse: values.parseInt8,
  },
  kicDate: {
    to: values.OID.date,
    from: [values.OID.date],
    serialize: values.serializeDate,
    parse: (x: string) => x,
  },
  kicTimestamp: {
    to: values.OID.timestamp,
    from: [values.OID.timestamp],
    serialize: (
      x: unknown,
    ) => (x instanceof Date ? x.toISOString() : String(x)),
    parse: values.parseTimestampUtc,
  },
  kicJson: {
    to: values.OID.jsonb,
    from: [values.OID.json, values.OID.jsonb],
    serialize: values.serializeJson,
    parse: (x: string) => JSON.parse(x),
  },
  kicBytea: {
    to: values.OID.bytea,
    from: [values.OID.bytea],
    serialize: values.serializeByteaHex,
    parse: values.parseByteaHex,
  },
};

/**
 * Connects to PostgreSQL and checks the connection with one query.
 *
 * @throws DbTimeoutError when the server does not answer within the limits
 * @throws Error with the URL's host when the server cannot be reached
 */
export async function openPostgresDb(
  url: string,
  options: PostgresDbOptions = {},
): Promise<Db> {
  const where = new URL(url);
  const connectMs = options.connectTimeoutMs ?? 5000;
  const statementMs = options.statementTimeoutMs ?? 10_000;
  const limits: Limits = {
    connectMs,
    statementMs,
    clientMs: statementMs > 0 ? connectMs + statementMs + 1000 : 0,
    where: `${where.host}${where.pathname}`,
  };
  const sql = connect(url, { max: options.max ?? 10, limits });
  const db = new PostgresDb(sql, null, limits);
  try {
    await db.sql`select 1`;
  } catch (error) {
    await sql.end({ timeout: 1 }).catch(() => {});
    const message =
      `Cannot connect to PostgreSQL at ${limits.where} (DATABASE_URL): ${
        (error as Error).message
      }. Check that the server runs and the URL is right, or unset DATABASE_URL outside production to use PGlite.`;
    if (error instanceof DbTimeoutError) {
      throw new DbTimeoutError(message, { limit: error.limit, cause: error });
    }
    throw new Error(message, { cause: error });
  }
  return db;
}

function connect(url: string, options: { max: number; limits: Limits }) {
  const { connectMs, statementMs } = options.limits;
  return postgres(url, {
    max: options.max,
    onnotice: () => {},
    types: TYPES,
    // Seconds; fractions work (postgres.js multiplies by 1000 for its timer).
    connect_timeout: connectMs / 1000,
    // UTC whatever the server's or database's TimeZone: postgres.js sends every JS Date as
    // timestamptz, so a Date bound to a `date` column is cast in the session time zone.
    connection: {
      TimeZone: "UTC",
      application_name: "kic",
      statement_timeout: statementMs,
    },
  });
}

/** A driver error as the caller should see it: timeouts become {@link DbTimeoutError}. */
function timeoutOr(error: unknown, limits: Limits): unknown {
  const { code, message } = error as { code?: string; message?: string };
  if (code === "CONNECT_TIMEOUT") {
    return new DbTimeoutError(
      `No connection to PostgreSQL at ${limits.where} within ${limits.connectMs} ms (DATABASE_CONNECT_TIMEOUT_MS)`,
      { limit: "connect", cause: error },
    );
  }
  if (code === "57014" && /statement timeout/.test(message ?? "")) {
    return new DbTimeoutError(
      `A statement ran past ${limits.statementMs} ms (DATABASE_STATEMENT_TIMEOUT_MS) and was cancelled`,
      { limit: "statement", cause: error },
    );
  }
  return error;
}

type PgSql = ReturnType<typeof connect>;
type Tx = postgres.TransactionSql<
  PgSql extends postgres.Sql<infer T> ? T : never
>;

class PostgresDb extends BaseDb {
  readonly kind = "postgres" as const;
  #root: PgSql;
  #tx: Tx | null;
  #limits: Limits;

  constructor(root: PgSql, tx: Tx | null, limits: Limits) {
    super();
    this.#root = root;
    this.#tx = tx;
    this.#limits = limits;
  }

  /**
   * Runs one driver call under the client-side deadline (a server that accepted the
   * connection but stopped answering), with driver timeouts as {@link DbTimeoutError}.
   */
  async #bounded<T>(run: () => Promise<T>): Promise<T> {
    const limits = this.#limits;
    const running = run().catch((error) => {
      throw timeoutOr(error, limits);
    });
    if (limits.clientMs === 0) return await running;
    return await withTimeout(running, limits.clientMs, () => {
      throw new DbTimeoutError(
        `PostgreSQL at ${limits.where} did not answer within ${limits.clientMs} ms`,
        { limit: "statement" },
      );
    });
  }

  /**
   * A transaction or savepoint block: opening it and ending it (COMMIT, ROLLBACK) are each
   * bounded like one statement, and so is every statement `fn` runs; `fn` itself may take
   * as long as it needs.
   */
  async #block<R>(
    open: (body: (tx: Tx) => Promise<R>) => Promise<R>,
    fn: (tx: Db) => Promise<R>,
  ): Promise<R> {
    let entered!: () => void;
    let left!: () => void;
    const inside = new Promise<void>((resolve) => entered = resolve);
    const after = new Promise<void>((resolve) => left = resolve);
    const done = open(async (tx) => {
      entered();
      try {
        return await fn(new PostgresDb(this.#root, tx, this.#limits));
      } finally {
        left();
      }
    });
    await this.#bounded(() => Promise.race([inside, done]));
    await Promise.race([after, done.then(() => {}, () => {})]);
    return await this.#bounded(() => done);
  }

  protected async query<T>(text: string, params: unknown[]): Promise<T[]> {
    const target = this.#tx ?? this.#root;
    const rows = await this.#bounded(() =>
      // deno-lint-ignore no-explicit-any
      target.unsafe(text, params as any[])
    );
    return Array.from(rows) as T[];
  }

  async transaction<R>(fn: (tx: Db) => Promise<R>): Promise<R> {
    const tx = this.#tx;
    if (tx) {
      return await this.#block(
        (body) => tx.savepoint(body) as Promise<R>,
        fn,
      );
    }
    return await this.#block(
      (body) => this.#root.begin(body) as Promise<R>,
      fn,
    );
  }

  async exec(text: string): Promise<void> {
    try {
      await (this.#tx ?? this.#root).unsafe(text);
    } catch (error) {
      throw timeoutOr(error, this.#limits);
    }
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
