import assert from "node:assert/strict";
import { seedDemo } from "@/domain/demo.ts";
import { validateSettings } from "@/lottery/weights_and_tiers.ts";
import { openTestDb } from "@/services/testing/mod.ts";

Deno.test("schema: the domain rules the database itself enforces", async (t) => {
  const db = await openTestDb();
  try {
    await seedDemo(db, new Date("2027-01-10T00:00:00Z"), 1000);
    const [admin] = await db.sql<
      { id: number }
    >`SELECT id FROM accounts WHERE login = 'admin'`;
    const [round] = await db.sql<{ id: number }>`SELECT id FROM rounds LIMIT 1`;

    await t.step("the audit log is append-only", async () => {
      await db
        .sql`INSERT INTO audit_log (actor_id, action, object_type, object_id, after)
        VALUES (${admin.id}, 'round.create', 'round', ${String(round.id)}, ${{
        name: "x",
      }}::jsonb)`;
      await assert.rejects(
        db.sql`UPDATE audit_log SET action = 'forged'`,
        /append-only/,
      );
      await assert.rejects(db.sql`DELETE FROM audit_log`, /append-only/);
      const [{ n }] = await db.sql<
        { n: number }
      >`SELECT count(*)::int AS n FROM audit_log`;
      assert.equal(n, 1);
    });

    await t.step("a round's calendar must be strictly ordered", async () => {
      await assert.rejects(
        db.sql`
        INSERT INTO rounds (name, applications_open_at, applications_close_at, review_until, draw_at,
          first_window_start, first_window_end, second_window_start, second_window_end,
          beacon_kind, beacon_name, fallback_kind, fallback_name)
        VALUES ('bad', '2027-03-10', '2027-03-01', '2027-03-20', '2027-03-21', '2027-03-22', '2027-03-29',
          '2027-03-30', '2027-04-06', 'lotto645', 'x', 'drand', 'y')`,
        /violates check constraint/,
      );
    });

    await t.step(
      "one application per family per round (a withdrawn one does not count)",
      async () => {
        const [kim] = await db.sql<
          { id: number }
        >`SELECT id FROM accounts WHERE login = 'kim.hana'`;
        const [first] = await db.sql<{ id: number }>`
        INSERT INTO applications (round_id, family_key, filed_by) VALUES (${round.id}, ${kim.id}, ${kim.id})
        RETURNING id`;
        await assert.rejects(
          db.sql`INSERT INTO applications (round_id, family_key, filed_by) VALUES (${round.id}, ${kim.id}, ${kim.id})`,
          /applications_one_per_family/,
        );
        await db
          .sql`UPDATE applications SET status = 'withdrawn' WHERE id = ${first.id}`;
        await db
          .sql`INSERT INTO applications (round_id, family_key, filed_by) VALUES (${round.id}, ${kim.id}, ${kim.id})`;
      },
    );

    await t.step("seats, weights and tokens are checked", async () => {
      const [r] = await db.sql<
        { id: number; kindergarten_id: number }
      >`SELECT id, kindergarten_id FROM recruitments LIMIT 1`;
      await assert.rejects(
        db.sql`UPDATE recruitments SET seats = -1 WHERE id = ${r.id}`,
        /recruitments_seats_check/,
      );
      await assert.rejects(
        db.sql`INSERT INTO children (account_id, name, birth_date, token)
        VALUES (${admin.id}, 'x', '2025-01-01', 'not-a-token')`,
        /children_token_check/,
      );
      await assert.rejects(
        db.sql`UPDATE recruitments SET code = 'has space' WHERE id = ${r.id}`,
        /recruitments_code_check/,
      );
    });

    await t.step("demo data seeds once", async () => {
      assert.equal(await seedDemo(db, new Date(), 1000), false);
      const [{ n }] = await db.sql<
        { n: number }
      >`SELECT count(*)::int AS n FROM recruitments`;
      assert.equal(n, 6);
    });
  } finally {
    await db.close();
  }
});

Deno.test("demo recruitments carry valid lottery settings", async () => {
  const db = await openTestDb();
  try {
    await seedDemo(db, new Date(), 1000);
    const rows = await db.sql<
      { settings: unknown }
    >`SELECT settings FROM recruitments`;
    assert.equal(rows.length, 6);
    for (const row of rows) {
      assert.deepEqual(validateSettings(row.settings as never), []);
    }
  } finally {
    await db.close();
  }
});
