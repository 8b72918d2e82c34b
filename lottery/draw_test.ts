import assert from "node:assert/strict";
import { amend, prepareRecord, runDraw } from "./draw.ts";
import { verify } from "./verify.ts";
import type { Entrant, RoundRecord } from "./types.ts";

import {
  beaconOf,
  LOTTO_BEACON,
  offerRecord,
  ps,
  publishedOf,
  SECRET,
  vector,
  vectorRecord,
} from "./testdata/records.ts";

Deno.test("prepareRecord: canonical list, digest, commitment, no secret", () => {
  const rec = prepareRecord({
    round: { id: "2027-spring", name: "2027 봄 모집" },
    recruitments: vector.recruitments,
    entrants: vector.entrants,
    secret: vector.secret,
    beacon: { ...LOTTO_BEACON, used: "primary", value: "ignored" },
  });
  assert.equal(rec.beacon.used, undefined);
  assert.equal(rec.digest, vector.digest);
  assert.equal(rec.commitment, vector.commitment);
  assert.equal(rec.secret, undefined);
  assert.equal(rec.beacon.value, undefined);
  assert.deepEqual(rec.recruitments.map((r) => r.id), ["r1", "r2"]);
  assert.deepEqual(
    rec.entrants.map((e) => e.pseudonym),
    [...rec.entrants.map((e) => e.pseudonym)].sort(),
  );
});

Deno.test("runDraw on vector 1: seed, u, orders and placements of the Python reference", () => {
  const drawn = runDraw(vectorRecord());
  assert.equal(drawn.seed, vector.seed);
  const results = drawn.draw!.results;
  assert.deepEqual(
    results.map((r) => r.pseudonym),
    Object.keys(vector.placed).sort(),
  );
  for (const r of results) {
    assert.equal(r.u, vector.u[r.pseudonym]);
    assert.equal(r.placed, vector.placed[r.pseudonym]);
    for (const c of r.choices) {
      assert.equal(
        c.rank,
        vector.orders[c.recruitment].indexOf(r.pseudonym) + 1,
      );
    }
  }
  // The unit (dan+eun) fits nowhere: waitlisted in both choices, at frozen positions 1 and 1.
  const unit = results.find((r) => r.pseudonym === vector.pseudonyms.unit)!;
  assert.deepEqual(unit.choices.map((c) => [c.result, c.waitlist]), [[
    "waitlist",
    1,
  ], ["waitlist", 1]]);
  // cho won its first choice r2: "higher" on r1, no waitlist place.
  const cho = results.find((r) => r.pseudonym === vector.pseudonyms.cho)!;
  assert.deepEqual(cho.choices.map((c) => [c.result, c.waitlist]), [[
    "won",
    null,
  ], ["higher", null]]);
  assert.deepEqual(drawn.draw!.offers, []);
  assert.equal(verify(drawn, publishedOf(drawn)).ok, true);
  assert.throws(() => runDraw(drawn), /already/);
});

Deno.test("runDraw refuses a wrong commitment, digest or beacon value", () => {
  const r = vectorRecord();
  assert.throws(() => runDraw({ ...r, secret: "ff".repeat(32) }), /commitment/);
  assert.throws(() => runDraw({ ...r, digest: "00".repeat(32) }), /digest/);
  assert.throws(
    () => runDraw({ ...r, beacon: { ...r.beacon, value: "1203:1,2,3" } }),
    /beacon/,
  );
  assert.throws(() => runDraw({ ...r, secret: undefined }), /secret/);
});

Deno.test("runDraw: every result consistent; no eligible choice places nowhere", () => {
  const rec = offerRecord();
  assert.equal(verify(rec, publishedOf(rec)).ok, true);
  const none = rec.draw!.results.find((r) => r.pseudonym === ps(60))!;
  assert.deepEqual([none.placed, none.choices], [null, []]);
  const seats = { k1: 0, k2: 0 } as Record<string, number>;
  for (const r of rec.draw!.results) {
    const e = rec.entrants.find((x) => x.pseudonym === r.pseudonym)!;
    if (r.placed) seats[r.placed] += e.members.length;
    assert.equal(
      r.choices.filter((c) => c.result === "won").length,
      r.placed ? 1 : 0,
    );
  }
  assert.ok(seats.k1 <= 3 && seats.k2 <= 2);
});

Deno.test("amend: with and without an extra seat; verify replays; tampering fails", () => {
  const rec = offerRecord();
  const late: Entrant = {
    pseudonym: ps(70),
    members: [ps(70)],
    choices: [{ recruitment: "k1", weight: 400, tier: 1 }, {
      recruitment: "k2",
      weight: 100,
      tier: 1,
    }],
  };
  const a1 = amend(rec, { entrant: late, reason: "서류 검토 오류 정정" });
  const m1 = a1.amendments![0];
  assert.equal(m1.seq, 1);
  assert.equal(m1.placed, null);
  assert.deepEqual(m1.choices.map((c) => c.result), ["waitlist", "waitlist"]);
  // Rank: 1 + entrants before it in the order (stored keys), the others' ranks unchanged.
  const k1 = rec.draw!.results.flatMap((r) =>
    r.choices.filter((c) => c.recruitment === "k1").map((c) => c.key)
  );
  assert.equal(
    m1.choices[0].rank,
    1 + k1.filter((k) => k < m1.choices[0].key).length,
  );
  assert.equal(verify(a1, publishedOf(a1)).ok, true);
  const late2: Entrant = {
    pseudonym: ps(71),
    members: [ps(71)],
    choices: [{ recruitment: "k1", weight: 100, tier: 1 }, {
      recruitment: "k2",
      weight: 100,
      tier: 1,
    }],
  };
  const a2 = amend(a1, { entrant: late2, extraSeats: { k2: 1 } });
  const m2 = a2.amendments![1];
  assert.equal(m2.seq, 2);
  assert.equal(m2.placed, "k2");
  assert.deepEqual(m2.choices.map((c) => [c.result, c.waitlist === null]), [[
    "waitlist",
    false,
  ], ["won", true]]);
  assert.equal(verify(a2, publishedOf(a2)).ok, true);
  assert.throws(
    () => amend(a2, { entrant: { ...late, members: [ps(73)] } }),
    /must keep its members/,
  );
  assert.throws(
    () =>
      amend(a2, {
        entrant: { ...late, pseudonym: ps(72), members: [ps(72)] },
        extraSeats: { k9: 1 },
      }),
    /extraSeats/,
  );
  assert.throws(
    () => amend({ ...a2, draw: undefined }, { entrant: late }),
    /no draw/,
  );
  const tamper = (f: (a: RoundRecord) => void) => {
    const t = structuredClone(a2);
    f(t);
    return verify(t, publishedOf(a2)).mismatch?.field;
  };
  assert.equal(
    tamper((t) => (t.amendments![1].placed = null)),
    "amendments[2].placed",
  );
  assert.equal(
    tamper((t) => (t.amendments![0].choices[0].rank += 1)),
    "amendments[1].choices[0].rank",
  );
  assert.equal(
    tamper((t) => (t.amendments![0].choices[1].waitlist = 99)),
    "amendments[1].choices[1].waitlist",
  );
  assert.equal(tamper((t) => (t.amendments![0].u /= 2)), "amendments[1].u");
  assert.equal(tamper((t) => (t.amendments![1].seq = 5)), "amendments[2].seq");
  assert.equal(
    tamper((t) => (t.amendments![1].choices[1].key *= 1.001)),
    "amendments[2].choices[1].key",
  );
  assert.equal(
    tamper((t) => (t.amendments![1].extraSeats = { k2: 0 })),
    "amendments[2].entrant",
  );
});

Deno.test("runDraw: a seat left empty by a unit gives a first offer", () => {
  const [c, u, a] = [ps(1), ps(2), ps(3)];
  const rec = prepareRecord({
    recruitments: [{ id: "k1", seats: 2 }, { id: "k2", seats: 0 }, {
      id: "k3",
      seats: 1,
    }],
    entrants: [
      {
        pseudonym: c,
        members: [c],
        choices: [{ recruitment: "k2", weight: 100, tier: 1 }, {
          recruitment: "k1",
          weight: 100,
          tier: 1,
        }],
      },
      {
        pseudonym: u,
        members: [ps(4), ps(5)].sort(),
        choices: [{ recruitment: "k1", weight: 10000, tier: 2 }],
      },
      {
        pseudonym: a,
        members: [a],
        choices: [{ recruitment: "k1", weight: 1, tier: 2 }, {
          recruitment: "k3",
          weight: 100,
          tier: 1,
        }],
      },
    ],
    secret: SECRET,
    round: { id: "first-offer" },
    beacon: beaconOf("nist", "pulse"),
  });
  const drawn = runDraw({
    ...rec,
    secret: SECRET,
    beacon: { ...rec.beacon, used: "primary", value: `2-7:${"cd".repeat(64)}` },
  });
  const placed = Object.fromEntries(
    drawn.draw!.results.map((r) => [r.pseudonym, r.placed]),
  );
  assert.deepEqual([placed[c], placed[u], placed[a]], ["k1", null, "k3"]);
  assert.deepEqual(drawn.draw!.offers, [{ pseudonym: a, recruitment: "k1" }]);
  assert.equal(verify(drawn, publishedOf(drawn)).ok, true);
  const t = structuredClone(drawn);
  t.draw!.offers = [];
  assert.equal(verify(t, publishedOf(t)).mismatch?.field, "draw.offers");
});
