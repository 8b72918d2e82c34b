/**
 * Live round events, the domain side: what happened in a round, kept in `round_events`, and a
 * doorbell that tells every pod "round N has new events".
 *
 * Writing (domain code that changes a round):
 *
 * ```ts
 * await db.transaction(async (tx) => {
 *   // … the change itself, then in the same transaction:
 *   await appendRoundEvent(tx, { roundId, kind: "draw.done", payload: { seed } });
 * });
 * await ringRoundDoorbell(services.cache, roundId); // after the commit
 * ```
 *
 * Reading (the SSE route `/rounds/{id}/events`): one {@link RoundEventHub} per process,
 * opened with the services and closed when the pod starts draining (which ends every open
 * stream); each stream iterates {@link followRoundEvents} from its `Last-Event-ID`:
 *
 * ```ts
 * const hub = await openRoundEventHub({ db: services.db, cache: services.cache });
 * // per request:
 * for await (const event of followRoundEvents({ db, hub, roundId, afterId, signal })) {
 *   write(`id: ${event.id}\nevent: ${event.kind}\ndata: ${JSON.stringify(event.payload)}\n\n`);
 * }
 * // at drain:
 * await hub.close();
 * ```
 *
 * The doorbell carries no event: a woken reader reads the database from its last id, so a lost
 * publish only delays an update, and the hub also re-checks the database every 15 s.
 *
 * @module
 */
import type { Cache } from "@/services/cache.ts";
import type { Db } from "@/services/db.ts";
import { logJson, type LogSink } from "@/services/log.ts";

/** One stored round event. */
export interface RoundEvent {
  /** Increasing per round in commit order: the SSE event id. */
  id: number;
  /** The round it belongs to. */
  roundId: number;
  /** What happened, e.g. `"draw.done"`: the SSE event name. */
  kind: string;
  /** JSON data for the browser; never anything private. */
  payload: unknown;
  /** When it was appended (database time). */
  createdAt: Date;
}

/** A new event for {@link appendRoundEvent}. */
export interface NewRoundEvent {
  /** The round it belongs to. */
  roundId: number;
  /** What happened, e.g. `"draw.done"`. */
  kind: string;
  /** JSON-serialisable data (default `{}`). */
  payload?: unknown;
}

/** The pub/sub channel of the doorbell; a message is a round id. */
export const ROUND_EVENTS_CHANNEL = "round-events";

/** Advisory lock class that orders the appends of one round (the second key is the round id). */
export const ROUND_EVENTS_LOCK_CLASS = 4935;

/** How often a hub re-checks the database for events whose doorbell was lost. */
export const ROUND_EVENTS_RECHECK_MS = 15_000;

interface EventRow {
  id: number;
  round_id: number;
  kind: string;
  payload: unknown;
  created_at: Date;
}

function toEvent(row: EventRow): RoundEvent {
  return {
    id: Number(row.id),
    roundId: Number(row.round_id),
    kind: row.kind,
    payload: row.payload,
    createdAt: row.created_at,
  };
}

/**
 * Appends an event; call it inside the transaction that makes the change, so the event exists
 * exactly when the change does. Appends to one round are serialised until their transaction
 * ends (an advisory lock), so a round's ids grow in commit order and a reader that resumes
 * after an id never skips an event committed later with a smaller one.
 *
 * @example
 * ```ts
 * const event = await appendRoundEvent(tx, {
 *   roundId: 7,
 *   kind: "round.status",
 *   payload: { status: "frozen" },
 * });
 * ```
 */
export function appendRoundEvent(
  tx: Db,
  event: NewRoundEvent,
): Promise<RoundEvent> {
  return tx.transaction(async (t) => {
    await t.sql`select pg_advisory_xact_lock(${ROUND_EVENTS_LOCK_CLASS}::int4,
      ${event.roundId}::int4)`;
    const [row] = await t.sql<EventRow>`
      insert into round_events (round_id, kind, payload)
      values (${event.roundId}, ${event.kind}, ${event.payload ?? {}}::jsonb)
      returning id, round_id, kind, payload, created_at`;
    return toEvent(row);
  });
}

/**
 * Tells every pod that round `roundId` has new events. Call it after the commit; a lost
 * message only delays readers until the next re-check.
 *
 * @example
 * ```ts
 * await ringRoundDoorbell(services.cache, 7);
 * ```
 */
export async function ringRoundDoorbell(
  cache: Cache,
  roundId: number,
): Promise<void> {
  await cache.publish(ROUND_EVENTS_CHANNEL, String(roundId));
}

/** What {@link roundEventsSince} reads. */
export interface EventsSinceQuery {
  /** The round to read. */
  roundId: number;
  /** The last id the reader has (default 0: from the start). */
  afterId?: number;
  /** At most this many events (default 100). */
  limit?: number;
}

/**
 * The round's events after `afterId`, oldest first (a replay from `Last-Event-ID`).
 *
 * @example
 * ```ts
 * const missed = await roundEventsSince(services.db, { roundId: 7, afterId: 41 });
 * ```
 */
export async function roundEventsSince(
  db: Db,
  query: EventsSinceQuery,
): Promise<RoundEvent[]> {
  const rows = await db.sql<EventRow>`
    select id, round_id, kind, payload, created_at from round_events
    where round_id = ${query.roundId} and id > ${query.afterId ?? 0}
    order by id
    limit ${query.limit ?? 100}`;
  return rows.map(toEvent);
}

/** One doorbell subscription per process, fanned out to in-process listeners by round. */
export interface RoundEventHub {
  /** True once {@link RoundEventHub.close} was called. */
  readonly closed: boolean;
  /**
   * Calls `onWake` whenever round `roundId` may have new events (and once at close); returns
   * a function that stops listening.
   */
  listen(roundId: number, onWake: () => void): () => void;
  /** Re-checks the database for the listened rounds now (the periodic safety net). */
  recheck(): Promise<void>;
  /** Unsubscribes, stops the re-check and wakes every listener a last time. */
  close(): Promise<void>;
}

/** Options for {@link openRoundEventHub}. */
export interface RoundEventHubOptions {
  /** Read by the periodic re-check. */
  db: Db;
  /** Carries the doorbell (Redis, or the in-process bus). */
  cache: Cache;
  /** Safety-net interval in ms (default 15 s); `0` for none (tests call `recheck()`). */
  recheckMs?: number;
  /** Where failures are logged (default: JSON lines). */
  log?: LogSink;
}

/**
 * Subscribes to the doorbell and returns the process's hub.
 *
 * @example
 * ```ts
 * const hub = await openRoundEventHub({ db: services.db, cache: services.cache });
 * const stop = hub.listen(7, () => console.log("round 7 has news"));
 * stop();
 * await hub.close();
 * ```
 */
export async function openRoundEventHub(
  opts: RoundEventHubOptions,
): Promise<RoundEventHub> {
  const log = opts.log ?? logJson;
  const listeners = new Map<number, Set<() => void>>();
  /** The newest id the last re-check saw per round. */
  const lastSeen = new Map<number, number>();
  let closed = false;

  const wake = (roundId: number) => {
    for (const listener of listeners.get(roundId) ?? []) {
      try {
        listener();
      } catch (error) {
        log("error", "round event listener threw", { error: String(error) });
      }
    }
  };
  const unsubscribe = await opts.cache.subscribe(
    ROUND_EVENTS_CHANNEL,
    (message) => {
      const roundId = Number(message);
      if (Number.isSafeInteger(roundId)) wake(roundId);
    },
  );
  const recheck = async () => {
    const rounds = [...listeners.keys()];
    if (closed || rounds.length === 0) return;
    const rows = await opts.db.sql<{ round_id: number; last_id: number }>`
      select round_id, max(id) as last_id from round_events
      where round_id = any(${rounds}::int8[]) group by round_id`;
    for (const row of rows) {
      const roundId = Number(row.round_id);
      const lastId = Number(row.last_id);
      if (lastId !== lastSeen.get(roundId)) {
        lastSeen.set(roundId, lastId);
        wake(roundId);
      }
    }
  };
  const recheckMs = opts.recheckMs ?? ROUND_EVENTS_RECHECK_MS;
  let checking: Promise<void> | null = null;
  const timer = recheckMs > 0
    ? setInterval(() => {
      checking ??= recheck()
        .catch((error) =>
          log("warn", "round events re-check failed", { error: String(error) })
        )
        .finally(() => checking = null);
    }, recheckMs)
    : undefined;
  let closing: Promise<void> | null = null;

  return {
    get closed() {
      return closed;
    },
    listen(roundId, onWake) {
      if (closed) throw new Error("The round event hub is closed.");
      let set = listeners.get(roundId);
      if (!set) listeners.set(roundId, set = new Set());
      const listener = () => onWake();
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0 && listeners.get(roundId) === set) {
          listeners.delete(roundId);
          lastSeen.delete(roundId);
        }
      };
    },
    recheck,
    close() {
      closing ??= (async () => {
        closed = true;
        clearInterval(timer);
        for (const roundId of [...listeners.keys()]) wake(roundId);
        listeners.clear();
        await unsubscribe();
        await checking;
      })();
      return closing;
    },
  };
}

/** Options for {@link followRoundEvents}. */
export interface FollowOptions {
  /** Where the events are read. */
  db: Db;
  /** The process's hub, which wakes the iteration. */
  hub: RoundEventHub;
  /** The round to follow. */
  roundId: number;
  /** Resume after this id (`Last-Event-ID`; default 0: from the start). */
  afterId?: number;
  /** Ends the iteration (the client went away). */
  signal?: AbortSignal;
  /** Events read per query (default 100). */
  batch?: number;
}

/**
 * The round's events after `afterId`, then each new one as it is committed, until `signal`
 * aborts or the hub closes (the iteration then simply ends).
 *
 * @example
 * ```ts
 * for await (const event of followRoundEvents({ db, hub, roundId: 7, afterId: 41, signal })) {
 *   send(event);
 * }
 * ```
 */
export async function* followRoundEvents(
  opts: FollowOptions,
): AsyncGenerator<RoundEvent, void, undefined> {
  const { db, hub, roundId, signal } = opts;
  const batch = opts.batch ?? 100;
  let afterId = opts.afterId ?? 0;
  let woken = true;
  let resume: (() => void) | null = null;
  const onWake = () => {
    woken = true;
    resume?.();
  };
  if (hub.closed) return;
  const stop = hub.listen(roundId, onWake);
  signal?.addEventListener("abort", onWake);
  try {
    while (!signal?.aborted && !hub.closed) {
      if (!woken) {
        await new Promise<void>((resolve) => resume = resolve);
        resume = null;
        continue;
      }
      woken = false;
      const events = await roundEventsSince(db, {
        roundId,
        afterId,
        limit: batch,
      });
      for (const event of events) {
        afterId = event.id;
        yield event;
      }
      if (events.length === batch) woken = true;
    }
  } finally {
    stop();
    signal?.removeEventListener("abort", onWake);
  }
}
