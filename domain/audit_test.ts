import assert from "node:assert/strict";
import postgres from "postgres";
import { migrate } from "@/services/migrate.ts";
import { openPostgresDb } from "@/services/db_postgres.ts";
import {
  createTestDatabase,
  openTestDb,
  testDatabaseUrl,
  uniqueId,
} from "@/services/testing/mod.ts";
import { newBatchId, recordAudit, searchAudit } from "./audit.ts";

Deno.test("recordAudit writes one row with before and after, in the caller's transaction", async () => {
  const db = await openTestDb();
  try {
    await db.transaction((tx) =>
      recordAudit(tx, {
        actorId: null,
        action: "round.rename",
        objectType: "round",
        objectId: 7,
        before: { name: "가" },
        after: { name: "나" },
      })
    );
    await assert.rejects(
      db.transaction(async (tx) => {
        await recordAudit(tx, {
          actorId: null,
          action: "round.rename",
          objectType: "round",
          objectId: 8,
        });
        throw new RangeError("the change failed");
      }),
      RangeError,
    );
    const rows = await db.sql<
      { object_id: string; before: unknown; after: unknown }
    >`
      select object_id, before, after from audit_log order by id`;
    assert.deepEqual(rows, [{
      object_id: "7",
      before: { name: "가" },
      after: { name: "나" },
    }]);
  } finally {
    await db.close();
  }
});

Deno.test("a bulk action shares one batch id; searchAudit filters and pages newest first", async () => {
  const db = await openTestDb();
  try {
    const batchId = newBatchId();
    await db.transaction(async (tx) => {
      for (const id of [1, 2, 3]) {
        await recordAudit(tx, {
          actorId: null,
          action: "employee.import",
          objectType: "account",
          objectId: id,
          after: { id },
          batchId,
        });
      }
      await recordAudit(tx, {
        actorId: null,
        action: "round.create",
        objectType: "round",
        objectId: 9,
      });
    });
    const batch = await searchAudit(db, { batchId });
    assert.equal(batch.total, 3);
    assert.deepEqual(batch.rows.map((r) => r.objectId), ["3", "2", "1"]);
    const paged = await searchAudit(db, { action: "employee", pageSize: 2 });
    assert.equal(paged.total, 3);
    assert.equal(paged.rows.length, 2);
    const page2 = await searchAudit(db, {
      action: "employee",
      pageSize: 2,
      page: 2,
    });
    assert.deepEqual(page2.rows.map((r) => r.objectId), ["1"]);
    const wild = await searchAudit(db, { action: "%" });
    assert.equal(wild.total, 0, "% is taken literally");
    const future = await searchAudit(db, {
      from: new Date(Date.now() + 60_000),
    });
    assert.equal(future.total, 0);
  } finally {
    await db.close();
  }
});

const realPostgres = testDatabaseUrl();

Deno.test({
  name:
    "as a member of kic_app, UPDATE, DELETE, TRUNCATE, DISABLE TRIGGER and DROP on audit_log fail",
  ignore: !realPostgres,
  async fn() {
    const owner = await createTestDatabase(realPostgres!);
    const role = `kic_test_web_${uniqueId()}`.toLowerCase();
    const setup = postgres(owner.url, { max: 1, onnotice: () => {} });
    let served: ReturnType<typeof postgres> | undefined;
    try {
      const ownerDb = await openPostgresDb(owner.url, { max: 1 });
      try {
        await migrate(ownerDb);
        await recordAudit(ownerDb, {
          actorId: null,
          action: "test.seed",
          objectType: "test",
          objectId: 1,
        });
      } finally {
        await ownerDb.close();
      }
      // What an operator does once: a login role that is a member of kic_app.
      await setup.unsafe(
        `create role ${role} login password 'x' in role kic_app`,
      );
      const url = new URL(owner.url);
      url.username = role;
      url.password = "x";
      served = postgres(url.toString(), { max: 1, onnotice: () => {} });
      // It can serve: read and write the tables, and append to the audit log.
      await served`select count(*) from accounts`;
      await served`insert into audit_log (action, object_type) values ('test.append', 'test')`;
      const attempts = [
        "update audit_log set action = 'forged'",
        "delete from audit_log",
        "truncate audit_log",
        "alter table audit_log disable trigger audit_log_no_change",
        "alter table audit_log disable trigger all",
        "drop table audit_log",
        "drop table audit_log cascade",
        "alter table audit_log rename to audit_log_old",
        "drop function audit_log_append_only() cascade",
      ];
      for (const statement of attempts) {
        await assert.rejects(
          served.unsafe(statement),
          /permission denied|must be owner/,
          statement,
        );
      }
      const [{ n }] = await setup`select count(*)::int as n from audit_log`;
      assert.equal(n, 2, "both rows are still there");
    } finally {
      await served?.end({ timeout: 5 });
      await owner.drop();
      await setup.end({ timeout: 5 }).catch(() => {});
      const cleanup = postgres(realPostgres!, { max: 1, onnotice: () => {} });
      await cleanup.unsafe(`drop role if exists ${role}`).catch(() => {});
      await cleanup.end({ timeout: 5 });
    }
  },
});
