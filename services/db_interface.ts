/**
 * The `Db` interface, which `db_postgres.ts` and `db_pglite.ts` implement. The values it
 * returns for each SQL type are listed in `db.ts`, which opens one of them.
 *
 * @module
 */

/**
 * The database did not answer in time: no connection within the connect timeout, or a
 * statement past the statement timeout (on the server, or on the client when the server
 * stops answering altogether). The web layer answers 503.
 */
export class DbTimeoutError extends Error {
  /** Which limit was hit. */
  readonly limit: "connect" | "statement";

  /** An error that says which limit was hit, and how long it was. */
  constructor(message: string, options: DbTimeoutErrorOptions) {
    super(message, options);
    this.name = "DbTimeoutError";
    this.limit = options.limit;
  }
}

/** Options for {@link DbTimeoutError}. */
export interface DbTimeoutErrorOptions extends ErrorOptions {
  /** Which limit was hit. */
  limit: "connect" | "statement";
}

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
