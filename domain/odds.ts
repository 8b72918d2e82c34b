/**
 * The chance of winning of a round's pool (rules.md "Chance of winning", lottery/README.md
 * section 10), computed off the request path:
 *
 * - A page that needs the odds reads the round's **fingerprint** ({@link poolFingerprint}: one
 *   query hashing every input of the pool: live applications and their versions, documents and
 *   their review states, open corrections, the families' HR facts, enrolments, the classes and
 *   the deadline). The cached result counts only when it was computed from that same
 *   fingerprint: equal inputs give an equal pool, so an equal pool digest. Otherwise the page
 *   says "being computed" and queues a request ({@link requestOdds}); it never waits.
 * - One row per round in `odds_requests`: a newer request replaces the queued one.
 * - {@link runOddsRequests} claims rows (`for update skip locked` and a renewed claim, so one
 *   pod at a time per round), builds the pool with `roundPool`, and when its digest is not cached
 *   yet runs `oddsOf` off the event loop: in a child process at the lowest CPU priority
 *   (`odds_worker.ts` under `nice`), so the pod's pages keep the CPU while a simulation runs,
 *   or in a Web Worker where `nice` is missing.
 *   It stores `{poolDigest, method, odds, computedAt}` under a key per round and pool digest, then
 *   points the round's key at it with the fingerprint it was built from.
 * - Each pod has one {@link OddsDrainer}: the `odds` job (app/jobs.ts) and the pub/sub kick a
 *   request sends ({@link ODDS_CHANNEL}) both start it; it runs one computation at a time.
 *
 * @module
 */
import {
  entryDigest,
  type OddsInput,
  type OddsItem,
  type OddsResult,
} from "@/lottery/mod.ts";
import type { Cache } from "@/services/cache.ts";
import type { Clock } from "@/services/clock.ts";
import type { Db } from "@/services/db.ts";
import { logJson, type LogSink } from "@/services/log.ts";
import { poolOddsInput, roundPool } from "./pool.ts";

/** The pub/sub channel that tells every pod "a round's odds were requested" (a round id). */
export const ODDS_CHANNEL = "odds-requests";
/** How long a claim lasts unless renewed (renewed every third of it while computing). */
export const ODDS_CLAIM_MS = 10 * 60_000;
/** How long a failed computation waits before it is tried again. */
export const ODDS_RETRY_MS = 60_000;
/** How long a computed result is kept in the cache. */
export const ODDS_RESULT_TTL_MS = 3 * 24 * 60 * 60_000;

/** The odds of one pool, as cached. */
export interface CachedOdds {
  /** The pool's entry digest (it seeds the simulation). */
  poolDigest: string;
  /** `"exact"` when every class was computed exactly. */
  method: OddsResult["method"];
  /** One item per entrant and choice (entrant = `a{application}-c{child}` / `-u{unit}`). */
  odds: OddsItem[];
  /** When the computation finished (ISO). */
  computedAt: string;
  /** How long the computation took, in ms. */
  durationMs: number;
}

/** What the round's key points at: the newest result and the fingerprint it was built from. */
export interface OddsPointer {
  /** The fingerprint ({@link poolFingerprint}) the result was built from. */
  fingerprint: string;
  /** The result's pool digest (its key: {@link oddsResultKey}). */
  poolDigest: string;
}

/** The round's pool fingerprint, with the review progress. */
export interface PoolFingerprint {
  /** md5 of every input of the pool. */
  fingerprint: string;
  /** Live applications (submitted, in review or accepted): M. */
  live: number;
  /** Live applications no longer pending review: N. */
  reviewed: number;
}

/** The cache key that points at the round's newest result. */
export function oddsPointerKey(roundId: number): string {
  return `odds:${roundId}:current`;
}

/** The cache key of a round's result for one pool digest. */
export function oddsResultKey(roundId: number, poolDigest: string): string {
  return `odds:${roundId}:${poolDigest}`;
}

/**
 * The round's pool fingerprint and review progress, in one query (no weighing): what a page
 * checks on every request.
 *
 * @example
 * ```ts
 * const { fingerprint, live, reviewed } = await poolFingerprint(db, roundId);
 * ```
 */
export async function poolFingerprint(
  db: Db,
  roundId: number,
): Promise<PoolFingerprint> {
  const [row] = await db.sql<
    { fingerprint: string; live: number; reviewed: number }
  >`
    with live as (
      select id, family_key, status, version, updated_at, facts from applications
      where round_id = ${roundId} and status in ('submitted', 'accepted', 'needs_review')
    ), d as (
      select d.application_id,
        bool_or(d.kind = 'resident_register' and d.status <> 'pending') as copy_reviewed,
        bool_or(d.status = 'pending') as pending,
        string_agg(concat_ws(',', d.id, d.kind, d.status), ';' order by d.id) as line
      from documents d join live on live.id = d.application_id
      where d.deleted_at is null
      group by d.application_id
    ), o as (
      select c.application_id, string_agg(c.id::text, ',' order by c.id) as line
      from application_corrections c join live on live.id = c.application_id
      where c.done_at is null
      group by c.application_id
    ), each_app as (
      select live.id,
        live.status = 'accepted' or (o.application_id is null
          and coalesce(d.copy_reviewed, false) and not coalesce(d.pending, false)) as reviewed,
        concat_ws('|', live.id, live.family_key, live.status, live.version, live.updated_at,
          live.facts::text, d.line, o.line, me.join_date, me.employee_no,
          me.spouse_employee_no, me.disabled_at, s.id, s.join_date, s.disabled_at) as line
      from live
      join accounts me on me.id = live.family_key
      left join d on d.application_id = live.id
      left join o on o.application_id = live.id
      left join accounts s on s.employee_no = me.spouse_employee_no
        and s.spouse_employee_no = me.employee_no and s.id <> me.id
    )
    select count(*)::int as live,
      (count(*) filter (where reviewed))::int as reviewed,
      md5(concat_ws('#',
        string_agg(line, ';' order by id),
        (select string_agg(concat_ws(',', id, code, seats, kindergarten_id, settings::text), ';'
          order by id) from recruitments where round_id = ${roundId}),
        (select applications_close_at::text from rounds where id = ${roundId}),
        (select string_agg(concat_ws(',', e.kindergarten_id, e.child_id, e.since, e.until,
            c.account_id, c.deleted_at), ';' order by e.kindergarten_id, e.child_id)
          from enrolments e join children c on c.id = e.child_id))) as fingerprint
    from each_app`;
  return {
    fingerprint: row.fingerprint,
    live: Number(row.live),
    reviewed: Number(row.reviewed),
  };
}

/** How old a pod's copy of a round's fingerprint may be before it is refreshed. */
export const FINGERPRINT_FRESH_MS = 1_000;

interface KnownFingerprint {
  value: PoolFingerprint;
  at: number;
  refreshing: Promise<PoolFingerprint> | null;
}
const fingerprints = new WeakMap<Db, Map<number, KnownFingerprint>>();

/**
 * The round's fingerprint as this pod last read it, refreshed in the background once older
 * than {@link FINGERPRINT_FRESH_MS} (stale while revalidating): a page pays for
 * {@link poolFingerprint} only the first time a pod sees the round, or with `fresh`. So another
 * family's change shows on a page at most about a second late.
 *
 * @example
 * ```ts
 * const { fingerprint, live, reviewed } = await recentPoolFingerprint(db, roundId);
 * ```
 */
export async function recentPoolFingerprint(
  db: Db,
  roundId: number,
  options: { fresh?: boolean } = {},
): Promise<PoolFingerprint> {
  let byRound = fingerprints.get(db);
  if (!byRound) fingerprints.set(db, byRound = new Map());
  const known = byRound.get(roundId);
  const read = () => {
    const started = performance.now();
    const entry = byRound.get(roundId);
    const pending = poolFingerprint(db, roundId).then((value) => {
      byRound.set(roundId, { value, at: started, refreshing: null });
      return value;
    }).finally(() => {
      const now = byRound.get(roundId);
      if (now?.refreshing === pending) now.refreshing = null;
    });
    if (entry) entry.refreshing = pending;
    return pending;
  };
  if (!known || options.fresh) return await read();
  if (
    performance.now() - known.at > FINGERPRINT_FRESH_MS && !known.refreshing
  ) {
    read().catch(() => {}); // the next request tries again
  }
  return known.value;
}

const lastAsked = new WeakMap<
  Db,
  Map<number, { fingerprint: string; at: number }>
>();
/** How long a pod does not repeat the same request. */
const ASK_AGAIN_MS = 5_000;

/**
 * Queues a computation of the round's odds for the pool `fingerprint` names. A queued or
 * running request for another fingerprint is replaced (its version bumped); one for the same
 * fingerprint is left as it is. When something changed, every pod is told through
 * {@link ODDS_CHANNEL}. Returns true when a request was queued or replaced; a pod does not
 * repeat the same request within a few seconds.
 *
 * @example
 * ```ts
 * await requestOdds(db, cache, { roundId, fingerprint, now: clock.now() });
 * ```
 */
export async function requestOdds(
  db: Db,
  cache: Cache,
  options: { roundId: number; fingerprint: string; now: Date },
): Promise<boolean> {
  // Pages of one pod ask again on every view until the odds are there: skip the write when
  // this pod asked for the same pool a moment ago.
  let asked = lastAsked.get(db);
  if (!asked) lastAsked.set(db, asked = new Map());
  const last = asked.get(options.roundId);
  const at = performance.now();
  if (
    last && last.fingerprint === options.fingerprint &&
    at - last.at < ASK_AGAIN_MS
  ) return false;
  asked.set(options.roundId, { fingerprint: options.fingerprint, at });
  const rows = await db.sql<{ version: number }>`
    insert into odds_requests (round_id, fingerprint, requested_at)
    values (${options.roundId}, ${options.fingerprint}, ${options.now})
    on conflict (round_id) do update
      set fingerprint = excluded.fingerprint, requested_at = excluded.requested_at,
        version = odds_requests.version + 1
      where odds_requests.fingerprint <> excluded.fingerprint
    returning version`;
  if (rows.length === 0) return false;
  await cache.publish(ODDS_CHANNEL, String(options.roundId));
  return true;
}

/** A claimed request. */
export interface OddsClaim {
  /** The round. */
  roundId: number;
  /** The request's version when claimed. */
  version: number;
}

/**
 * Claims the oldest request that no pod holds (a claim lasts {@link ODDS_CLAIM_MS}), or null.
 * Of several pods racing, exactly one gets a given round.
 *
 * @example
 * ```ts
 * const claim = await claimOddsRequest(db, { owner: "pod-1", now: clock.now() });
 * ```
 */
export async function claimOddsRequest(
  db: Db,
  options: { owner: string; now: Date },
): Promise<OddsClaim | null> {
  const until = new Date(options.now.getTime() + ODDS_CLAIM_MS);
  const [row] = await db.sql<{ round_id: number; version: number }>`
    update odds_requests set claimed_by = ${options.owner}, claimed_until = ${until}
    where round_id = (
        select round_id from odds_requests
        where claimed_until is null or claimed_until <= ${options.now}
        order by requested_at, round_id limit 1
        for update skip locked)
      and (claimed_until is null or claimed_until <= ${options.now})
    returning round_id, version`;
  return row
    ? { roundId: Number(row.round_id), version: Number(row.version) }
    : null;
}

/**
 * Ends a claim. `done`: the request is done unless a newer one replaced it meanwhile (then it
 * is only released, and computed again with the newest pool). `failed`: the request stays,
 * retried after {@link ODDS_RETRY_MS}. `released` (the pod stops): the request stays, free.
 */
export async function finishOddsRequest(
  db: Db,
  options: OddsClaim & {
    owner: string;
    now: Date;
    outcome: "done" | "failed" | "released";
  },
): Promise<void> {
  if (options.outcome !== "done") {
    const until = options.outcome === "failed"
      ? new Date(options.now.getTime() + ODDS_RETRY_MS)
      : null;
    await db.sql`
      update odds_requests set claimed_by = null, claimed_until = ${until}
      where round_id = ${options.roundId} and claimed_by = ${options.owner}`;
    return;
  }
  await db.sql`
    delete from odds_requests where round_id = ${options.roundId}
      and claimed_by = ${options.owner} and version = ${options.version}`;
  await db.sql`
    update odds_requests set claimed_by = null, claimed_until = null
    where round_id = ${options.roundId} and claimed_by = ${options.owner}`;
}

/**
 * Runs `oddsOf` in a Web Worker and terminates it after; rejects with the worker's error, or
 * when `signal` aborts.
 *
 * @example
 * ```ts
 * const result = await computeOddsInWorker(poolOddsInput(pool));
 * ```
 */
export function computeOddsInWorker(
  input: OddsInput,
  signal?: AbortSignal,
): Promise<OddsResult> {
  return new Promise<OddsResult>((resolve, reject) => {
    const worker = new Worker(new URL("./odds_worker.ts", import.meta.url), {
      type: "module",
    });
    const stop = () => {
      worker.terminate();
      reject(new Error("odds computation aborted"));
    };
    if (signal?.aborted) return stop();
    signal?.addEventListener("abort", stop, { once: true });
    const end = () => {
      signal?.removeEventListener("abort", stop);
      worker.terminate();
    };
    worker.onmessage = (event: MessageEvent) => {
      end();
      const data = event.data as
        | { ok: true; result: OddsResult }
        | { ok: false; error: string };
      if (data.ok) resolve(data.result);
      else reject(new Error(data.error));
    };
    worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      end();
      reject(new Error(event.message));
    };
    worker.postMessage(input);
  });
}

/**
 * Runs `oddsOf` in a child process at the lowest CPU priority (`nice -n 19 deno run
 * odds_worker.ts`), so that on a busy pod the simulation takes only the CPU the pages leave;
 * falls back to {@link computeOddsInWorker} where `nice` cannot be started. Rejects with the
 * child's error, or when `signal` aborts (the child is killed).
 *
 * @example
 * ```ts
 * const result = await computeOddsInProcess(poolOddsInput(pool));
 * ```
 */
export async function computeOddsInProcess(
  input: OddsInput,
  signal?: AbortSignal,
): Promise<OddsResult> {
  const script = new URL("./odds_worker.ts", import.meta.url);
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command("nice", {
      args: [
        "-n",
        "19",
        Deno.execPath(),
        "run",
        "--allow-read",
        script.pathname,
      ],
      cwd: new URL("..", import.meta.url).pathname,
      env: { NO_COLOR: "1" },
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
      signal,
    }).spawn();
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      return await computeOddsInWorker(input, signal);
    }
    throw error;
  }
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(JSON.stringify(input)));
  await writer.close();
  const { code, stdout, stderr } = await child.output();
  if (signal?.aborted) throw new Error("odds computation aborted");
  const text = new TextDecoder().decode(stdout);
  if (code !== 0 || !text) {
    throw new Error(
      `odds process exited ${code}: ${
        new TextDecoder().decode(stderr).slice(-500)
      }`,
    );
  }
  const data = JSON.parse(text) as
    | { ok: true; result: OddsResult }
    | { ok: false; error: string };
  if (!data.ok) throw new Error(data.error);
  return data.result;
}

/** Computes a pool's odds: {@link computeOddsInProcess} by default, or a stand-in in tests. */
export type OddsCompute = (
  input: OddsInput,
  signal?: AbortSignal,
) => Promise<OddsResult>;

/** Options for {@link runOddsRequests}. */
export interface OddsRunOptions {
  /** The database with `odds_requests`. */
  db: Db;
  /** Where results go. */
  cache: Cache;
  /** The time of claims. */
  clock: Clock;
  /** Names this pod in claims. */
  owner: string;
  /** How to compute (default {@link computeOddsInProcess}). */
  compute?: OddsCompute;
  /** Stops after the current round (and aborts its worker). */
  signal?: AbortSignal;
  /** Where failures go (default JSON lines). */
  log?: LogSink;
}

/**
 * Claims and computes queued rounds until none is left for this pod; returns the rounds it
 * computed (or found already cached), in order.
 *
 * @example
 * ```ts
 * await runOddsRequests({ db, cache, clock, owner: "pod-1" });
 * ```
 */
export async function runOddsRequests(opts: OddsRunOptions): Promise<number[]> {
  const { db, clock, owner } = opts;
  const log = opts.log ?? logJson;
  const done: number[] = [];
  while (!opts.signal?.aborted) {
    const claim = await claimOddsRequest(db, { owner, now: clock.now() });
    if (!claim) break;
    const renewal = setInterval(() => {
      db.sql`update odds_requests
        set claimed_until = ${new Date(clock.now().getTime() + ODDS_CLAIM_MS)}
        where round_id = ${claim.roundId} and claimed_by = ${owner}`
        .catch((error) =>
          log("warn", "odds claim renewal failed", { error: String(error) })
        );
    }, Math.floor(ODDS_CLAIM_MS / 3));
    let outcome: "done" | "failed" | "released" = "done";
    try {
      await computeRoundOdds(opts, claim.roundId);
      done.push(claim.roundId);
    } catch (error) {
      outcome = opts.signal?.aborted ? "released" : "failed";
      if (outcome === "failed") {
        log("error", "odds computation failed", {
          roundId: claim.roundId,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    } finally {
      clearInterval(renewal);
    }
    await finishOddsRequest(db, { ...claim, owner, now: clock.now(), outcome });
  }
  return done;
}

async function computeRoundOdds(
  opts: OddsRunOptions,
  roundId: number,
): Promise<void> {
  const { db, cache, clock } = opts;
  // The fingerprint first: a change made while the pool is read makes it stale, never wrong.
  const { fingerprint } = await poolFingerprint(db, roundId);
  const input = poolOddsInput(await roundPool(db, roundId));
  const poolDigest = entryDigest(input.recruitments, input.entrants);
  const key = oddsResultKey(roundId, poolDigest);
  if (await cache.get(key) === null) {
    const started = performance.now();
    const result = await (opts.compute ?? computeOddsInProcess)(
      input,
      opts.signal,
    );
    const cached: CachedOdds = {
      poolDigest: result.poolDigest,
      method: result.method,
      odds: result.odds,
      computedAt: clock.now().toISOString(),
      durationMs: Math.round(performance.now() - started),
    };
    await cache.set(key, JSON.stringify(cached), ODDS_RESULT_TTL_MS);
  }
  const pointer: OddsPointer = { fingerprint, poolDigest };
  await cache.set(
    oddsPointerKey(roundId),
    JSON.stringify(pointer),
    ODDS_RESULT_TTL_MS,
  );
}

/** A parsed result with its items by entrant, kept per pod for the newest few digests. */
interface ParsedOdds {
  odds: CachedOdds;
  byEntrant: Map<string, OddsItem[]>;
}
const parsed = new Map<string, ParsedOdds>();
const PARSED_KEEP = 8;

/** The current odds of a round, with the items of the entrants asked for. */
export interface CurrentOdds {
  /** The pool digest. */
  poolDigest: string;
  /** Exact or simulated. */
  method: CachedOdds["method"];
  /** When computed (ISO). */
  computedAt: string;
  /** The items of each entrant asked for. */
  items: Map<string, OddsItem[]>;
}

/**
 * The cached odds of the round if they were computed from the pool `fingerprint` names, else
 * null (the caller shows "being computed" and calls {@link requestOdds}). A pod parses a
 * result once and keeps it for later requests.
 *
 * @example
 * ```ts
 * const odds = await currentOdds(cache, { roundId, fingerprint, entrants: ["a3-c7"] });
 * ```
 */
export async function currentOdds(
  cache: Cache,
  options: { roundId: number; fingerprint: string; entrants: string[] },
): Promise<CurrentOdds | null> {
  const raw = await cache.get(oddsPointerKey(options.roundId));
  if (raw === null) return null;
  const pointer = JSON.parse(raw) as OddsPointer;
  if (pointer.fingerprint !== options.fingerprint) return null;
  const key = oddsResultKey(options.roundId, pointer.poolDigest);
  let hit = parsed.get(key);
  if (!hit) {
    const body = await cache.get(key);
    if (body === null) return null;
    const odds = JSON.parse(body) as CachedOdds;
    const byEntrant = new Map<string, OddsItem[]>();
    for (const item of odds.odds) {
      const list = byEntrant.get(item.entrant);
      if (list) list.push(item);
      else byEntrant.set(item.entrant, [item]);
    }
    hit = { odds, byEntrant };
    parsed.set(key, hit);
    if (parsed.size > PARSED_KEEP) {
      parsed.delete(parsed.keys().next().value!);
    }
  }
  return {
    poolDigest: hit.odds.poolDigest,
    method: hit.odds.method,
    computedAt: hit.odds.computedAt,
    items: new Map(
      options.entrants.map((e) => [e, hit.byEntrant.get(e) ?? []]),
    ),
  };
}

/** A pod's single-flight runner of {@link runOddsRequests}. */
export interface OddsDrainer {
  /** Starts a run now, or one more after the running one; resolves when it ends. */
  kick(): Promise<number[]>;
  /** Stops: aborts the running computation and waits for it. */
  close(): Promise<void>;
}

const drainers = new WeakMap<Db, OddsDrainer>();

/**
 * The pod's drainer for this database (made on first use): the `odds` job and the
 * {@link ODDS_CHANNEL} subscription both kick it, and it runs one pass at a time.
 *
 * @example
 * ```ts
 * const drainer = oddsDrainer({ db, cache, clock });
 * void drainer.kick();
 * await drainer.close(); // at shutdown
 * ```
 */
export function oddsDrainer(
  opts: Omit<OddsRunOptions, "owner" | "signal"> & { owner?: string },
): OddsDrainer {
  const known = drainers.get(opts.db);
  if (known) return known;
  const owner = opts.owner ?? `${crypto.randomUUID().slice(0, 8)}`;
  const abort = new AbortController();
  const log = opts.log ?? logJson;
  let running: Promise<number[]> | null = null;
  let again = false;
  const drainer: OddsDrainer = {
    kick() {
      if (abort.signal.aborted) return Promise.resolve([]);
      if (running) {
        again = true;
        return running;
      }
      running = (async () => {
        const all: number[] = [];
        do {
          again = false;
          try {
            all.push(
              ...await runOddsRequests({
                ...opts,
                owner,
                signal: abort.signal,
              }),
            );
          } catch (error) {
            log("error", "odds run failed", { error: String(error) });
          }
        } while (again && !abort.signal.aborted);
        return all;
      })().finally(() => {
        running = null;
      });
      return running;
    },
    async close() {
      abort.abort();
      drainers.delete(opts.db);
      await running?.catch(() => {});
    },
  };
  drainers.set(opts.db, drainer);
  return drainer;
}
