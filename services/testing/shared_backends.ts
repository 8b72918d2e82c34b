/**
 * Test helper: two "processes' worth" of connections (`a` and `b`) to one database and one
 * pub/sub bus, to test what one process writes or publishes and another sees.
 *
 * - `real`: a fresh PostgreSQL database (`DATABASE_URL`), two separate pools on it, and two
 *   separate Redis clients (`REDIS_URL`) sharing one unique key prefix.
 * - `embedded`: PGlite and the in-process cache cannot be shared between processes, so `a` and
 *   `b` are the same PGlite database and the same in-process cache.
 *
 * @module
 */
import type { Cache } from "../cache.ts";
import { openMemoryCache } from "../cache_memory.ts";
import { openRedisCache } from "../cache_redis.ts";
import type { Db } from "../db.ts";
import { openPostgresDb } from "../db_postgres.ts";
import { logNothing } from "../log.ts";
import { migrate } from "../migrate.ts";
import {
  createTestDatabase,
  openTestDb,
  testDatabaseUrl,
  testRedisUrl,
  uniqueId,
} from "./mod.ts";

/** One side's connections, shaped like the parts of `Services` that clocks and jobs read. */
export interface Side {
  /** This side's database connection (pool). */
  db: Db;
  /** This side's cache and pub/sub client. */
  cache: Cache;
  /** Test mode, so shared clocks accept an offset. */
  config: { mode: "test" };
}

/** Two sides on one database and bus; `close()` closes both and drops the database. */
export interface SharedBackends {
  /** The first side ("process 1"). */
  a: Side;
  /** The second side ("process 2"); the same objects as `a` on the embedded backends. */
  b: Side;
  /** The database URL (real backends only), e.g. for subprocesses. */
  databaseUrl?: string;
  /** The Redis URL and key prefix (real backends only), e.g. for subprocesses. */
  redis?: { url: string; keyPrefix: string };
  /** Closes both sides and drops (or removes) the database. */
  close(): Promise<void>;
}

/** True when the real servers are configured (`KIC_TEST_REAL=1`, `DATABASE_URL`, `REDIS_URL`). */
export function realBackendsAvailable(): boolean {
  return Boolean(testDatabaseUrl() && testRedisUrl());
}

/** Opens two sides on the `embedded` or the `real` backends (see the module documentation). */
export async function openSharedBackends(
  kind: "embedded" | "real",
): Promise<SharedBackends> {
  const config = { mode: "test" } as const;
  if (kind === "embedded") {
    const db = await openTestDb({ kind: "pglite" });
    const cache = openMemoryCache({ keyPrefix: `kic-test:${uniqueId()}:` });
    const side = { db, cache, config };
    return {
      a: side,
      b: side,
      async close() {
        await cache.close();
        await db.close();
      },
    };
  }
  const serverUrl = testDatabaseUrl();
  const redisUrl = testRedisUrl();
  if (!serverUrl || !redisUrl) {
    throw new Error(
      "Real backends need DATABASE_URL and KIC_TEST_REAL=1 REDIS_URL.",
    );
  }
  const created = await createTestDatabase(serverUrl);
  const keyPrefix = `kic-test:${uniqueId()}:`;
  const opened: { close(): Promise<void> }[] = [];
  const close = async () => {
    for (const one of opened.reverse()) await one.close().catch(() => {});
    await created.drop();
  };
  try {
    const dbA = await openPostgresDb(created.url, { max: 2 });
    opened.push(dbA);
    await migrate(dbA);
    const dbB = await openPostgresDb(created.url, { max: 2 });
    opened.push(dbB);
    const cacheA = await openRedisCache(redisUrl, {
      keyPrefix,
      log: logNothing,
    });
    opened.push(cacheA);
    const cacheB = await openRedisCache(redisUrl, {
      keyPrefix,
      log: logNothing,
    });
    opened.push(cacheB);
    return {
      a: { db: dbA, cache: cacheA, config },
      b: { db: dbB, cache: cacheB, config },
      databaseUrl: created.url,
      redis: { url: redisUrl, keyPrefix },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Polls `check` every 20 ms until it returns true; throws after `timeoutMs` (default 5 s). */
export async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 5000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
