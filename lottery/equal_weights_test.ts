import assert from "node:assert/strict";
import { prepareRecord, runDraw } from "./draw.ts";
import { exactOdds } from "./odds_exact.ts";
import { beaconOf, ps, publishedOf, SECRET } from "./testdata/records.ts";
import type { Entrant } from "./types.ts";
import { verify } from "./verify.ts";

Deno.test("all weights equal: the order is by u alone (largest u first) and everyone's odds are seats/n", () => {
  const entrants: Entrant[] = Array.from({ length: 12 }, (_, i) => ({
    pseudonym: ps(i + 1),
    members: [ps(i + 1)],
    choices: [{ recruitment: "r1", weight: 100, tier: 1 }],
  }));
  const prepared = prepareRecord({
    round: { id: "equal" },
    recruitments: [{ id: "r1", seats: 5 }],
    entrants,
    secret: SECRET,
    beacon: beaconOf("drand", "quicknet round 1"),
  });
  const record = runDraw({
    ...prepared,
    secret: SECRET,
    beacon: {
      ...prepared.beacon,
      used: "primary",
      value: `1:${"ab".repeat(32)}`,
    },
  });
  const results = record.draw!.results;
  const byU = [...results].sort((a, b) => b.u - a.u);
  assert.deepEqual(
    byU.map((r) => r.choices[0].rank),
    results.map((_, i) => i + 1),
    "rank follows u",
  );
  assert.deepEqual(
    byU.slice(0, 5).map((r) => r.placed),
    Array(5).fill("r1"),
    "the five largest u win",
  );
  assert.ok(
    byU.slice(5).every((r, i) =>
      r.placed === null && r.choices[0].waitlist === i + 1
    ),
  );
  assert.equal(verify(record, publishedOf(record)).ok, true);

  const odds = exactOdds(
    5,
    entrants.map((e) => ({ id: e.pseudonym, weight: 100, tier: 1 })),
  );
  for (const p of odds.values()) {
    assert.ok(Math.abs(p - 5 / 12) < 1e-12, String(p));
  }
});
