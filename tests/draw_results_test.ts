/**
 * The draw through the pages: the admin's draw page (a value typed twice, refused when the two
 * differ), the family's results after a reload (won / offered / waitlisted / placed higher /
 * withdrawn, weights with addends, the beacon's source), a kept withdrawal shown as withdrawn
 * and its seat offered to the next child on that waitlist, the admin's class lists, and who may
 * read the record (the round's families and admins; another employee gets 404). The downloaded
 * record verifies with the CLI.
 */
import assert from "node:assert/strict";
import { type RoundRecord, runDraw, verify } from "@/lottery/mod.ts";
import { Client, DEMO_ACCOUNTS, startTestApp } from "./harness.ts";
import { frozenTestRound, keepWithdrawalForTest } from "./frozen_round.ts";

const VALUE = "1203:3,11,19,28,35,44+7";
const PASSWORD = "kic-demo-1234";

Deno.test("draw pages: the value twice, every family's results, class lists, record access", async () => {
  const app = await startTestApp();
  try {
    const services = app.app.services;
    const db = services.db;
    const now = new Date();
    const { roundId, families, frozen } = await frozenTestRound(services, {
      now,
      extra: 6,
      seats: { "k1-age1": 1, "k2-age1": 1 },
    });
    const preview = runDraw({
      ...frozen.record,
      secret: frozen.secret,
      beacon: { ...frozen.record.beacon, used: "primary", value: VALUE },
    }).draw!.results;
    const winner = preview.find((r) => r.placed === "k1-age1")!;
    const next = preview.find((r) =>
      r.choices.some((c) => c.recruitment === "k1-age1" && c.waitlist === 1)
    )!;
    // Freed seats cascade (the next child may free the seat it held elsewhere): the family
    // that stays waiting is the one furthest down every waitlist it is on.
    const deepest = (r: typeof preview[number]) =>
      Math.min(...r.choices.map((c) => c.waitlist ?? 0));
    const waiting = preview
      .filter((r) =>
        r.placed === null && r !== next &&
        r.choices.every((c) => c.result === "waitlist")
      )
      .sort((a, b) => deepest(b) - deepest(a))[0];
    assert.ok(deepest(waiting) >= 2, "a family no freed seat can reach");
    await keepWithdrawalForTest(db, {
      roundId,
      pseudonym: winner.pseudonym,
      by: families[0].accountId,
    });
    const entrants = await db.sql<
      { pseudonym: string; application_id: number }
    >`
      select pseudonym, application_id from draw_entrants where round_id = ${roundId}`;
    const familyOf = (p: string) => {
      const appId = Number(
        entrants.find((e) => e.pseudonym === p)!.application_id,
      );
      return families.find((f) => f.applicationId === appId)!;
    };

    // Before the draw the family's page watches the draw (an island on the event stream).
    const family = new Client(app);
    await family.signIn(familyOf(next.pseudonym).login, PASSWORD);
    const before = await family.page(`/rounds/${roundId}`);
    assert.equal(before.res.status, 200);
    assert.match(before.html, /DrawWatch/);
    assert.doesNotMatch(before.html, /data-testid="round-results"/);

    // The admin's draw page: the frozen digest and commitment; values typed twice must match.
    const adminC = new Client(app);
    await adminC.signIn(DEMO_ACCOUNTS[0].login, DEMO_ACCOUNTS[0].password);
    const drawPath = `/admin/rounds/${roundId}/draw`;
    const page = await adminC.page(drawPath);
    assert.equal(page.res.status, 200);
    assert.ok(page.html.includes(frozen.record.digest));
    assert.ok(page.html.includes(frozen.record.commitment));
    const mismatch = await adminC.post(drawPath, {
      _csrf: page.csrf,
      source: "primary",
      beaconValue: VALUE,
      beaconValueAgain: "1203:3,11,19,28,35,45+7",
    });
    assert.equal(mismatch.status, 400);
    const mismatchHtml = await mismatch.text();
    assert.match(mismatchHtml, /두 값이 다릅니다/);
    assert.ok(mismatchHtml.includes(VALUE), "the typed value is kept");
    const badFormat = await adminC.post(drawPath, {
      _csrf: page.csrf,
      source: "primary",
      beaconValue: "3,11,19",
      beaconValueAgain: "3,11,19",
    });
    assert.equal(badFormat.status, 400);
    assert.match(await badFormat.text(), /1203:3,11,19,28,35,44\+7/);
    const done = await adminC.post(drawPath, {
      _csrf: page.csrf,
      source: "primary",
      beaconValue: VALUE,
      beaconValueAgain: VALUE,
    });
    assert.equal(done.status, 303);
    assert.equal(done.headers.get("location"), `${drawPath}?done=drawn`);
    const after = await adminC.page(`${drawPath}?done=drawn`);
    assert.match(after.html, /추첨을 마쳤습니다/);

    // Each family's results after a reload (no JavaScript needed).
    const resultsOf = async (p: string) => {
      const c = new Client(app);
      await c.signIn(familyOf(p).login, PASSWORD);
      const { html } = await c.page(`/rounds/${roundId}`);
      assert.match(html, /data-testid="round-results"/);
      assert.ok(html.includes(familyOf(p).children[0].name));
      assert.ok(html.includes("https://dhlottery.co.kr"));
      assert.ok(html.includes(VALUE));
      assert.ok(html.includes(frozen.record.digest));
      assert.match(html, /가중치 \d\.\d\d \(기본 1\.00/);
      return [...html.matchAll(/data-status="(\w+)"/g)].map((m) => m[1]);
    };
    assert.deepEqual(await resultsOf(winner.pseudonym), [
      "withdrawn",
      "withdrawn",
    ]);
    const nextStatuses = await resultsOf(next.pseudonym);
    assert.equal(nextStatuses[0], "offered");
    assert.deepEqual(await resultsOf(waiting.pseudonym), [
      "waitlist",
      "waitlist",
    ]);
    const html = (await family.page(`/rounds/${roundId}`)).html;
    assert.match(html, /입소 제안 \(.+까지 확정\)/);
    const w = waiting.choices[0];
    const waitingClient = new Client(app);
    await waitingClient.signIn(familyOf(waiting.pseudonym).login, PASSWORD);
    const waitingHtml = (await waitingClient.page(`/rounds/${roundId}`)).html;
    assert.ok(
      waitingHtml.includes(`대기 ${w.waitlist}번 (순위 ${w.rank})`),
      "the frozen waitlist number and rank",
    );
    // Placed higher: someone holding a first-choice seat is not on the second's waitlist.
    const higher = preview.find((r) =>
      r.placed === "k2-age1" && r.pseudonym !== next.pseudonym
    ) ?? null;
    if (higher) {
      const statuses = await resultsOf(higher.pseudonym);
      assert.deepEqual(statuses, ["waitlist", "won"]);
    }
    const nextFamily = await resultsOf(next.pseudonym);
    assert.equal(nextFamily[1], "higher");

    // The admin's class lists, with names and counts.
    const classes = await adminC.page(`/admin/rounds/${roundId}/results`);
    assert.equal(classes.res.status, 200);
    assert.ok(classes.html.includes(familyOf(next.pseudonym).children[0].name));
    assert.match(classes.html, /신청 7명, 철회 1명/);

    // The record: families of the round and admins; any other employee is told 404.
    const stranger = new Client(app);
    await stranger.signIn("lee.minho", PASSWORD);
    for (const path of ["record.json", "verify"]) {
      const res = await stranger.fetch(`/rounds/${roundId}/${path}`);
      await res.body?.cancel();
      assert.equal(res.status, 404, path);
    }
    const asFamily = await family.fetch(`/rounds/${roundId}/record.json`);
    assert.equal(asFamily.status, 200);
    const record = await asFamily.json() as RoundRecord;
    assert.equal(verify(record, { digest: frozen.record.digest }).ok, true);
    assert.ok(!JSON.stringify(record).includes(families[0].children[0].name));
    const asAdmin = await adminC.fetch(`/rounds/${roundId}/record.json`);
    assert.equal(asAdmin.status, 200);
    await asAdmin.body?.cancel();
    const verifyPage = await family.page(`/rounds/${roundId}/verify`);
    assert.equal(verifyPage.res.status, 200);
    assert.ok(verifyPage.html.includes(frozen.record.digest));
    assert.match(verifyPage.html, /VerifyRound/);
    assert.ok(verifyPage.html.includes(VALUE));
    assert.ok(verifyPage.html.includes("https://dhlottery.co.kr"));
    const legacy = await family.fetch(`/verify?round=${roundId}`);
    assert.equal(legacy.headers.get("location"), `/rounds/${roundId}/verify`);
  } finally {
    await app.close();
  }
});
