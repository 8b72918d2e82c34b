/**
 * Three app processes on one PostgreSQL database and one Redis (the real services), with a
 * round frozen and due for its draw: for the draw's concurrency, browser and benchmark runs.
 *
 * @module
 */
import { openMemoryCache } from "@/services/cache_memory.ts";
import { seedDemo } from "@/domain/demo.ts";
import { DEVELOPMENT_DRAW_SECRET_KEY } from "@/services/config.ts";
import { openPostgresDb } from "@/services/db_postgres.ts";
import type { Db } from "@/services/db.ts";
import { migrate } from "@/services/migrate.ts";
import {
  createTestDatabase,
  testDatabaseUrl,
  uniqueId,
} from "@/services/testing/mod.ts";
import { type AppProcess, startAppProcess } from "./process.ts";
import {
  acceptedRound,
  type FixtureFamily,
  freezeForTest,
  type FrozenForTest,
} from "./frozen_round.ts";

/** A running cluster. */
export interface DrawCluster {
  /** The app processes. */
  apps: AppProcess[];
  /** A connection to the shared database. */
  db: Db;
  /** The frozen round. */
  roundId: number;
  /** Its families. */
  families: FixtureFamily[];
  /** What the freeze wrote. */
  frozen: FrozenForTest;
  /** Stops the processes and drops the database. */
  close(): Promise<void>;
}

/** Starts `processes` app processes (default 3) on a new database with a frozen round. */
export async function startDrawCluster(
  options: { processes?: number; extra?: number } = {},
): Promise<DrawCluster> {
  const server = testDatabaseUrl();
  if (!server) throw new Error("the draw cluster needs DATABASE_URL");
  const database = await createTestDatabase(server);
  const db = await openPostgresDb(database.url, { max: 2 });
  const apps: AppProcess[] = [];
  try {
    await migrate(db);
    const now = new Date();
    await seedDemo(db, now, 1000);
    const { roundId, families } = await acceptedRound(db, {
      now,
      extra: options.extra ?? 8,
      seats: { "k1-age1": 2, "k2-age1": 2 },
    });
    const [admin] = await db.sql<{ id: number }>`
      select id from accounts where login = 'admin'`;
    const frozen = await freezeForTest(
      {
        db,
        cache: openMemoryCache(),
        config: {
          drawSecretKey: DEVELOPMENT_DRAW_SECRET_KEY,
          publicOrigin: "http://kic.test",
        },
      },
      { roundId, actorId: Number(admin.id), now },
    );
    const prefix = `kic-test:${uniqueId()}:`;
    const started = await Promise.all(
      Array.from(
        { length: options.processes ?? 3 },
        () =>
          startAppProcess({
            DATABASE_URL: database.url,
            REDIS_KEY_PREFIX: prefix,
            REDIS_URL: Deno.env.get("REDIS_URL") ?? "",
          }),
      ),
    );
    apps.push(...started);
    return {
      apps,
      db,
      roundId,
      families,
      frozen,
      async close() {
        await Promise.all(apps.map((a) => a.stop()));
        await db.close();
        await database.drop();
      },
    };
  } catch (error) {
    await Promise.all(apps.map((a) => a.stop()));
    await db.close();
    await database.drop();
    throw error;
  }
}

/** Signs in over HTTP; returns the cookie header for later requests. */
export async function signInCookie(
  url: string,
  options: { login: string; password: string },
): Promise<string> {
  const page = await fetch(`${url}/login`);
  const html = await page.text();
  const csrf = html.match(/name="_csrf" value="([^"]+)"/)![1];
  const anon = page.headers.getSetCookie().map((c) => c.split(";")[0]).join(
    "; ",
  );
  const res = await fetch(`${url}/login`, {
    method: "POST",
    body: new URLSearchParams({ _csrf: csrf, ...options }),
    redirect: "manual",
    headers: { cookie: anon, origin: url },
  });
  await res.body?.cancel();
  const session = res.headers.getSetCookie().find((c) =>
    c.startsWith("kic_session=")
  );
  if (!session) throw new Error(`sign-in failed (${res.status})`);
  return [anon, session.split(";")[0]].filter(Boolean).join("; ");
}

/** The CSRF token of the first form on a page. */
export async function csrfOf(url: string, cookie: string): Promise<string> {
  const res = await fetch(url, { headers: { cookie } });
  const html = await res.text();
  const m = html.match(/name="_csrf" value="([^"]+)"/);
  if (!m) throw new Error(`no form on ${url} (${res.status})`);
  return m[1];
}
