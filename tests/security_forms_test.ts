/**
 * Hostile input to the forms of review, the freeze, the draw and amendments, which the demo
 * pages of the fuzz suites do not render: huge values, control bytes, wrong types, repeated and
 * missing fields each answer 400 (or a refusal 404/409), never a 500, and change nothing.
 */
import assert from "node:assert/strict";
import { DEMO_ACCOUNTS } from "@/domain/demo.ts";
import { type DrawServices, runRoundDraw } from "@/domain/draw.ts";
import { demoRound, PDF, postParams } from "./apply_helpers.ts";
import { frozenTestRound } from "./frozen_round.ts";
import { Client, startTestApp, type TestApp } from "./harness.ts";
import { closeWindow, submitApplication } from "./review_helpers.ts";

const ADMIN = DEMO_ACCOUNTS[0];
const KIM = DEMO_ACCOUNTS[1];
const VALUE = "1203:3,11,19,28,35,44+7";
const HUGE = "가".repeat(200_000);
const CONTROL = "a\u0000b\u0007c\u001b[31m";

/** Field sets with hostile values; each pair list is sent as a urlencoded body. */
function hostile(fields: string[]): [string, string][][] {
  const sets: [string, string][][] = [[]];
  for (const f of fields) {
    sets.push([[f, HUGE]]);
    sets.push([[f, CONTROL]]);
    sets.push([[f, "-1"], [f, "99999999999999999999999"]]);
    sets.push([[f, "[object Object]"], [f, ""]]);
    sets.push(fields.map((g) => [g, g === f ? "\u0085" : "1"]));
  }
  sets.push(fields.map((f) => [f, "0"]));
  sets.push(fields.map((f) => [f, " "]));
  sets.push(fields.flatMap((f) => [[f, "x"], [f, "y"], [f, HUGE]]));
  return sets;
}

/**
 * Sends every hostile set to `path`; asserts no 5xx, and a message on every 400 or 409. (A
 * repeated field counts by its first value, so a set may be valid and redirect.)
 */
async function fuzz(
  c: Client,
  path: string,
  fields: string[],
  extra: [string, string][] = [],
): Promise<void> {
  const { csrf, res } = await c.page(path);
  assert.equal(res.status, 200, path);
  for (const set of hostile(fields)) {
    const params = new URLSearchParams([["_csrf", csrf], ...extra, ...set]);
    const r = await postParams(c, { path, params });
    const text = await r.text();
    const what = `${path} ${
      JSON.stringify(set.map(([k, v]) => [k, v.slice(0, 20)]))
    } -> ${r.status}`;
    assert.ok(r.status < 500, what);
    if (r.status === 400 || r.status === 409) {
      assert.match(text, /role="alert"/, `${what}: no message`);
    }
  }
}

async function signedIn(app: TestApp, login: string, password: string) {
  const c = new Client(app);
  await c.signIn(login, password);
  return c;
}

Deno.test("security: hostile review and duplicates forms answer 400/404, never 500", async () => {
  const app = await startTestApp();
  try {
    const db = app.app.services.db;
    const roundId = await demoRound(app);
    const id = await submitApplication(app, {
      login: KIM.login,
      roundId,
      documents: { resident_register: PDF },
    });
    await closeWindow(db, roundId);
    const admin = await signedIn(app, ADMIN.login, ADMIN.password);
    const [doc] = await db.sql<{ id: number }>`
      select id from documents where application_id = ${id} limit 1`;
    const path = `/admin/review/${id}`;
    await fuzz(admin, path, ["intent"]);
    await fuzz(admin, path, ["document", "reason"], [["intent", "reject"]]);
    await fuzz(admin, path, ["reason"], [["intent", "reject"], [
      "document",
      String(doc.id),
    ]]);
    await fuzz(admin, path, ["kinds", "children", "note"], [[
      "intent",
      "correction",
    ]]);
    await fuzz(admin, path, ["document"], [["intent", "accept"]]);
    await fuzz(admin, `/admin/review/duplicates?round=${roundId}`, [
      "intent",
      "childA",
      "childB",
      "application",
      "child",
      "reason",
    ]);
    await fuzz(admin, "/admin/hr-flags", ["flag"]);
  } finally {
    await app.close();
  }
});

Deno.test("security: hostile freeze, frozen-list, draw and amend forms answer 400, never 500", async () => {
  const app = await startTestApp();
  try {
    const services = app.app.services;
    const db = services.db;
    const now = new Date();
    const { roundId, families, adminId } = await frozenTestRound(services, {
      now,
      extra: 2,
    });
    const admin = await signedIn(app, ADMIN.login, ADMIN.password);
    await fuzz(admin, `/admin/rounds/${roundId}/freeze`, ["intent"]);
    await fuzz(admin, `/admin/rounds/${roundId}/freeze`, [
      "application",
      "reason",
    ], [["intent", "exclude"]]);
    await fuzz(admin, `/admin/rounds/${roundId}/draw`, [
      "source",
      "beaconValue",
      "beaconValueAgain",
    ]);
    const kim = await signedIn(app, families[0].login, "kic-demo-1234");
    await fuzz(kim, `/rounds/${roundId}/frozen`, ["body"]);
    await fuzz(kim, `/rounds/${roundId}`, ["intent"]);
    const [before] = await db.sql<{ seed: string | null }>`
      select seed from draws where round_id = ${roundId}`;
    assert.equal(before.seed, null);

    await runRoundDraw(services as DrawServices, {
      roundId,
      actorId: adminId,
      beaconValue: VALUE,
      source: "primary",
      now,
    });
    await fuzz(admin, `/admin/rounds/${roundId}/amend`, [
      "entrant",
      "reason",
      "extraRecruitment",
      "extraSeats",
    ]);
    await fuzz(admin, `/admin/rounds/${roundId}/draw`, [
      "source",
      "beaconValue",
      "beaconValueAgain",
    ]);
    const [after] = await db.sql<{ n: number }>`
      select count(*)::int as n from draw_amendments where round_id = ${roundId}`;
    assert.equal(after.n, 0);
  } finally {
    await app.close();
  }
});
