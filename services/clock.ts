/**
 * One clock for every time rule (windows, setting locks, beacon checks, expiries, jobs).
 *
 * In production the clock is the system time. Outside production a test may move it for every
 * process at once: the offset lives in the one-row table `clock_offset`, each clock loads it at
 * open and reloads it when a doorbell message arrives on the pub/sub channel `clock` (or on an
 * explicit {@link SharedClock.sync}). {@link setTestClockOffset} writes the row and rings the
 * doorbell; production refuses it.
 *
 * ```ts
 * const clock = await openClock(services); // services: { db, cache, config }
 * clock.now(); // a Date, synchronous
 * await setTestClockOffset(services, 3_600_000); // every process is one hour ahead
 * await clock.close();
 * ```
 *
 * @module
 */
import type { Cache } from "./cache.ts";
import type { Config } from "./config.ts";
import type { Db } from "./db.ts";

/** The current time, read synchronously. */
export interface Clock {
  /** The current time. */
  now(): Date;
}

/** The system time, without any offset. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock that follows the shared test offset (see the module documentation). */
export interface SharedClock extends Clock {
  /** The offset (ms) added to the system time; always 0 in production. */
  readonly offsetMs: number;
  /** Reloads the offset from the database now (a no-op in production). */
  sync(): Promise<void>;
  /** Stops listening for the doorbell. */
  close(): Promise<void>;
}

/** What a shared clock needs: an opened `Services` fits. */
export interface ClockDeps {
  /** Where the offset is kept. */
  db: Db;
  /** Carries the `clock` doorbell to every process. */
  cache: Cache;
  /** Only `mode` is read: production ignores (and refuses to set) the offset. */
  config: Pick<Config, "mode">;
}

/** The pub/sub channel whose messages make every clock reload its offset. */
export const CLOCK_CHANNEL = "clock";

/**
 * Opens the clock: in production the system time; otherwise the system time plus the shared
 * offset, loaded now and reloaded on each `clock` doorbell.
 */
export async function openClock(deps: ClockDeps): Promise<SharedClock> {
  if (deps.config.mode === "production") {
    return {
      offsetMs: 0,
      now: () => new Date(),
      sync: () => Promise.resolve(),
      close: () => Promise.resolve(),
    };
  }
  let offsetMs = 0;
  // Loads are serialised so an older read never overwrites a newer one.
  let loading: Promise<void> = Promise.resolve();
  const sync = () => {
    loading = loading.catch(() => {}).then(async () => {
      offsetMs = await readTestClockOffset(deps.db);
    });
    return loading;
  };
  const unsubscribe = await deps.cache.subscribe(CLOCK_CHANNEL, () => {
    sync().catch((error) =>
      console.error(
        JSON.stringify({
          level: "error",
          msg: "clock offset reload failed",
          error: String(error),
        }),
      )
    );
  });
  try {
    await sync();
  } catch (error) {
    await unsubscribe();
    throw error;
  }
  let closed: Promise<void> | null = null;
  return {
    get offsetMs() {
      return offsetMs;
    },
    now: () => new Date(Date.now() + offsetMs),
    sync,
    close() {
      closed ??= (async () => {
        await unsubscribe();
        await loading.catch(() => {});
      })();
      return closed;
    },
  };
}

/** The offset (ms) kept in the database; 0 when the row is missing. */
export async function readTestClockOffset(db: Db): Promise<number> {
  const rows = await db.sql<{ offset_ms: number }>`
    select offset_ms from clock_offset where id`;
  return Number(rows[0]?.offset_ms ?? 0);
}

/**
 * Sets the shared offset (ms, added to the system time) for every process using this database
 * and rings the `clock` doorbell so their clocks reload it. Clocks in other processes see it
 * within a pub/sub round trip; call `sync()` on a clock to be certain.
 *
 * @throws Error in production, where the clock is the system time and cannot be moved
 */
export async function setTestClockOffset(
  deps: ClockDeps,
  offsetMs: number,
): Promise<void> {
  if (deps.config.mode === "production") {
    throw new Error(
      "setTestClockOffset is refused in production: the production clock is the system " +
        "time, so that no setting can move deadlines, draws or expiries.",
    );
  }
  if (!Number.isSafeInteger(offsetMs)) {
    throw new RangeError(
      `Invalid clock offset ${offsetMs}: use whole milliseconds.`,
    );
  }
  await deps.db.sql`
    insert into clock_offset (id, offset_ms, updated_at) values (true, ${offsetMs}, now())
    on conflict (id) do update set offset_ms = excluded.offset_ms, updated_at = now()`;
  await deps.cache.publish(CLOCK_CHANNEL, String(offsetMs));
}
