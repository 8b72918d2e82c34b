/**
 * What the two `Db` implementations (`db_postgres.ts`, `db_pglite.ts`) share: LISTEN/NOTIFY
 * with checked channel names, building queries from templates, ping and the close rule. Each
 * subclass supplies its driver's query, transactions, listen and close.
 *
 * @module
 */
import type { Db } from "./db_interface.ts";
import { assertChannel, buildQuery, guardListener } from "./db_values.ts";

/** The shared part of a `Db`; `db_postgres.ts` and `db_pglite.ts` extend it. */
export abstract class BaseDb implements Db {
  /** Which implementation this is. */
  abstract readonly kind: Db["kind"];

  /** See {@link Db.sql}. */
  async sql<T = Record<string, unknown>>(
    strings: TemplateStringsArray,
    ...values: unknown[]
  ): Promise<T[]> {
    const { text, params } = buildQuery(strings, values);
    return await this.query<T>(text, params);
  }

  /** Runs one parameterised statement (`$1..$n`) and returns its rows. */
  protected abstract query<T>(text: string, params: unknown[]): Promise<T[]>;

  /** See {@link Db.transaction}. */
  abstract transaction<R>(fn: (tx: Db) => Promise<R>): Promise<R>;

  /** See {@link Db.exec}. */
  abstract exec(text: string): Promise<void>;

  /** True on a transaction (which must not be closed). */
  protected abstract get inTransaction(): boolean;

  /** The driver's LISTEN on a checked channel; resolves to its unlisten function. */
  protected abstract listenChecked(
    channel: string,
    onMessage: (payload: string) => void,
  ): Promise<() => Promise<unknown>>;

  /** Closes the driver (never called on a transaction). */
  protected abstract closeDriver(): Promise<void>;

  /** See {@link Db.listen}. */
  async listen(
    channel: string,
    onMessage: (payload: string) => void,
  ): Promise<() => Promise<void>> {
    assertChannel(channel);
    const unlisten = await this.listenChecked(
      channel,
      guardListener(channel, onMessage),
    );
    return async () => {
      await unlisten();
    };
  }

  /** See {@link Db.notify}. */
  async notify(channel: string, payload: string): Promise<void> {
    assertChannel(channel);
    await this.sql`select pg_notify(${channel}, ${payload})`;
  }

  /** See {@link Db.ping}. */
  async ping(): Promise<boolean> {
    try {
      await this.sql`select 1`;
      return true;
    } catch {
      return false;
    }
  }

  /** See {@link Db.close}. */
  async close(): Promise<void> {
    if (this.inTransaction) {
      throw new Error(
        "close() called on a transaction; close the Db you opened.",
      );
    }
    await this.closeDriver();
  }
}
