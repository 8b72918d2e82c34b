import assert from "node:assert/strict";
import fc from "fast-check";
import { prepareRecord, runDraw } from "./draw.ts";
import { type PublishedFacts, verify } from "./verify.ts";
import { roundArb } from "./testdata/gen.ts";
import {
  beaconOf,
  offerRecord,
  publishedOf,
  vectorRecord,
} from "./testdata/records.ts";
import type { RoundRecord } from "./types.ts";

function tampered(
  rec: RoundRecord,
  f: (t: RoundRecord) => void,
): ReturnType<typeof verify> {
  const t = structuredClone(rec);
  f(t);
  return verify(t, publishedOf(rec));
}

Deno.test("verify: an intact record passes against the published digest, and only then", () => {
  const rec = offerRecord();
  assert.deepEqual(verify(rec, publishedOf(rec)), {
    ok: true,
    keyDifferences: [],
    nearTies: [],
  });
  assert.equal(verify(rec, { digest: rec.digest }).ok, true);
  const bad = verify(rec, { digest: "00".repeat(32) });
  assert.equal(bad.mismatch?.field, "digest");
  for (const digest of [undefined, "", "AB".repeat(32)]) {
    const missing = verify(rec, { digest } as unknown as PublishedFacts);
    assert.equal(missing.mismatch?.field, "published.digest");
  }
});

Deno.test("verify: each tampered field is named", () => {
  const rec = offerRecord();
  const results = rec.draw!.results;
  const i = results.findIndex((r) =>
    r.choices.some((c) => c.result === "waitlist")
  );
  const r = results[i], p = r.pseudonym;
  const w = r.choices.findIndex((c) => c.result === "waitlist");
  const at = `draw.results[${p}]`;
  const cases: [string, (t: RoundRecord) => void][] = [
    [`${at}.u`, (t) => (t.draw!.results[i].u = r.u * (1 + 1e-15))],
    [
      `${at}.choices[0].key`,
      (t) => (t.draw!.results[i].choices[0].key *= 1 + 1e-9),
    ],
    [
      `${at}.choices[${w}].rank`,
      (t) => (t.draw!.results[i].choices[w].rank += 1),
    ],
    [
      `${at}.choices[${w}].result`,
      (t) => (t.draw!.results[i].choices[w].result = "won"),
    ],
    [
      `${at}.choices[${w}].waitlist`,
      (t) => (t.draw!.results[i].choices[w].waitlist! += 1),
    ],
    [
      `${at}.placed`,
      (t) => (t.draw!.results[i].placed = r.choices[w].recruitment),
    ],
    ["commitment", (t) => (t.secret = "ff".repeat(32))],
    [
      "digest",
      (
        t,
      ) => (t.entrants[0].choices[0] && (t.entrants[0].choices[0].weight += 1),
        t.recruitments[0].seats += 1),
    ],
    ["seed", (t) => (t.seed = "00".repeat(32))],
    ["beacon.value", (t) => (t.beacon.value = "nope")],
  ];
  for (const [field, f] of cases) {
    const v = tampered(rec, f);
    assert.equal(v.ok, false, field);
    assert.equal(v.mismatch?.field, field);
  }
});

Deno.test("verify: keys within the tolerance pass and are listed; beyond fail", () => {
  const rec = offerRecord();
  const i = rec.draw!.results.findIndex((r) => r.choices.length > 0);
  const k = rec.draw!.results[i].choices[0].key;
  const near = tampered(
    rec,
    (t) => (t.draw!.results[i].choices[0].key = k * (1 + 4e-13)),
  );
  assert.equal(near.ok, true);
  assert.equal(near.keyDifferences.length, 1);
  assert.equal(near.keyDifferences[0].recomputed, k);
  const far = tampered(
    rec,
    (t) => (t.draw!.results[i].choices[0].key = k * (1 + 3e-12)),
  );
  assert.equal(far.ok, false);
  assert.match(far.mismatch!.field, /\.choices\[0\]\.key$/);
});

Deno.test("verify: a changed weight or entry fails at digest", () => {
  const rec = vectorRecord();
  const drawn = runDraw(rec);
  const v = tampered(drawn, (t) => (t.entrants[1].choices[0].weight += 10));
  assert.equal(v.mismatch?.field, "digest");
  const v2 = tampered(drawn, (t) => t.entrants.pop());
  assert.equal(v2.mismatch?.field, "digest");
});

Deno.test("verify: random drawn rounds verify, results are consistent (units included)", () => {
  fc.assert(
    fc.property(roundArb({ units: true }), (round) => {
      const secret = "7e".repeat(32);
      const rec = prepareRecord({
        ...round,
        secret,
        round: { id: "random" },
        beacon: beaconOf("lotto645", "x"),
      });
      const drawn = runDraw({
        ...rec,
        secret,
        beacon: { ...rec.beacon, used: "primary", value: "1:1,2,3,4,5,6+7" },
      });
      const v = verify(drawn, publishedOf(drawn));
      assert.equal(v.ok, true, JSON.stringify(v.mismatch));
      for (const r of drawn.draw!.results) {
        const won = r.choices.filter((c) => c.result === "won");
        assert.deepEqual(
          won.map((c) => c.recruitment),
          r.placed ? [r.placed] : [],
        );
        const at = r.choices.findIndex((c) => c.result === "won");
        r.choices.forEach((c, j) => {
          if (c.result === "higher") assert.ok(at >= 0 && at < j);
          assert.equal(c.waitlist === null, c.result !== "waitlist");
        });
      }
    }),
    { numRuns: 150 },
  );
});
