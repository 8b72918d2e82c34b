/**
 * MIGRATION_DATABASE_URL: migrations run as the tables' owner, and the app serves as a login
 * role that is only a member of `kic_app` (migration 0006). Real PostgreSQL only.
 */
import assert from "node:assert/strict";
import postgres from "postgres";
import { recordAudit } from "@/domain/audit.ts";
import { seedDemo } from "@/domain/demo.ts";
import { openServices } from "./services.ts";
import {
  createTestDatabase,
  testConfig,
  testDatabaseUrl,
  uniqueId,
} from "./testing/mod.ts";

const server = testDatabaseUrl();

Deno.test({
  name:
    "with MIGRATION_DATABASE_URL the owner migrates and a kic_app member serves",
  ignore: !server,
  async fn() {
    const database = await createTestDatabase(server!);
    const role = `kic_test_web_${uniqueId()}`.toLowerCase();
    const admin = postgres(server!, { max: 1, onnotice: () => {} });
    try {
      // Before the first migration kic_app may not exist yet on a new cluster; the operator
      // makes the login role once the first migration ran. Here: migrate first as the owner.
      const first = await openServices(
        testConfig({ DATABASE_URL: database.url }),
      );
      await first.close();
      await admin.unsafe(
        `create role ${role} login password 'x' in role kic_app`,
      );
      const served = new URL(database.url);
      served.username = role;
      served.password = "x";
      const services = await openServices(testConfig({
        DATABASE_URL: served.toString(),
        MIGRATION_DATABASE_URL: database.url,
      }));
      try {
        const { db } = services;
        const [who] = await db.sql<
          { user: string }
        >`select current_user as user`;
        assert.equal(who.user, role);
        assert.ok(
          await seedDemo(db, new Date(), 1000),
          "the app writes its tables",
        );
        await recordAudit(db, {
          actorId: null,
          action: "test.serve",
          objectType: "test",
          objectId: 1,
        });
        const owned = await db.sql<{ n: number }>`
          select count(*)::int as n from pg_tables
          where schemaname = 'public' and tableowner = ${role}`;
        assert.equal(owned[0].n, 0, "the serving role owns no table");
        await assert.rejects(
          db.sql`delete from audit_log`,
          /permission denied/,
        );
      } finally {
        await services.close();
      }
    } finally {
      await database.drop();
      await admin.unsafe(`drop role if exists ${role}`).catch(() => {});
      await admin.end({ timeout: 5 });
    }
  },
});
