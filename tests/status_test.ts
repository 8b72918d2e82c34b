/**
 * The family's status page (issue 11, Must show 2 and 4): the chance shown equals the lottery
 * module's odds of a pool this test writes by hand from the applications it made (weights from
 * rules.md's table, accepted factors only, pool applications only), exact and simulated; the
 * page never waits (it says "being computed" until the job has run); another family sees only
 * its own; anonymous goes to sign in.
 */
import assert from "node:assert/strict";
import { runOddsRequests } from "@/domain/odds.ts";
import { type Entrant, oddsOf } from "@/lottery/mod.ts";
import { systemClock } from "@/services/clock.ts";
import { accountId } from "./apply_helpers.ts";
import { Client, DEMO_ACCOUNTS, startTestApp } from "./harness.ts";
import {
  application,
  RECRUITMENTS,
  type StatusWorld as World,
  statusWorld as world,
} from "./odds_helpers.ts";

const KIM = DEMO_ACCOUNTS[1];
const LEE = DEMO_ACCOUNTS[2];

/** The pool written by hand: Kim 1.00 + 13 × 0.10 + 0.50 + 2 × 0.20 = 3.20, and the others. */
function handPool(w: World, kimChoices: string[]): Entrant[] {
  const id = (app: number, kid: number) => `a${app}-c${kid}`;
  const kim = id(w.kimApp, w.kimChild);
  const inPool = w.others.filter((o) => o.weight > 0);
  return [
    {
      pseudonym: kim,
      members: [kim],
      choices: kimChoices.map((c) => ({
        recruitment: c,
        weight: 100 + 130 + 50 + 40,
        tier: 1,
      })),
    },
    ...inPool.map((o) => ({
      pseudonym: id(o.app, o.child),
      members: [id(o.app, o.child)],
      choices: [{ recruitment: o.choice, weight: o.weight, tier: 1 }],
    })),
  ];
}

/** The chances on the page, by class code, as the `<data value>` of each choice. */
function shownChances(html: string): Map<string, number> {
  const out = new Map<string, number>();
  for (
    const m of html.matchAll(
      /data-choice="([^"]+)"[^>]*>(?:(?!<\/li>)[\s\S])*?<data value="([^"]+)"/g,
    )
  ) out.set(m[1], Number(m[2]));
  return out;
}

async function checkChances(kimChoices: string[], method: string) {
  const app = await startTestApp();
  try {
    const { db, cache } = app.app.services;
    const w = await world(app, kimChoices);
    const kim = new Client(app);
    await kim.signIn(KIM.login, KIM.password);
    const path = `/rounds/${w.roundId}/status`;

    // Before the job has run the page does not wait: "being computed", and a request queued.
    const first = await kim.page(path);
    assert.equal(first.res.status, 200);
    assert.match(first.html, /당첨 확률을 계산하고 있습니다/);
    const [queued] = await db.sql<{ n: number }>`
      select count(*)::int as n from odds_requests where round_id = ${w.roundId}`;
    assert.equal(Number(queued.n), 1);

    // Documents with their states and the admin's reason.
    assert.match(first.html, /반려 사유: 이름이 가려져 있지 않습니다/);
    // The weight explained: 13 years, the single parent, two more children; not the disability.
    assert.match(first.html, /근속 13년 × 0\.10 = \+1\.30/);
    assert.match(first.html, /한부모 가정 \(서류 승인\) = \+0\.50/);
    assert.match(first.html, /추가 자녀 2명 × 0\.20 = \+0\.40/);
    assert.match(first.html, /가중치 3\.20/);
    assert.doesNotMatch(first.html, /장애 \(서류 승인\)/);
    assert.match(first.html, /장애: [^<]*반려되어 더해지지 않습니다/);

    // The job, driven here: it computes in a worker and caches the result.
    const ran = await runOddsRequests({
      db,
      cache,
      clock: systemClock,
      owner: "test",
    });
    assert.deepEqual(ran, [w.roundId]);

    const page = await kim.page(path);
    assert.doesNotMatch(page.html, /계산하고 있습니다/);
    const expected = oddsOf({
      recruitments: RECRUITMENTS,
      entrants: handPool(w, kimChoices),
    });
    assert.equal(expected.method, method);
    const shown = shownChances(page.html);
    const mine = expected.odds.filter((o) =>
      o.entrant === `a${w.kimApp}-c${w.kimChild}`
    );
    assert.equal(mine.length, kimChoices.length);
    for (const o of mine) {
      assert.ok(o.p > 0 && o.p < 1, `${o.recruitment}: ${o.p}`);
      assert.equal(shown.get(o.recruitment), o.p, o.recruitment);
    }
    assert.match(
      page.html,
      method === "exact" ? /\(정확한 계산\)/ : /\(모의 추첨\)/,
    );
    if (method === "simulated") {
      assert.match(page.html, /%p\)/); // the half-width beside the percentage
    }
    // 6 live applications, 5 no longer pending (Kim, a, b, c accepted; e rejected).
    assert.match(page.html, /신청 6건 중 5건의 검토가 끝난/);
  } finally {
    await app.close();
  }
}

Deno.test("status: the exact chance equals the lottery's for the hand-written pool", async () => {
  await checkChances(["k1-age0"], "exact");
});

Deno.test("status: the simulated chance equals the lottery's for the hand-written pool", async () => {
  await checkChances(["k1-age0", "k2-age1"], "simulated");
});

Deno.test("status: another family sees only its own; anonymous goes to sign in", async () => {
  const app = await startTestApp();
  try {
    const { db } = app.app.services;
    const w = await world(app, ["k1-age0"]);
    const path = `/rounds/${w.roundId}/status`;

    const anon = await app.fetch(path, { redirect: "manual" });
    assert.ok([302, 303].includes(anon.status), String(anon.status));
    assert.match(anon.headers.get("location") ?? "", /^\/login\?next=/);

    const lee = new Client(app);
    await lee.signIn(LEE.login, LEE.password);
    // No application yet: the empty state, and nothing of Kim's family.
    const empty = await lee.page(path);
    assert.equal(empty.res.status, 200);
    assert.match(empty.html, /아직 제출한 신청서가 없습니다/);
    assert.doesNotMatch(empty.html, /김서윤|3\.20|이름이 가려져/);

    // With its own application it sees its own children and weight, still not Kim's.
    const leeId = await accountId(app, LEE.login);
    const [doyun] = await db.sql<{ id: number }>`
      select id from children where account_id = ${leeId} order by id limit 1`;
    await application(db, {
      roundId: w.roundId,
      familyKey: leeId,
      status: "submitted",
      children: [{ id: Number(doyun.id), choices: ["k1-age2"] }],
      documents: [["resident_register", "pending"]],
    });
    const own = await lee.page(path);
    assert.equal(own.res.status, 200);
    assert.match(own.html, /이도윤/);
    assert.match(own.html, /검토 중/);
    assert.doesNotMatch(own.html, /김서윤|3\.20|이름이 가려져/);

    // A round that does not exist is a 404, not another family's page.
    const none = await lee.fetch(`/rounds/999999/status`);
    assert.equal(none.status, 404);
  } finally {
    await app.close();
  }
});
