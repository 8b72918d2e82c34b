/**
 * The draw use case (domain/draw.ts) on a round frozen by the test fixture: time and format
 * rules, exactly once, the stored outcome, a kept withdrawal applied with its seat offered down
 * the waitlist, the result mails, the `drawn` event, the second admin, and the record verifying
 * with the CLI (and naming a changed `u`).
 */
import assert from "node:assert/strict";
import { seedDemo } from "@/domain/demo.ts";
import {
  DrawRefusedError,
  type DrawServices,
  runRoundDraw,
} from "@/domain/draw.ts";
import { entrantResults } from "@/domain/draw_results.ts";
import { DEMO_BEACON_VALUE, seedDrawnDemoRound } from "@/domain/demo_drawn.ts";
import { roundEventsSince } from "@/domain/round_events.ts";
import { runDraw } from "@/lottery/mod.ts";
import type { RoundRecord } from "@/lottery/types.ts";
import type { Db } from "@/services/db.ts";
import { openTestServices } from "@/services/testing/mod.ts";
import { cliVerify } from "./lottery_cli.ts";
import {
  acceptedRound,
  freezeForTest,
  keepWithdrawalForTest,
} from "./frozen_round.ts";

const VALUE = "1203:3,11,19,28,35,44+7";
const HOUR = 3_600_000;

async function adminId(db: Db): Promise<number> {
  const [row] = await db.sql<{ id: number }>`
    select id from accounts where login = 'admin'`;
  return Number(row.id);
}

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (error) {
    if (error instanceof DrawRefusedError) return error.code;
    throw error;
  }
  return "accepted";
}

Deno.test("draw: rules, exactly once, withdrawal offered down the waitlist, mails, CLI verify", async () => {
  const services = await openTestServices();
  try {
    const { db } = services;
    const now = new Date();
    await seedDemo(db, now, 1000);
    const admin = await adminId(db);
    const { roundId, families } = await acceptedRound(db, {
      now,
      extra: 6,
      seats: { "k1-age1": 1, "k2-age1": 1 },
    });
    const frozen = await freezeForTest(services, {
      roundId,
      actorId: admin,
      now,
    });
    // Who wins k1-age1 with this value is known to whoever holds the secret: withdraw them.
    const preview = runDraw({
      ...frozen.record,
      secret: frozen.secret,
      beacon: { ...frozen.record.beacon, used: "primary", value: VALUE },
    });
    const winner = preview.draw!.results.find((r) => r.placed === "k1-age1")!;
    const next = preview.draw!.results.find((r) =>
      r.choices.some((c) => c.recruitment === "k1-age1" && c.waitlist === 1)
    )!;
    await keepWithdrawalForTest(db, {
      roundId,
      pseudonym: winner.pseudonym,
      by: families[0].accountId,
    });
    const draw = (over: Partial<Parameters<typeof runRoundDraw>[1]>) =>
      runRoundDraw(services as DrawServices, {
        roundId,
        actorId: admin,
        beaconValue: VALUE,
        source: "primary",
        now,
        ...over,
      });

    // Refusals: before the beacon's time, the fallback before the deadline, a bad format.
    assert.equal(
      await refusal(draw({ now: new Date(now.getTime() - 2 * HOUR) })),
      "too-early",
    );
    assert.equal(
      await refusal(draw({ source: "fallback" })),
      "fallback-too-early",
    );
    assert.equal(await refusal(draw({ beaconValue: "1203:3,11" })), "format");
    assert.equal(
      await refusal(draw({ beaconValue: "1203:11,3,19,28,35,44+7" })),
      "format",
    );
    const [{ status: still }] = await db.sql<{ status: string }>`
      select status from rounds where id = ${roundId}`;
    assert.equal(still, "frozen");

    // The draw, then the same value again (the same answer), then a different one (refused).
    const first = await draw({});
    assert.equal(first.status, "drawn");
    assert.ok(first.status === "drawn" && !first.existing);
    const again = await draw({});
    assert.ok(again.status === "drawn" && again.existing);
    assert.equal(again.seed, first.seed);
    assert.equal(again.digest, frozen.record.digest);
    assert.equal(
      await refusal(draw({ beaconValue: "1203:3,11,19,28,35,45+7" })),
      "already-drawn-other",
    );

    const [row] = await db.sql<
      { record: RoundRecord; secret: string; seed: string; status: string }
    >`select d.record, d.secret, d.seed, r.status from draws d
      join rounds r on r.id = d.round_id where d.round_id = ${roundId}`;
    assert.equal(row.status, "drawn");
    assert.equal(row.secret, frozen.secret);
    assert.equal(row.record.seed, preview.seed);
    assert.deepEqual(row.record.draw, preview.draw);
    const [stored] = await db.sql<{ n: number }>`
      select count(*)::int as n from draw_choices
      where round_id = ${roundId} and key is not null and rank is not null`;
    assert.equal(stored.n, 7 * 2);

    // The kept withdrawal: applied as the registration event, its seat offered to the next.
    const events = await db.sql<{ event: { type: string; entrant: string } }>`
      select event from registration_events where round_id = ${roundId}`;
    assert.deepEqual(events.map((e) => e.event.type), ["withdraw"]);
    assert.equal(events[0].event.entrant, winner.pseudonym);
    const [applied] = await db.sql<{ applied_at: Date | null }>`
      select applied_at from kept_withdrawals where round_id = ${roundId}`;
    assert.ok(applied.applied_at);
    const results = await entrantResults(db, { roundId });
    const byP = new Map(results.map((r) => [r.pseudonym, r]));
    assert.deepEqual(
      byP.get(winner.pseudonym)!.choices.map((c) => c.status),
      ["withdrawn", "withdrawn"],
    );
    const nextK1 = byP.get(next.pseudonym)!.choices.find((c) =>
      c.code === "k1-age1"
    )!;
    assert.equal(nextK1.status, "offered");
    assert.ok(nextK1.deadline);
    const statuses = results.flatMap((r) => r.choices.map((c) => c.status));
    assert.ok(statuses.includes("waitlist"));
    const waiting = results.flatMap((r) => r.choices).find((c) =>
      c.status === "waitlist"
    )!;
    assert.ok(waiting.waitlist! >= 1 && waiting.rank! >= 1);

    // The round event for the watching browsers: pseudonyms only.
    const watched = await roundEventsSince(db, { roundId });
    assert.deepEqual(watched.map((e) => e.kind), ["frozen", "drawn"]);
    const drawn = watched[1];
    const payload = drawn.payload as {
      seed: string;
      recruitments: { id: string; won: string[] }[];
    };
    assert.equal(payload.seed, first.seed);
    assert.deepEqual(
      payload.recruitments.find((r) => r.id === "k1-age1")!.won,
      [winner.pseudonym],
    );
    assert.ok(!JSON.stringify(payload).includes(families[0].children[0].name));

    // Every family's result mail, with the beacon value and its official source.
    const mails = await db.sql<{ to_address: string; body_text: string }>`
      select to_address, body_text from outbox where subject like '%추첨 결과%'`;
    assert.equal(mails.length, 7);
    const kim = mails.find((m) => m.to_address === "kim.hana@kic.example")!;
    assert.ok(kim.body_text.includes(VALUE));
    assert.ok(kim.body_text.includes("https://dhlottery.co.kr"));
    assert.ok(kim.body_text.includes(families[0].children[0].name));
    assert.ok(kim.body_text.includes("가중치"));

    // The audit rows.
    const audits = await db.sql<{ action: string }>`
      select action from audit_log where object_type = 'round'
        and object_id = ${String(roundId)} and action like 'draw.%'`;
    assert.deepEqual(audits.map((a) => a.action), ["draw.run"]);

    // The record verifies with the CLI; one changed u is named.
    const ok = await cliVerify(row.record, [frozen.record.digest]);
    assert.equal(ok.code, 0, ok.stderr);
    const tampered = structuredClone(row.record);
    const victim = tampered.draw!.results[2];
    victim.u = victim.u / 2;
    const bad = await cliVerify(tampered, [frozen.record.digest]);
    assert.equal(bad.code, 1);
    assert.match(
      bad.stderr,
      new RegExp(`draw\\.results\\[${victim.pseudonym}\\]\\.u`),
    );
  } finally {
    await services.close();
  }
});

Deno.test("draw: a second admin must enter the same value", async () => {
  const services = await openTestServices();
  try {
    const { db } = services;
    const now = new Date();
    await seedDemo(db, now, 1000);
    const admin = await adminId(db);
    const [other] = await db.sql<{ id: number }>`
      insert into accounts (login, email, name_ko, employee_no, join_date, role)
      values ('admin2', 'admin2@kic.example', '관리자2', 'A0002', '2015-03-02', 'admin')
      returning id`;
    const { roundId } = await acceptedRound(db, { now, extra: 2 });
    await db.sql`update rounds set requires_second_approval = true
      where id = ${roundId}`;
    await freezeForTest(services, { roundId, actorId: admin, now });
    const draw = (actorId: number, beaconValue = VALUE) =>
      runRoundDraw(services as DrawServices, {
        roundId,
        actorId,
        beaconValue,
        source: "primary",
        now,
      });
    assert.deepEqual(await draw(admin), {
      status: "pending",
      enteredBy: admin,
    });
    assert.equal((await draw(admin)).status, "pending");
    assert.equal(
      await refusal(draw(Number(other.id), "1203:3,11,19,28,35,45+7")),
      "pending-other",
    );
    const done = await draw(Number(other.id));
    assert.equal(done.status, "drawn");
    const [row] = await db.sql<
      { beacon_entered_by: number; approved_by: number }
    >`select beacon_entered_by, approved_by from draws where round_id = ${roundId}`;
    assert.equal(Number(row.beacon_entered_by), admin);
    assert.equal(Number(row.approved_by), Number(other.id));
  } finally {
    await services.close();
  }
});

Deno.test("the demo's drawn round: results for the demo families, and it verifies with the CLI", async () => {
  const services = await openTestServices();
  try {
    const { db } = services;
    await seedDemo(db, new Date(), 1000);
    const roundId = await seedDrawnDemoRound(services);
    const [row] = await db.sql<
      { record: RoundRecord; digest: string; status: string }
    >`select d.record, d.digest, r.status from draws d join rounds r on r.id = d.round_id
      where d.round_id = ${roundId}`;
    assert.equal(row.status, "drawn");
    assert.equal(row.record.beacon.value, DEMO_BEACON_VALUE);
    const kim = await db.sql<{ id: number }>`
      select id from accounts where login = 'kim.hana'`;
    const mine = await entrantResults(db, {
      roundId,
      familyKeys: [Number(kim[0].id)],
    });
    assert.equal(mine.length, 1);
    assert.equal(mine[0].choices.length, 2);
    const all = await entrantResults(db, { roundId });
    assert.equal(all.length, 3);
    const ok = await cliVerify(row.record, [row.digest]);
    assert.equal(ok.code, 0, ok.stderr);
    // The open demo round is untouched.
    const [open] = await db.sql<{ n: number }>`
      select count(*)::int as n from rounds where status = 'open'`;
    assert.equal(open.n, 1);
  } finally {
    await services.close();
  }
});
