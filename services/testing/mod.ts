/**
 * Test helpers: fresh databases, test configs and which backends a run exercises.
 *
 * - Without env: embedded backends (PGlite, memory cache, folder storage, log mailer).
 * - With `KIC_TEST_REAL=1` (CI's second run, plus `DATABASE_URL` and `REDIS_URL`): the real
 *   servers as well; tests start s3rver and an SMTP sink themselves (see `local_servers.ts`).
 *
 * @module
 */
import postgres from "postgres";
import type { Config } from "../config.ts";
import { loadConfig } from "../config.ts";
import type { Db } from "../db.ts";
import { openPgliteDb } from "../db_pglite.ts";
import { openPostgresDb } from "../db_postgres.ts";
import { migrate, MIGRATIONS_DIR, migrationsHash } from "../migrate.ts";
import { openServices, type Services } from "../services.ts";
import { type SmtpSink, startS3Sink, startSmtpSink } from "./local_servers.ts";

export type { SinkMessage, SmtpSink } from "./local_servers.ts";

/** Options shared by the contract suites (`*_contract.ts`). */
export interface ContractOptions {
  /** Register the test as ignored (a backend this run does not have). */
  ignore?: boolean;
}

/** True when `KIC_TEST_REAL=1`: tests also run against the real servers. */
export function testRealServices(): boolean {
  return Deno.env.get("KIC_TEST_REAL") === "1";
}

/**
 * The URL of the real PostgreSQL server for tests, or undefined when tests should use PGlite
 * (`DATABASE_URL` unset).
 */
export function testDatabaseUrl(): string | undefined {
  return Deno.env.get("DATABASE_URL") || undefined;
}

/**
 * The URL of the real Redis server for tests: `REDIS_URL` when `KIC_TEST_REAL=1`, else
 * undefined.
 */
export function testRedisUrl(): string | undefined {
  if (!testRealServices()) return undefined;
  const url = Deno.env.get("REDIS_URL");
  if (!url) {
    throw new Error(
      "KIC_TEST_REAL=1 needs REDIS_URL, e.g. redis://127.0.0.1:6379",
    );
  }
  return url;
}

/** A short random id for unique names (databases, key prefixes, folders). */
export function uniqueId(): string {
  return `${Date.now().toString(36)}${crypto.randomUUID().slice(0, 8)}`;
}

/**
 * A `Config` in `test` mode with only the given variables (the process environment is not
 * read), and `KIC_DATA_DIR` in a new temp dir unless given. All services default to embedded.
 */
export function testConfig(
  env: Record<string, string | undefined> = {},
): Config {
  return loadConfig({
    KIC_MODE: "test",
    KIC_DATA_DIR: env.KIC_DATA_DIR ??
      Deno.makeTempDirSync({ prefix: "kic-test-data-" }),
    REDIS_KEY_PREFIX: `kic-test:${uniqueId()}:`,
    ...env,
  });
}

/** Options for {@link openTestDb}. */
export interface TestDbOptions {
  /** Migrations to apply; `null` for an empty database. Default: `services/migrations/`. */
  migrations?: URL | null;
  /** Force a backend; default PostgreSQL when `DATABASE_URL` is set, else PGlite. */
  kind?: "postgres" | "pglite";
}

/**
 * A fresh, migrated database for one test; `close()` also deletes it.
 *
 * - PostgreSQL (`DATABASE_URL` set): a new uniquely named database on that server, dropped at
 *   close.
 * - PGlite: a copy of a template folder that was initialised and migrated once (kept in the
 *   temp dir, keyed by the migrations' hash and reused by later tests and runs), so each
 *   test pays ~0.3 s instead of a 2–3 s initdb.
 */
export async function openTestDb(options: TestDbOptions = {}): Promise<Db> {
  const migrations = options.migrations === undefined
    ? MIGRATIONS_DIR
    : options.migrations;
  const url = testDatabaseUrl();
  const kind = options.kind ?? (url ? "postgres" : "pglite");
  if (kind === "postgres") {
    if (!url) {
      throw new Error("openTestDb({kind: 'postgres'}) needs DATABASE_URL.");
    }
    return await openTestPostgres(url, migrations);
  }
  return await openTestPglite(migrations);
}

/** Creates a database on the server of `url` and returns a URL for it plus a drop function. */
export async function createTestDatabase(
  url: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `kic_test_${uniqueId()}`.toLowerCase();
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}`);
  } catch (error) {
    await admin.end({ timeout: 1 });
    throw new Error(
      `Cannot create a test database on ${new URL(url).host}: ${
        (error as Error).message
      }. ` +
        "The DATABASE_URL user needs CREATEDB.",
      { cause: error },
    );
  }
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${name}`;
  return {
    url: dbUrl.toString(),
    async drop() {
      try {
        await admin.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await admin.end({ timeout: 5 });
      }
    },
  };
}

async function openTestPostgres(
  url: string,
  migrations: URL | null,
): Promise<Db> {
  const created = await createTestDatabase(url);
  let db: Db;
  try {
    db = await openPostgresDb(created.url, { max: 4 });
  } catch (error) {
    await created.drop();
    throw error;
  }
  try {
    if (migrations) await migrate(db, migrations);
  } catch (error) {
    await db.close();
    await created.drop();
    throw error;
  }
  return afterClose(db, created.drop);
}

const templates = new Map<string, Promise<string>>();

/**
 * Fills `dir` with a copy of the initialised (and, by default, migrated) PGlite template, so
 * that opening a PGlite database there skips the 2–3 s initdb. For tests that open PGlite
 * through `openDb`/`openServices` on a config's `database.dir`.
 */
export async function copyPgliteTemplate(
  dir: string,
  migrations: URL | null = MIGRATIONS_DIR,
): Promise<void> {
  const key = migrations ? await migrationsHash(migrations) : "empty";
  let template = templates.get(key);
  if (!template) {
    template = ensurePgliteTemplate(key, migrations);
    templates.set(key, template);
    template.catch(() => templates.delete(key));
  }
  await copyDir(await template, dir);
}

async function openTestPglite(migrations: URL | null): Promise<Db> {
  const dir = await Deno.makeTempDir({ prefix: "kic-test-pglite-" });
  await copyPgliteTemplate(dir, migrations);
  let db: Db;
  try {
    db = await openPgliteDb(dir);
  } catch (error) {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
    throw error;
  }
  return afterClose(db, () => Deno.remove(dir, { recursive: true }));
}

/** Builds the template folder once per key; concurrent builders race safely via rename. */
async function ensurePgliteTemplate(
  key: string,
  migrations: URL | null,
): Promise<string> {
  const tmp = Deno.env.get("TMPDIR") || "/tmp";
  // The resolved path names the PGlite version, whose data format the template has.
  const resolved = import.meta.resolve("@electric-sql/pglite");
  const version = /pglite@([0-9A-Za-z.+-]+)/.exec(resolved)?.[1] ??
    resolved.replace(/[^a-z0-9.]+/gi, "-").slice(-60);
  const final = `${tmp}/kic-pglite-template-${version}-${key.slice(0, 16)}`;
  if (await exists(`${final}/PG_VERSION`)) return final;
  const building = await Deno.makeTempDir({
    dir: tmp,
    prefix: "kic-pglite-building-",
  });
  try {
    const db = await openPgliteDb(building);
    try {
      if (migrations) await migrate(db, migrations);
    } finally {
      await db.close();
    }
    try {
      await Deno.rename(building, final);
    } catch (error) {
      // Another process finished first; use its template.
      if (!(await exists(`${final}/PG_VERSION`))) throw error;
    }
  } finally {
    await Deno.remove(building, { recursive: true }).catch(() => {});
  }
  return final;
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

async function copyDir(from: string, to: string): Promise<void> {
  await Deno.mkdir(to, { recursive: true });
  for await (const entry of Deno.readDir(from)) {
    if (entry.name === ".kic.lock") continue;
    const source = `${from}/${entry.name}`;
    const target = `${to}/${entry.name}`;
    if (entry.isDirectory) await copyDir(source, target);
    else if (entry.isFile) await Deno.copyFile(source, target);
  }
}

/** Wraps a Db so that `close()` also runs `after` (even when closing fails). */
export function afterClose(db: Db, after: () => Promise<void>): Db {
  return {
    kind: db.kind,
    sql: <T>(strings: TemplateStringsArray, ...values: unknown[]) =>
      db.sql<T>(strings, ...values),
    transaction: <R>(fn: (tx: Db) => Promise<R>) => db.transaction(fn),
    exec: (text) => db.exec(text),
    listen: (channel, onMessage) => db.listen(channel, onMessage),
    notify: (channel, payload) => db.notify(channel, payload),
    ping: () => db.ping(),
    async close() {
      try {
        await db.close();
      } finally {
        await after();
      }
    },
  };
}

/** Services for a test, plus the SMTP sink when one was started. */
export interface TestServices extends Services {
  /** The in-process SMTP sink (only with `KIC_TEST_REAL=1`). */
  smtpSink?: SmtpSink;
}

/**
 * Opens a full `Services` for one test, on a fresh database ({@link openTestDb}) and a temp
 * `KIC_DATA_DIR`. Embedded backends by default; with `KIC_TEST_REAL=1` it uses Redis
 * (`REDIS_URL`, with a unique key prefix) and starts s3rver and an SMTP sink in-process.
 * `close()` stops and removes everything.
 */
export async function openTestServices(
  env: Record<string, string | undefined> = {},
): Promise<TestServices> {
  const cleanups: Array<() => Promise<void>> = [];
  const cleanup = async () => {
    for (const fn of cleanups.reverse()) await fn().catch(() => {});
  };
  try {
    const realEnv: Record<string, string | undefined> = {};
    let smtpSink: SmtpSink | undefined;
    if (testRealServices()) {
      realEnv.REDIS_URL = testRedisUrl();
      const s3 = await startS3Sink();
      cleanups.push(() => s3.close());
      realEnv.S3_ENDPOINT = s3.endpoint;
      realEnv.S3_BUCKET = s3.bucket;
      const smtp = await startSmtpSink();
      smtpSink = smtp;
      cleanups.push(() => smtp.close());
      realEnv.SMTP_URL = smtp.url;
    }
    const config = testConfig({ ...realEnv, ...env });
    cleanups.push(() => Deno.remove(config.dataDir, { recursive: true }));
    const db = await openTestDb();
    const services = await openServices(config, {
      db,
      migrate: false,
      onClose: cleanup,
    });
    return Object.assign(services, { smtpSink });
  } catch (error) {
    await cleanup();
    throw error;
  }
}
