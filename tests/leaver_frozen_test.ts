import assert from "node:assert/strict";
import { seedDemo } from "@/domain/demo.ts";
import { deactivateEmployee } from "@/domain/employees.ts";
import { openTestServices } from "@/services/testing/mod.ts";
import { frozenTestRound } from "./frozen_round.ts";

Deno.test("a leaver without an employee spouse in a frozen round: the withdrawal is kept", async () => {
  const services = await openTestServices();
  try {
    const { db } = services;
    const now = new Date();
    await seedDemo(db, now, 1000);
    const round = await frozenTestRound(services, { now, extra: 2 });
    const kim = round.families[0];
    const listBefore = await db.sql`
      select pseudonym from draw_entrants where round_id = ${round.roundId} order by 1`;

    const out = await deactivateEmployee(db, {
      actorId: round.adminId,
      id: kim.accountId,
      now,
    });
    assert.ok(out?.ok);

    // The frozen list is unchanged; the leaver's entrant is kept aside for the draw.
    const listAfter = await db.sql`
      select pseudonym from draw_entrants where round_id = ${round.roundId} order by 1`;
    assert.deepEqual(listAfter, listBefore);
    const kept = await db.sql<{ pseudonym: string }>`
      select k.pseudonym from kept_withdrawals k
      join draw_entrants e on e.round_id = k.round_id and e.pseudonym = k.pseudonym
      where e.application_id = ${kim.applicationId}`;
    assert.equal(kept.length, 1);
    const [app] = await db.sql<{ status: string }>`
      select status from applications where id = ${kim.applicationId}`;
    assert.notEqual(
      app.status,
      "withdrawn",
      "the frozen application stays as it was",
    );
    const audits = await db.sql`
      select 1 from audit_log where action = 'application.withdrawLeaverKept'
        and object_id = ${String(kim.applicationId)}`;
    assert.equal(audits.length, 1);
  } finally {
    await services.close();
  }
});
