/**
 * Amendments through the admin's page: a child that review wrongly left out of the freeze is
 * added after the draw where the same seed puts it (a waitlist place), and an entrant is
 * corrected onto an extra seat; each is audited, mailed (the family its results, every family
 * the new chain head), replayed by the registration, published as the chain head, and the record
 * still verifies (in process and with the CLI) against the digest and the new head.
 */
import assert from "node:assert/strict";
import { DrawServices, runRoundDraw } from "@/domain/draw.ts";
import { type RoundRecord, verify } from "@/lottery/mod.ts";
import { Client, DEMO_ACCOUNTS, startTestApp } from "./harness.ts";
import { cliVerify } from "./lottery_cli.ts";
import { frozenTestRound } from "./frozen_round.ts";

const VALUE = "1203:3,11,19,28,35,44+7";

Deno.test("amendments: add a child left out, correct one onto an extra seat; verify replays", async () => {
  const app = await startTestApp();
  try {
    const services = app.app.services;
    const db = services.db;
    const now = new Date();
    const { roundId, families, frozen, adminId } = await frozenTestRound(
      services,
      {
        now,
        extra: 5,
        seats: { "k1-age1": 1, "k2-age1": 1 },
        // Review wrongly left the last family out of the freeze.
        before: async ({ families }) => {
          await db.sql`update applications set status = 'needs_review'
            where id = ${families.at(-1)!.applicationId}`;
        },
      },
    );
    const left = families[families.length - 1];
    assert.equal(frozen.record.entrants.length, 5);
    await runRoundDraw(services as DrawServices, {
      roundId,
      actorId: adminId,
      beaconValue: VALUE,
      source: "primary",
      now,
    });
    await db.sql`update applications set status = 'accepted'
      where id = ${left.applicationId}`;

    const c = new Client(app);
    await c.signIn(DEMO_ACCOUNTS[0].login, DEMO_ACCOUNTS[0].password);
    const path = `/admin/rounds/${roundId}/amend`;
    const page = await c.page(path);
    assert.equal(page.res.status, 200);
    const leftId = `a${left.applicationId}-c${left.children[0].childId}`;
    assert.ok(page.html.includes(`value="${leftId}"`));
    const missing = await c.post(path, { _csrf: page.csrf, entrant: leftId });
    assert.equal(missing.status, 400);
    const added = await c.post(path, {
      _csrf: page.csrf,
      entrant: leftId,
      reason: "서류 검토 오류 정정",
    });
    assert.equal(added.status, 303, await added.text());
    let [row] = await db.sql<{ record: RoundRecord; chain_head: string }>`
      select record, chain_head from draws where round_id = ${roundId}`;
    assert.equal(row.record.amendments?.length, 1);
    const first = row.record.amendments![0];
    assert.equal(first.placed, null);
    assert.ok(first.choices.every((ch) => ch.result === "waitlist"));
    assert.equal(
      verify(row.record, {
        digest: frozen.record.digest,
        chainHead: row.chain_head,
      })
        .ok,
      true,
    );
    const head1 = row.chain_head;

    // A correction onto an extra seat: kim's child takes an added seat in its 1st choice.
    const kim = families[0];
    const kimId = `a${kim.applicationId}-c${kim.children[0].childId}`;
    const [kimRow] = await db.sql<{ placed_code: string | null }>`
      select e.placed_code from draw_entrants e
      where e.round_id = ${roundId} and e.child_id = ${
      kim.children[0].childId
    }`;
    const extra = kimRow.placed_code === "k1-age1" ? "k2-age1" : "k1-age1";
    const corrected = await c.post(path, {
      _csrf: page.csrf,
      entrant: kimId,
      reason: "정원 추가",
      extraRecruitment: extra,
      extraSeats: "1",
    });
    assert.equal(corrected.status, 303, await corrected.text());
    [row] = await db.sql<{ record: RoundRecord; chain_head: string }>`
      select record, chain_head from draws where round_id = ${roundId}`;
    assert.equal(row.record.amendments?.length, 2);
    assert.notEqual(row.chain_head, head1);
    const verified = verify(row.record, {
      digest: frozen.record.digest,
      chainHead: row.chain_head,
    });
    assert.equal(verified.ok, true, JSON.stringify(verified.mismatch));
    const cli = await cliVerify(row.record, [
      frozen.record.digest,
      row.chain_head,
    ]);
    assert.equal(cli.code, 0, cli.stderr);
    const stale = await cliVerify(row.record, [frozen.record.digest, head1]);
    assert.equal(stale.code, 1);

    // Registration replayed both; audited; every family mailed the new chain head.
    const events = await db.sql<{ type: string }>`
      select event ->> 'type' as type from registration_events
      where round_id = ${roundId} order by id`;
    assert.deepEqual(events.map((e) => e.type), ["amend", "amend"]);
    const audits = await db.sql<{ n: number }>`
      select count(*)::int as n from audit_log where action = 'draw.amend'`;
    assert.equal(audits[0].n, 2);
    const mails = await db.sql<{ to_address: string; body_text: string }>`
      select to_address, body_text from outbox
      where subject like '%추첨 기록에 정정%' order by id`;
    assert.equal(mails.length, 2 * 6);
    assert.ok(
      mails.slice(6).every((m) => m.body_text.includes(row.chain_head)),
    );

    // The family sees the child's results and the published chain head.
    const family = new Client(app);
    await family.signIn(left.login, "kic-demo-1234");
    const { html } = await family.page(`/rounds/${roundId}`);
    assert.ok(html.includes(left.children[0].name));
    assert.ok(html.includes(row.chain_head));
    assert.match(html, /data-status="waitlist"/);
    const verifyPage = await family.page(`/rounds/${roundId}/verify`);
    assert.ok(verifyPage.html.includes(row.chain_head));
  } finally {
    await app.close();
  }
});
