/**
 * The job runner: runs each registered job (see `app/jobs.ts`) every `everyMs`, on one pod at
 * a time, driven by an injectable {@link Clock}.
 *
 * Each job has a row in `job_runs`. A pass tries, for each job, one conditional update that
 * takes the lease only when the job is due (`next_due_at <= now`) and its lease is free or
 * expired; PostgreSQL re-checks that condition on the row it locks, so of several pods racing
 * for a job exactly one gets it (no check-then-write). The holder runs the job, renews the
 * lease while it runs, and then sets `next_due_at` to one interval after the run started and
 * records `last_error` (null on success). So:
 *
 * - a job that was due while no pod ran runs once at the next start, not once per missed
 *   interval;
 * - a failing job is retried at its next due time, and never stops the other jobs;
 * - a pod that dies mid-run leaves a lease that expires after `leaseMs`, and another pod runs
 *   the job again: jobs must be idempotent.
 *
 * ```ts
 * const clock = await openClock(services);
 * const runner = startJobRunner({ db: services.db, clock, jobs, services });
 * // … at shutdown:
 * await runner.close(); // waits for the running pass
 * await clock.close();
 * ```
 *
 * @module
 */
import type { Clock } from "./clock.ts";
import type { Db } from "./db.ts";
import { logJson, type LogSink } from "./log.ts";

/** What a job's `run` receives. */
export interface JobContext<S> {
  /** The services the runner was started with. */
  services: S;
  /** The clock's time when the run started; use it for every time rule of the run. */
  now: Date;
  /** The runner's clock, for a job that needs the time again later in its run. */
  clock: Clock;
}

/** One entry of the job registry. */
export interface Job<S> {
  /** Unique, stable name: the key of its `job_runs` row. */
  name: string;
  /** Interval between the start of one run and the next due time, in ms. */
  everyMs: number;
  /** How long a run may hold the lease before it is renewed (default: the runner's). */
  leaseMs?: number;
  /** The work; it must be idempotent (a run may repeat after a pod died mid-run). */
  run(ctx: JobContext<S>): Promise<unknown>;
}

/** Options for {@link startJobRunner}. */
export interface JobRunnerOptions<S> {
  /** The database holding `job_runs`. */
  db: Db;
  /** The clock that decides what is due (a shared clock in production and tests). */
  clock: Clock;
  /** The registry. */
  jobs: readonly Job<S>[];
  /** Handed to each run as `ctx.services`. */
  services: S;
  /** How often a pass looks for due jobs, in ms (default 10 s); `0` for no timer (tests). */
  tickMs?: number;
  /** Default lease length, in ms (default 5 min); renewed every third of it while running. */
  leaseMs?: number;
  /** Names this runner in `job_runs.lease_owner` (default: host, pid and a random id). */
  owner?: string;
  /** Where job failures are logged (default: JSON lines). */
  log?: LogSink;
}

/** A started runner. */
export interface JobRunner {
  /**
   * Runs one pass now (after the pass in progress, if any) and returns the names of the jobs
   * this runner ran in it, failed ones included.
   *
   * @throws Error once the runner is closed
   */
  runDue(): Promise<string[]>;
  /** Stops the timer and waits for the pass in progress; later calls do nothing more. */
  close(): Promise<void>;
}

/** Default interval of the runner's passes. */
export const JOB_TICK_MS = 10_000;
/** Default lease length. */
export const JOB_LEASE_MS = 5 * 60_000;

/**
 * Starts a runner. With a timer (`tickMs` > 0) the first pass starts at once, so jobs that
 * came due while no pod ran catch up at start.
 *
 * @throws Error when two jobs share a name or an interval is not a positive number
 */
export function startJobRunner<S>(opts: JobRunnerOptions<S>): JobRunner {
  const names = new Set<string>();
  for (const job of opts.jobs) {
    if (names.has(job.name)) {
      throw new Error(`Two jobs are named "${job.name}".`);
    }
    names.add(job.name);
    if (!(job.everyMs > 0)) {
      throw new Error(`Job "${job.name}" needs a positive everyMs.`);
    }
  }
  const owner = opts.owner ?? defaultOwner();
  const log = opts.log ?? logJson;
  const tickMs = opts.tickMs ?? JOB_TICK_MS;
  let registered: Promise<void> | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  let busy = false;
  let closed = false;
  let closing: Promise<void> | null = null;

  const register = () => {
    registered ??= registerJobs(opts.db, [...names], opts.clock.now()).catch(
      (error) => {
        registered = null;
        throw error;
      },
    );
    return registered;
  };

  const pass = async (): Promise<string[]> => {
    busy = true;
    try {
      await register();
      const ran: string[] = [];
      for (const job of opts.jobs) {
        if (closed) break;
        try {
          if (await runIfDue(job, { ...opts, owner, log })) ran.push(job.name);
        } catch (error) {
          // The lease query itself failed (database down): try again next pass.
          log("error", "job lease failed", {
            job: job.name,
            error: String(error),
          });
        }
      }
      return ran;
    } finally {
      busy = false;
    }
  };

  const runDue = (): Promise<string[]> => {
    if (closed) return Promise.reject(new Error("The job runner is closed."));
    const next = queue.then(pass, pass);
    queue = next.catch(() => {});
    return next;
  };

  const tick = () => {
    if (busy || closed) return;
    runDue().catch((error) =>
      log("error", "job pass failed", { error: String(error) })
    );
  };
  const timer = tickMs > 0 ? setInterval(tick, tickMs) : undefined;
  const first = tickMs > 0 ? setTimeout(tick, 0) : undefined;

  return {
    runDue,
    close() {
      closing ??= (async () => {
        closed = true;
        clearInterval(timer);
        clearTimeout(first);
        await queue;
      })();
      return closing;
    },
  };
}

/** Inserts the missing `job_runs` rows, due at once (a new job runs at the first pass). */
async function registerJobs(
  db: Db,
  names: string[],
  now: Date,
): Promise<void> {
  await db.sql`
    insert into job_runs (name, next_due_at)
    select name, ${now}::timestamptz from unnest(${names}::text[]) as name
    on conflict (name) do nothing`;
}

/** Takes the lease if `job` is due, runs it and records the outcome; true when it ran. */
async function runIfDue<S>(
  job: Job<S>,
  opts: JobRunnerOptions<S> & { owner: string; log: LogSink },
): Promise<boolean> {
  const { db, clock } = opts;
  const leaseMs = job.leaseMs ?? opts.leaseMs ?? JOB_LEASE_MS;
  const token = `${opts.owner}/${crypto.randomUUID().slice(0, 8)}`;
  const now = clock.now();
  const leased = await db.sql<{ name: string }>`
    update job_runs
    set lease_owner = ${token}, lease_until = ${new Date(
    now.getTime() + leaseMs,
  )},
      last_started_at = ${now}
    where name = ${job.name} and next_due_at <= ${now}
      and (lease_until is null or lease_until <= ${now})
    returning name`;
  if (leased.length === 0) return false;

  // Renew the lease while the run lasts, so a long run is not taken over.
  const renewal = setInterval(() => {
    db.sql`
      update job_runs set lease_until = ${new Date(
      clock.now().getTime() + leaseMs,
    )}
      where name = ${job.name} and lease_owner = ${token}`
      .catch((error) =>
        opts.log("warn", "job lease renewal failed", {
          job: job.name,
          error: String(error),
        })
      );
  }, Math.max(1, Math.floor(leaseMs / 3)));
  let failure: string | null = null;
  try {
    await job.run({ services: opts.services, now, clock });
  } catch (error) {
    failure = errorText(error);
    opts.log("error", "job failed", { job: job.name, error: failure });
  } finally {
    clearInterval(renewal);
  }
  await db.sql`
    update job_runs
    set lease_owner = null, lease_until = null, last_finished_at = ${clock.now()},
      last_error = ${failure}, next_due_at = ${new Date(
    now.getTime() + job.everyMs,
  )}
    where name = ${job.name} and lease_owner = ${token}`;
  return true;
}

function defaultOwner(): string {
  let host = "local";
  try {
    host = Deno.hostname();
  } catch {
    // No --allow-sys: the pid and random id still tell runners apart.
  }
  return `${host}:${Deno.pid}:${crypto.randomUUID().slice(0, 8)}`;
}

function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.slice(0, 2000);
}
