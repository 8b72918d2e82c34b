import assert from "node:assert/strict";
import {
  dbContract,
  queryAllTypes,
  setDatabaseTimeZoneSeoul,
  TIME_ZONE_EXPECTED,
  timeZoneRoundTrip,
} from "./testing/db_contract.ts";
import type { Db } from "./db.ts";
import { openPostgresDb } from "./db_postgres.ts";
import { openDb } from "./db.ts";
import { openPgliteDb } from "./db_pglite.ts";
import {
  afterClose,
  copyPgliteTemplate,
  createTestDatabase,
  openTestDb,
  testConfig,
  testDatabaseUrl,
} from "./testing/mod.ts";

const postgresUrl = testDatabaseUrl();

dbContract("pglite", () => openTestDb({ kind: "pglite" }));
dbContract("postgres", () => openTestDb({ kind: "postgres" }), {
  ignore: !postgresUrl,
});

Deno.test({
  name: "Db: postgres and pglite return identical values",
  ignore: !postgresUrl,
  async fn() {
    const pg = await openTestDb({ kind: "postgres", migrations: null });
    const lite = await openTestDb({ kind: "pglite", migrations: null });
    try {
      assert.deepStrictEqual(
        await queryAllTypes(pg),
        await queryAllTypes(lite),
      );
    } finally {
      await pg.close();
      await lite.close();
    }
  },
});

/**
 * A fresh database whose default TimeZone is Asia/Seoul, opened again after setting it (so the
 * new session starts with that default); `close()` also removes it.
 */
async function openSeoulDb(kind: "postgres" | "pglite"): Promise<Db> {
  if (kind === "postgres") {
    const created = await createTestDatabase(postgresUrl!);
    try {
      const setup = await openPostgresDb(created.url, { max: 1 });
      try {
        await setDatabaseTimeZoneSeoul(setup);
      } finally {
        await setup.close();
      }
      const db = await openPostgresDb(created.url, { max: 2 });
      return afterClose(db, created.drop);
    } catch (error) {
      await created.drop();
      throw error;
    }
  }
  const dir = await Deno.makeTempDir({ prefix: "kic-tz-" });
  await copyPgliteTemplate(dir, null);
  const setup = await openPgliteDb(dir);
  try {
    await setDatabaseTimeZoneSeoul(setup);
  } finally {
    await setup.close();
  }
  const db = await openPgliteDb(dir);
  return afterClose(db, () => Deno.remove(dir, { recursive: true }));
}

for (const kind of ["pglite", "postgres"] as const) {
  Deno.test({
    name:
      `Db contract: ${kind}: dates are UTC whatever the database's TimeZone`,
    ignore: kind === "postgres" && !postgresUrl,
    async fn() {
      const db = await openSeoulDb(kind);
      try {
        assert.deepStrictEqual(await timeZoneRoundTrip(db), TIME_ZONE_EXPECTED);
      } finally {
        await db.close();
      }
    },
  });
}

Deno.test({
  name:
    "Db: postgres and pglite agree on dates under a non-UTC database TimeZone",
  ignore: !postgresUrl,
  async fn() {
    const pg = await openSeoulDb("postgres");
    const lite = await openSeoulDb("pglite");
    try {
      assert.deepStrictEqual(
        await timeZoneRoundTrip(pg),
        await timeZoneRoundTrip(lite),
      );
    } finally {
      await pg.close();
      await lite.close();
    }
  },
});

Deno.test("Db: openDb uses PGlite in KIC_DATA_DIR and a second opener fails clearly", async () => {
  const config = testConfig();
  assert.equal(config.database.kind, "pglite");
  if (config.database.kind === "pglite") {
    await copyPgliteTemplate(config.database.dir);
  }
  const first = await openDb(config);
  try {
    assert.equal(first.kind, "pglite");
    await assert.rejects(
      () => openDb(config),
      (error: Error) => {
        assert.match(error.message, /in use by this same process/);
        assert.match(error.message, /KIC_DATA_DIR/);
        return true;
      },
    );
  } finally {
    await first.close();
    await Deno.remove(config.dataDir, { recursive: true });
  }
});

Deno.test("Db: a stale PGlite lock (dead pid) is taken over", async () => {
  const dir = await Deno.makeTempDir({ prefix: "kic-lock-" });
  await copyPgliteTemplate(dir);
  // A pid far above pid_max is never alive.
  await Deno.writeTextFile(
    `${dir}/.kic.lock`,
    JSON.stringify({
      pid: 99_999_999,
      hostname: Deno.hostname(),
      createdAt: "x",
    }),
  );
  const db = await openPgliteDb(dir);
  try {
    assert.equal(await db.ping(), true);
    const lock = JSON.parse(await Deno.readTextFile(`${dir}/.kic.lock`));
    assert.equal(lock.pid, Deno.pid);
  } finally {
    await db.close();
  }
  await assert.rejects(
    () => Deno.stat(`${dir}/.kic.lock`),
    Deno.errors.NotFound,
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("Db: openDb names the server when PostgreSQL is unreachable", async () => {
  const config = testConfig({
    DATABASE_URL: "postgres://postgres@127.0.0.1:1/none",
  });
  await assert.rejects(
    () => openDb(config),
    /Cannot connect to PostgreSQL at 127\.0\.0\.1:1/,
  );
  await Deno.remove(config.dataDir, { recursive: true });
});
