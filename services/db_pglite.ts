/**
 * `Db` over PGlite (Postgres compiled to WASM) in a data folder, one process per folder.
 *
 * @module
 */
import { PGlite, type Transaction, types } from "@electric-sql/pglite";
import type { Db } from "./db_interface.ts";
import { BaseDb } from "./db_base.ts";
import * as values from "./db_values.ts";
import { lockFolder } from "./folder_lock.ts";

/** Parsers that make PGlite return the values documented in `db.ts`. */
const PARSERS = {
  [types.INT8]: values.parseInt8,
  [types.DATE]: (x: string) => x,
  [types.TIMESTAMP]: values.parseTimestampUtc,
};

/** Serialisers that match postgres.js's for the same parameter types. */
const SERIALIZERS = {
  [types.INT8]: values.serializeInt8,
  [types.DATE]: values.serializeDate,
  [values.OID.json]: values.serializeJson,
  [values.OID.jsonb]: values.serializeJson,
  [values.OID.bytea]: values.serializeByteaHex,
};

/**
 * Opens (creating on first use) the PGlite database in `dir`, after taking `${dir}/.kic.lock`.
 *
 * @throws Error when another live process holds the folder
 */
export async function openPgliteDb(dir: string): Promise<Db> {
  const unlock = await lockFolder(dir);
  try {
    const pg = await PGlite.create(dir, {
      parsers: PARSERS,
      serializers: SERIALIZERS,
    });
    // UTC whatever the database's default TimeZone, like the postgres.js connections.
    try {
      await pg.exec("SET TIME ZONE 'UTC'");
    } catch (error) {
      await pg.close().catch(() => {});
      throw error;
    }
    return new PgliteDb(pg, null, 0, unlock);
  } catch (error) {
    await unlock();
    throw new Error(
      `Cannot open the PGlite database in ${dir}: ${
        (error as Error).message
      }. ` +
        "If the folder is damaged, move it away (it is recreated empty), or set DATABASE_URL.",
      { cause: error },
    );
  }
}

class PgliteDb extends BaseDb {
  readonly kind = "pglite" as const;
  #pg: PGlite;
  #tx: Transaction | null;
  #depth: number;
  #unlock: (() => Promise<void>) | null;

  constructor(
    pg: PGlite,
    tx: Transaction | null,
    depth: number,
    unlock: (() => Promise<void>) | null,
  ) {
    super();
    this.#pg = pg;
    this.#tx = tx;
    this.#depth = depth;
    this.#unlock = unlock;
  }

  protected async query<T>(text: string, params: unknown[]): Promise<T[]> {
    const result = await (this.#tx ?? this.#pg).query<T>(text, params);
    return result.rows;
  }

  async transaction<R>(fn: (tx: Db) => Promise<R>): Promise<R> {
    const tx = this.#tx;
    if (tx) {
      const name = `kic_sp_${this.#depth + 1}`;
      await tx.exec(`SAVEPOINT ${name}`);
      try {
        const result = await fn(
          new PgliteDb(this.#pg, tx, this.#depth + 1, null),
        );
        await tx.exec(`RELEASE SAVEPOINT ${name}`);
        return result;
      } catch (error) {
        await tx.exec(`ROLLBACK TO SAVEPOINT ${name}`);
        throw error;
      }
    }
    return await this.#pg.transaction((t) =>
      fn(new PgliteDb(this.#pg, t, 0, null))
    );
  }

  async exec(text: string): Promise<void> {
    await (this.#tx ?? this.#pg).exec(text);
  }

  protected get inTransaction(): boolean {
    return this.#tx !== null;
  }

  protected listenChecked(
    channel: string,
    onMessage: (payload: string) => void,
  ): Promise<() => Promise<void>> {
    return this.#pg.listen(channel, onMessage);
  }

  protected async closeDriver(): Promise<void> {
    if (this.#pg.closed) return;
    try {
      await this.#pg.close();
    } finally {
      await this.#unlock?.();
    }
  }
}
