/**
 * Who may read a frozen round's public record, frozen list, verify page and live events: the
 * round's families (an application filed in it) and admins. A family whose only application in
 * the round is a draft it never submitted is no family of the round: 404 everywhere, as for any
 * other employee, and it cannot file a report on the frozen list.
 */
import assert from "node:assert/strict";
import { DEMO_ACCOUNTS } from "@/domain/demo.ts";
import { familyOf } from "@/domain/family.ts";
import { frozenTestRound } from "./frozen_round.ts";
import { Client, startTestApp } from "./harness.ts";

const LEE = DEMO_ACCOUNTS[2];

Deno.test("security: a draft application does not open a frozen round's record", async () => {
  const app = await startTestApp();
  try {
    const services = app.app.services;
    const db = services.db;
    const { roundId, families } = await frozenTestRound(services, {
      now: new Date(),
      extra: 1,
    });
    const [lee] = await db.sql<{ id: number }>`
      select id from accounts where login = ${LEE.login}`;
    const family = await familyOf(db, Number(lee.id));
    assert.ok(!families.some((f) => family.memberIds.includes(f.accountId)));
    const [existing] = await db.sql<{ id: number }>`
      select id from applications where round_id = ${roundId}
        and family_key = any(${family.memberIds}::int8[]) and status <> 'withdrawn'`;
    if (existing) {
      await db
        .sql`update applications set status = 'draft' where id = ${existing.id}`;
    } else {
      await db.sql`
        insert into applications (round_id, family_key, filed_by, status, facts)
        values (${roundId}, ${family.key}, ${lee.id}, 'draft', '{}'::jsonb)`;
    }
    const paths = [
      `/rounds/${roundId}/record.json`,
      `/rounds/${roundId}/frozen.json`,
      `/rounds/${roundId}/frozen`,
      `/rounds/${roundId}/verify`,
      `/rounds/${roundId}/events`,
    ];
    // A family of the round reads them (the events stream is only opened, then dropped).
    const kim = new Client(app);
    await kim.signIn(families[0].login, "kic-demo-1234");
    for (const path of paths) {
      const res = await kim.fetch(path);
      assert.equal(res.status, 200, path);
      await res.body?.cancel();
    }
    const c = new Client(app);
    await c.signIn(LEE.login, LEE.password);
    const frozen = await c.page(`/rounds/${roundId}/frozen`);
    assert.equal(frozen.res.status, 404);
    for (const path of paths) {
      const res = await c.fetch(path);
      assert.equal(res.status, 404, path);
      await res.body?.cancel();
    }
    const { csrf } = await c.page("/profile");
    const report = await c.post(`/rounds/${roundId}/frozen`, {
      _csrf: csrf,
      body: "목록이 틀렸어요",
    });
    assert.equal(report.status, 404);
    const [n] = await db.sql<{ n: number }>`
      select count(*)::int as n from freeze_reports where round_id = ${roundId}`;
    assert.equal(n.n, 0);
  } finally {
    await app.close();
  }
});
