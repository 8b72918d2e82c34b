/**
 * Opens every service the app needs, from one `Config`, and reports their health.
 *
 * @module
 */
import { type Cache, openCache } from "./cache.ts";
import type { Config } from "./config.ts";
import { type Db, DbTimeoutError, openDb } from "./db.ts";
import { logJson, logNothing, type LogSink } from "./log.ts";
import { type Mailer, openMailer } from "./mail.ts";
import { createMetrics, type Metrics } from "./metrics.ts";
import { migrate } from "./migrate.ts";
import {
  openStorage,
  type Storage,
  StorageUnavailableError,
} from "./storage.ts";
import { withTimeout } from "./timeout.ts";

export type { Cache } from "./cache.ts";
export type { Config } from "./config.ts";
export type { Db } from "./db.ts";
export type { LogLevel, LogSink } from "./log.ts";
export type { Mailer } from "./mail.ts";
export type { Metrics } from "./metrics.ts";
export type { Storage } from "./storage.ts";
export { DbTimeoutError } from "./db.ts";
export { StorageUnavailableError } from "./storage.ts";

/** Everything a request handler or job may use. */
export interface Services {
  /** The configuration the services were opened from. */
  config: Config;
  /** The database (already migrated unless `migrate: false`). */
  db: Db;
  /** Cache, locks, rate limits and pub/sub. */
  cache: Cache;
  /** Object storage for documents and images. */
  storage: Storage;
  /** Outgoing e-mail. */
  mailer: Mailer;
  /** The app's Prometheus metrics. */
  metrics: Metrics;
  /** Closes every service (in reverse order of opening); later calls do nothing. */
  close(): Promise<void>;
}

/** Options for {@link openServices}. */
export interface OpenServicesOptions {
  /** Use this database instead of opening one (tests); it is closed with the services. */
  db?: Db;
  /** Run migrations at open (default true). */
  migrate?: boolean;
  /** Where startup messages go (default: JSON lines; nothing in test mode). */
  log?: LogSink;
  /** Run at the end of close() (tests: stop sinks, remove temp folders). */
  onClose?: () => Promise<void>;
}

/**
 * Migrates with `MIGRATION_DATABASE_URL` when it is set (a short-lived connection as the
 * tables' owner), else with the serving connection `db`.
 */
async function migrateWithOwner(config: Config, db: Db): Promise<string[]> {
  const database = config.database;
  if (database.kind !== "postgres" || !database.migrationUrl) {
    return await migrate(db);
  }
  const { openPostgresDb } = await import("./db_postgres.ts");
  const owner = await openPostgresDb(database.migrationUrl, {
    connectTimeoutMs: database.connectTimeoutMs,
    statementTimeoutMs: 0,
  });
  try {
    return await migrate(owner);
  } finally {
    await owner.close();
  }
}

/**
 * Opens the database (and migrates it), cache, storage and mailer the config names.
 * Redis, S3 and SMTP out of reach do not stop it: they start degraded and report down in
 * {@link healthOf} until they answer. When one fails (the database, a refused S3 bucket),
 * the ones already open are closed and the error is thrown.
 */
export async function openServices(
  config: Config,
  options: OpenServicesOptions = {},
): Promise<Services> {
  const log = options.log ?? (config.mode === "test" ? logNothing : logJson);
  const opened: { close(): Promise<void> }[] = [];
  try {
    const db = options.db ?? await openDb(config);
    opened.push(db);
    if (options.migrate ?? true) {
      const applied = await migrateWithOwner(config, db);
      if (applied.length > 0) log("info", "migrations applied", { applied });
    }
    const cache = await openCache(config, { log });
    opened.push(cache);
    const storage = await openStorage(config, { log });
    opened.push(storage);
    const mailer = await openMailer(config, { log });
    opened.push(mailer);
    log("info", "services open", { ...config.backends });

    let closing: Promise<void> | null = null;
    return {
      config,
      db,
      cache,
      storage,
      mailer,
      metrics: createMetrics(),
      close() {
        closing ??= closeAll(opened, options.onClose);
        return closing;
      },
    };
  } catch (error) {
    await closeAll(opened, options.onClose).catch(() => {});
    throw error;
  }
}

async function closeAll(
  opened: { close(): Promise<void> }[],
  onClose?: () => Promise<void>,
): Promise<void> {
  const errors: unknown[] = [];
  for (const service of [...opened].reverse()) {
    try {
      await service.close();
    } catch (error) {
      errors.push(error);
    }
  }
  try {
    await onClose?.();
  } catch (error) {
    errors.push(error);
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) {
    throw new AggregateError(errors, "Closing the services failed");
  }
}

/** Which services answer, as {@link healthOf} reports them (and `/healthz/ready` shows). */
export type ServicesHealth = {
  /** The database answers a query. */
  db: boolean;
  /** Redis answers (always true for the in-process cache). */
  cache: boolean;
  /**
   * The bucket is there and answers (always true for the folder store). False while S3 is
   * out of reach, also when the pod started without it and keeps checking in the background.
   */
  storage: boolean;
  /** The SMTP server answers (always true for the log mailer). */
  mailer: boolean;
};

/** How long a mailer ping is reused: an SMTP ping opens a connection. */
const MAILER_PING_TTL_MS = 30_000;
const mailerPings = new WeakMap<Mailer, { at: number; up: Promise<boolean> }>();

/**
 * Pings each service (in parallel, each bounded by `timeoutMs`), updates the
 * `kic_dependency_up` gauge and returns `{ db, cache, storage, mailer }`. The mailer's result
 * is reused for 30 s. Readiness should usually depend on `db` alone: the cache degrades,
 * storage fails only document calls (with `StorageUnavailableError`), and mail waits in the
 * outbox.
 */
export async function healthOf(
  services: Services,
  timeoutMs = 2000,
): Promise<ServicesHealth> {
  const now = Date.now();
  let mail = mailerPings.get(services.mailer);
  if (!mail || now - mail.at > MAILER_PING_TTL_MS) {
    mail = { at: now, up: bounded(services.mailer.ping(), timeoutMs) };
    mailerPings.set(services.mailer, mail);
  }
  const entries = await Promise.all([
    ["db", bounded(services.db.ping(), timeoutMs)],
    ["cache", bounded(services.cache.ping(), timeoutMs)],
    ["storage", bounded(services.storage.ping(), timeoutMs)],
    ["mailer", mail.up],
  ].map(async ([name, up]) =>
    [name as string, await (up as Promise<boolean>)] as const
  ));
  const health = Object.fromEntries(entries) as ServicesHealth;
  for (const [dependency, up] of entries) {
    services.metrics.dependencyUp.set({ dependency }, up ? 1 : 0);
  }
  return health;
}

/** A ping that answers false when it throws or takes longer than `timeoutMs`. */
function bounded(ping: Promise<boolean>, timeoutMs: number): Promise<boolean> {
  return withTimeout(ping.catch(() => false), timeoutMs, () => false);
}

/**
 * True for the errors that mean a service is out of reach for now (a {@link DbTimeoutError},
 * a {@link StorageUnavailableError}, also as the `cause` of another error): the web layer
 * answers them with 503 and `Retry-After` rather than 500.
 *
 * @example
 * ```ts
 * if (isServiceUnavailable(error)) return new Response("Try again shortly", { status: 503 });
 * ```
 */
export function isServiceUnavailable(error: unknown): boolean {
  for (let e = error, depth = 0; e && depth < 5; depth++) {
    if (e instanceof DbTimeoutError || e instanceof StorageUnavailableError) {
      return true;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
