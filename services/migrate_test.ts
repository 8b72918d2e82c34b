import assert from "node:assert/strict";
import { openPostgresDb } from "./db_postgres.ts";
import { migrate, migrationsHash, readMigrations } from "./migrate.ts";
import {
  createTestDatabase,
  openTestDb,
  testDatabaseUrl,
} from "./testing/mod.ts";

const postgresUrl = testDatabaseUrl();

/** A temp migrations folder holding the given files. */
async function migrationsDir(files: Record<string, string>): Promise<URL> {
  const dir = await Deno.makeTempDir({ prefix: "kic-migrations-" });
  for (const [name, sql] of Object.entries(files)) {
    await Deno.writeTextFile(`${dir}/${name}`, sql);
  }
  return new URL(`file://${dir}/`);
}

const LOG_FILES = {
  "0001_log.sql": "create table migration_log (name text not null);",
  "0002_a.sql":
    "insert into migration_log values ('0002'); select pg_sleep(0.2);",
  "0003_b.sql":
    "create table b (id int primary key); insert into migration_log values ('0003');",
};

Deno.test("migrate: the shipped migrations apply once and create the infra tables", async () => {
  const db = await openTestDb({ migrations: null });
  try {
    const first = await migrate(db);
    assert.deepStrictEqual(first.slice(0, 1), ["0001_infra.sql"]);
    assert.deepStrictEqual(await migrate(db), []);
    const tables = await db.sql<{ name: string }>`
      select table_name as name from information_schema.tables
      where table_schema = 'public' order by table_name`;
    const names = tables.map((t) => t.name);
    for (const t of ["job_runs", "outbox", "schema_migrations", "sessions"]) {
      assert.ok(names.includes(t), `${t} exists`);
    }
    const [row] = await db.sql<{ version: string; checksum: string }>`
      select version, checksum from schema_migrations where version = '0001'`;
    assert.equal(row.checksum.length, 64);
  } finally {
    await db.close();
  }
});

Deno.test("migrate: an edited applied migration fails clearly", async () => {
  const dir = await migrationsDir(LOG_FILES);
  const db = await openTestDb({ migrations: null });
  try {
    assert.deepStrictEqual(await migrate(db, dir), Object.keys(LOG_FILES));
    await Deno.writeTextFile(new URL("0002_a.sql", dir), "select 1;");
    await assert.rejects(
      () => migrate(db, dir),
      /0002_a\.sql was changed after it was applied/,
    );
  } finally {
    await db.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("migrate: a failing file rolls back the whole run", async () => {
  const dir = await migrationsDir({
    "0001_ok.sql": "create table ok_table (id int);",
    "0002_bad.sql":
      "create table bad_table (id int); select * from missing_table;",
  });
  const db = await openTestDb({ migrations: null });
  try {
    await assert.rejects(
      () => migrate(db, dir),
      /Migration 0002_bad\.sql failed: .*missing_table/,
    );
    const rows = await db.sql`select to_regclass('ok_table') as t`;
    assert.deepStrictEqual(rows, [{ t: null }]);
  } finally {
    await db.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("migrate: versions applied by a newer release are ignored", async () => {
  const dir = await migrationsDir(LOG_FILES);
  const older = await migrationsDir({
    "0001_log.sql": LOG_FILES["0001_log.sql"],
  });
  const db = await openTestDb({ migrations: null });
  try {
    await migrate(db, dir);
    assert.deepStrictEqual(await migrate(db, older), []);
  } finally {
    await db.close();
    await Deno.remove(dir, { recursive: true });
    await Deno.remove(older, { recursive: true });
  }
});

Deno.test("migrate: misnamed and duplicate files are rejected", async () => {
  const misnamed = await migrationsDir({ "1_x.sql": "select 1;" });
  const duplicate = await migrationsDir({ "0001_a.sql": "", "0001_b.sql": "" });
  try {
    await assert.rejects(() => readMigrations(misnamed), /misnamed/);
    await assert.rejects(
      () => readMigrations(duplicate),
      /share the number 0001/,
    );
    assert.match(await migrationsHash(), /^[0-9a-f]{64}$/);
  } finally {
    await Deno.remove(misnamed, { recursive: true });
    await Deno.remove(duplicate, { recursive: true });
  }
});

Deno.test({
  name:
    "migrate: 3 processes starting at once apply each file exactly once (PostgreSQL)",
  ignore: !postgresUrl,
  async fn() {
    const dir = await migrationsDir(LOG_FILES);
    const created = await createTestDatabase(postgresUrl!);
    // Separate pools, as three pods would have.
    const dbs = await Promise.all(
      [1, 2, 3].map(() => openPostgresDb(created.url, { max: 2 })),
    );
    try {
      const results = await Promise.all(dbs.map((db) => migrate(db, dir)));
      const all = results.flat().sort();
      assert.deepStrictEqual(all, Object.keys(LOG_FILES));
      const log = await dbs[0]
        .sql`select name, count(*) as n from migration_log group by name
        order by name`;
      assert.deepStrictEqual(log, [{ name: "0002", n: 1 }, {
        name: "0003",
        n: 1,
      }]);
      const applied = await dbs[0]
        .sql`select version from schema_migrations order by version`;
      assert.deepStrictEqual(applied.map((r) => r.version), [
        "0001",
        "0002",
        "0003",
      ]);
    } finally {
      await Promise.all(dbs.map((db) => db.close()));
      await created.drop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
