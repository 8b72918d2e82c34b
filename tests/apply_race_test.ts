/**
 * Must show 4 (first half): the two parents of a family submit and edit at the same moment, 100
 * times over. Never a 5xx, always one application, the second parent told (409 with the first's
 * application), and the final content equal to one of the two edits.
 */
import assert from "node:assert/strict";
import {
  applyPage,
  classIds,
  demoRound,
  postParams,
  upload,
} from "./apply_helpers.ts";
import { Client, DEMO_ACCOUNTS, startTestApp } from "./harness.ts";

const LEE = DEMO_ACCOUNTS[2];
const PARK = DEMO_ACCOUNTS[3];
const ROUNDS = 100;

Deno.test("two parents at once, 100 times: one application, one winner, no 5xx", async () => {
  const app = await startTestApp();
  try {
    const db = app.app.services.db;
    const roundId = await demoRound(app);
    const lee = new Client(app);
    const park = new Client(app);
    await lee.signIn(LEE.login, LEE.password);
    await park.signIn(PARK.login, PARK.password);
    for (const kind of ["resident_register", "family_register"]) {
      assert.equal((await upload(lee, { roundId, kind })).status, 303);
    }
    const kids = await db.sql<{ id: number }>`
      select c.id from children c join accounts a on a.id = c.account_id
      where a.login = 'lee.minho' order by c.id`;
    const [b1, b2] = kids.map((k) => Number(k.id));
    const [x, y] = await classIds(app, { roundId, age: 2 });
    const leeCsrf = (await applyPage(lee, roundId)).csrf;
    const parkCsrf = (await applyPage(park, roundId)).csrf;
    /** Each parent's edit: a different order of the two classes and a different factor. */
    const edit = (who: "lee" | "park", version: string, i: number) =>
      new URLSearchParams({
        _csrf: who === "lee" ? leeCsrf : parkCsrf,
        version,
        [`choice-${b1}-1`]: String(who === "lee" ? x : y),
        [`choice-${b1}-2`]: String(who === "lee" ? y : x),
        [`choice-${b2}-1`]: String(x),
        childrenCount: "2",
        ...(who === "park" ? { disability: "1" } : {}),
        ...(i % 3 === 0 && who === "lee"
          ? { intent: "draft" }
          : { intent: "submit" }),
      });
    // The disability document, so park's edit can be submitted too.
    const disability = await upload(park, { roundId, kind: "disability" });
    assert.equal(disability.status, 303);
    const wins = { lee: 0, park: 0 };
    for (let i = 0; i < ROUNDS; i++) {
      const [row] = await db.sql<{ version: number }>`
        select version from applications where status <> 'withdrawn'`;
      const version = row ? String(row.version) : "0";
      const path = `/rounds/${roundId}/apply`;
      const [a, b] = await Promise.all([
        postParams(lee, { path, params: edit("lee", version, i) }),
        postParams(park, { path, params: edit("park", version, i) }),
      ]);
      const bodies = [await a.text(), await b.text()];
      assert.ok(
        a.status < 500 && b.status < 500,
        `${i}: ${a.status} ${b.status}`,
      );
      const statuses = [a.status, b.status].sort();
      assert.deepEqual(statuses, [303, 409], `${i}: ${a.status} ${b.status}`);
      const loser = a.status === 409 ? 0 : 1;
      assert.match(bodies[loser], /다른 보호자가 방금 신청서를 바꿨습니다/);
      const winner = a.status === 303 ? "lee" : "park";
      wins[winner]++;
      const apps = await db.sql<{ id: number; facts: { disability: boolean } }>`
        select id, facts from applications where status <> 'withdrawn'`;
      assert.equal(apps.length, 1, `${i}: one application`);
      const choices = await db.sql<{ recruitment_id: number }>`
        select recruitment_id from application_choices
        where application_id = ${
        apps[0].id
      } and child_id = ${b1} order by rank`;
      const expected = winner === "lee" ? [x, y] : [y, x];
      assert.deepEqual(
        choices.map((c) => Number(c.recruitment_id)),
        expected,
        `${i}`,
      );
      assert.equal(apps[0].facts.disability, winner === "park");
      // The loser's page shows the winner's application as saved now.
      const first = String(expected[0]);
      assert.match(
        bodies[loser],
        new RegExp(
          `name="choice-${b1}-1">.*?value="${first}"\\s*selected`,
          "s",
        ),
      );
    }
    assert.equal(
      (await db.sql`select 1 from applications`).length,
      1,
      "never a second application row",
    );
    console.log(`wins: lee ${wins.lee}, park ${wins.park}`);
  } finally {
    await app.close();
  }
});
