/**
 * What the published facts bind (issue 8): the digest, the round and the beacons, the beacon
 * used, the amendment chain, corrections, the numeric limits and the byte order of ids.
 *
 * @module
 */
import assert from "node:assert/strict";
import { amend, prepareRecord, runDraw } from "./draw.ts";
import { chainHead, chainLink, floatHex } from "./chain.ts";
import { byteCompare, encodeEntries, entryDigest } from "./digest.ts";
import { validateEntries } from "./digest.ts";
import { allocate } from "./allocate.ts";
import { oddsOf } from "./odds.ts";
import { simulatedOdds } from "./odds_sim.ts";
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

/** An empty round announced with `beacon`. */
function announce(roundId: string, beacon: RoundRecord["beacon"]): RoundRecord {
  return prepareRecord({
    round: { id: roundId },
    recruitments: [],
    entrants: [],
    secret: SECRET,
    beacon,
  });
}

Deno.test("a re-made record (weight changed, digest, seed and draw recomputed) fails against the published digest", () => {
  const original = runDraw(vectorRecord());
  const published = publishedOf(original);
  let remade = 0;
  // 40 re-made records, as in the audit: one entrant's weight raised by 1 to 40.
  for (let i = 0; i < 40; i++) {
    const entrants: Entrant[] = structuredClone(vector.entrants);
    entrants[i % entrants.length].choices[0].weight += 1 + i;
    const again = prepareRecord({
      round: original.round,
      recruitments: original.recruitments,
      entrants,
      secret: vector.secret,
      beacon: LOTTO_BEACON,
    });
    const drawn = runDraw({
      ...again,
      secret: vector.secret,
      beacon: { ...again.beacon, used: "primary", value: vector.beacon.value },
    });
    // Self-consistent: it verifies against its own digest…
    assert.equal(verify(drawn, publishedOf(drawn)).ok, true);
    // …and fails against the one published at the freeze.
    const v = verify(drawn, published);
    assert.equal(v.ok, false);
    assert.deepEqual(v.mismatch, {
      field: "digest",
      expected: published.digest,
      actual: drawn.digest,
    });
    remade++;
  }
  assert.equal(remade, 40);
});

Deno.test("an edited round, beacon kind, name, time, deadline or fallback fails, re-made or not", () => {
  const original = runDraw(vectorRecord());
  const published = publishedOf(original);
  const edits: [string, (r: RoundRecord) => void][] = [
    ["round id", (r) => (r.round.id = "2027-fall")],
    ["beacon name", (r) => (r.beacon.name = "로또 6/45 제1204회")],
    ["beacon kind", (r) => {
      r.beacon.kind = "drand";
      r.beacon.used = "fallback";
    }],
    ["beacon time", (r) => (r.beacon.scheduledAt += 1)],
    ["beacon deadline", (r) => (r.beacon.deadline += 1)],
    ["fallback name", (r) => (r.beacon.fallback.name = "quicknet round 1")],
    ["fallback kind", (r) => (r.beacon.fallback.kind = "nist")],
    ["fallback time", (r) => (r.beacon.fallback.scheduledAt += 1)],
  ];
  for (const [what, edit] of edits) {
    const t = structuredClone(original);
    edit(t);
    const v = verify(t, published);
    assert.equal(v.mismatch?.field, "digest", what);
    assert.equal(
      v.mismatch?.expected,
      entryDigest(t.recruitments, t.entrants, t),
      what,
    );
    // Re-made with the edit: the digest in the record is right, the published one is not.
    t.digest = entryDigest(t.recruitments, t.entrants, t);
    assert.deepEqual(
      verify(t, published).mismatch?.expected,
      published.digest,
      what,
    );
  }
  // The round's display name is informational.
  const named = structuredClone(original);
  named.round.name = "another name";
  assert.equal(verify(named, published).ok, true);
});

Deno.test("the record says which beacon gave the value; the value must match that beacon's kind", () => {
  const rec = vectorRecord();
  assert.equal(runDraw(rec).beacon.used, "primary");
  const viaFallback = runDraw({
    ...rec,
    beacon: { ...rec.beacon, used: "fallback", value: `9:${"0a".repeat(32)}` },
  });
  assert.equal(viaFallback.beacon.used, "fallback");
  assert.equal(verify(viaFallback, publishedOf(viaFallback)).ok, true);
  const swapped = structuredClone(viaFallback);
  swapped.beacon.used = "primary";
  assert.equal(
    verify(swapped, publishedOf(viaFallback)).mismatch?.field,
    "beacon.value",
  );
  const none = structuredClone(viaFallback);
  delete none.beacon.used;
  assert.equal(
    verify(none, publishedOf(viaFallback)).mismatch?.field,
    "beacon.used",
  );
  assert.throws(
    () => runDraw({ ...rec, beacon: { ...rec.beacon, used: undefined } }),
    /beacon\.used: expected primary or fallback/,
  );
  assert.throws(
    () =>
      announce("r", {
        ...LOTTO_BEACON,
        fallback: { ...LOTTO_BEACON.fallback, scheduledAt: 0 },
      }),
    /beacon\.fallback\.scheduledAt: the fallback must be scheduled after the primary/,
  );
});

/** offerRecord with two amendments: a new entrant with an extra seat, then a correction. */
function amended(): RoundRecord {
  let rec = offerRecord();
  rec = amend(rec, {
    entrant: {
      pseudonym: ps(80),
      members: [ps(80)],
      choices: [{ recruitment: "k2", weight: 120, tier: 1 }],
    },
    extraSeats: { k2: 1 },
    reason: "서류 검토 오류 정정",
  });
  const waiting = rec.draw!.results.find((r) =>
    r.placed === null && r.choices.some((c) => c.result === "waitlist")
  )!;
  const entry = rec.entrants.find((e) => e.pseudonym === waiting.pseudonym)!;
  return amend(rec, {
    entrant: {
      ...entry,
      choices: entry.choices.map((c) => ({ ...c, weight: c.weight + 200 })),
    },
    reason: "weight corrected",
  });
}

Deno.test("a dropped, edited or re-chained amendment fails against the published chain head", () => {
  const rec = amended();
  const published = publishedOf(rec);
  assert.equal(verify(rec, published).ok, true);
  assert.equal(rec.amendments![0].prev, chainLink(rec, 0));
  assert.equal(rec.amendments![1].prev, chainLink(rec, 1));
  const field = (f: (t: RoundRecord) => void, facts = published) => {
    const t = structuredClone(rec);
    f(t);
    return verify(t, facts).mismatch?.field;
  };
  assert.equal(field((t) => t.amendments!.pop()), "chainHead");
  assert.equal(field((t) => (t.amendments = [])), "chainHead");
  assert.equal(field((t) => (t.amendments![1].reason = "x")), "chainHead");
  assert.equal(
    field((t) => (t.amendments![0].reason = "x")),
    "amendments[2].prev",
  );
  assert.equal(
    field((t) => (t.amendments![0].choices[0].key *= 1 + 1e-14)),
    "amendments[2].prev",
  );
  // Re-chained after the edit: every link holds, the head is not the published one.
  assert.equal(
    field((t) => {
      t.amendments![0].reason = "x";
      t.amendments![1].prev = chainLink(t, 1);
    }),
    "chainHead",
  );
  assert.equal(
    field(() => {}, { digest: rec.digest }),
    "published.chainHead",
  );
  // Amendments need the head; a record without any takes the start of the chain if given.
  const plain = offerRecord();
  assert.equal(verify(plain, { digest: plain.digest }).ok, true);
  assert.equal(
    verify(plain, { digest: plain.digest, chainHead: chainHead(plain) }).ok,
    true,
  );
});

Deno.test("the chain's encoding writes binary64 values by their bits", () => {
  assert.equal(floatHex(0.5), "3fe0000000000000");
  assert.equal(floatHex(1 - 2 ** -53), "3fefffffffffffff");
  assert.equal(floatHex(-0), "8000000000000000");
});

Deno.test("a correction keeps the entrant's u, takes the keys and places its corrected entry gives, displaces no one", () => {
  const base = offerRecord();
  const rec = amended();
  const fix = rec.amendments![1];
  const before = base.draw!.results.find((r) =>
    r.pseudonym === fix.entrant.pseudonym
  )!;
  assert.equal(fix.u, before.u);
  assert.equal(fix.placed, null);
  fix.choices.forEach((c, i) => {
    assert.ok(c.key < before.choices[i].key, "a higher weight, a smaller key");
    assert.ok(c.rank <= before.choices[i].rank);
  });
  // The others' results do not change.
  assert.deepEqual(rec.draw, base.draw);
  // A lowered weight keeps the seat the entrant holds (section 7.1).
  const holder = base.draw!.results.find((r) =>
    r.placed !== null && base.entrants.find((e) => e.pseudonym === r.pseudonym)!
        .members.length === 1
  )!;
  const entry = base.entrants.find((e) => e.pseudonym === holder.pseudonym)!;
  const lowered = amend(base, {
    entrant: {
      ...entry,
      choices: entry.choices.map((c) => ({ ...c, weight: 1, tier: 3 })),
    },
  });
  const a = lowered.amendments![0];
  assert.equal(a.placed, holder.placed);
  assert.equal(verify(lowered, publishedOf(lowered)).ok, true);
  // Dropping the held choice gives the seat up; extra seats may not name it.
  assert.throws(
    () =>
      amend(base, {
        entrant: entry,
        extraSeats: { [holder.placed!]: 1 },
      }),
    /already holds a seat/,
  );
});

Deno.test("seats of 2^31, 2^32 and 2^53−1 are refused with a message everywhere", () => {
  for (const seats of [2 ** 31, 2 ** 32, 2 ** 53 - 1, 100_001, -1, 1.5]) {
    const recruitments = [{ id: "r1", seats }];
    const entrants: Entrant[] = [1, 2, 3].map((n) => ({
      pseudonym: ps(n),
      members: [ps(n)],
      choices: [{ recruitment: "r1", weight: 100, tier: 1 }],
    }));
    const message = new RegExp(
      `recruitment r1: seats must be an integer from 0 to 100000, got ${seats}`,
    );
    assert.throws(() => validateEntries(recruitments, entrants), message);
    assert.throws(
      () =>
        prepareRecord({
          round: { id: "big" },
          recruitments,
          entrants,
          secret: SECRET,
          beacon: LOTTO_BEACON,
        }),
      message,
    );
    assert.throws(() => oddsOf({ recruitments, entrants }), message);
    assert.throws(
      () => allocate(recruitments, entrants, [[1], [2], [3]]),
      message,
    );
    assert.throws(
      () => simulatedOdds(recruitments, entrants, "00".repeat(32), { runs: 1 }),
      message,
    );
    // A record carrying such seats (digest recomputed) does not verify.
    const rec = offerRecord();
    const t = structuredClone(rec);
    t.recruitments[0].seats = seats;
    const v = verify(t, publishedOf(rec));
    if (!Number.isInteger(seats)) {
      assert.equal(v.mismatch?.field, "recruitments[0].seats");
      continue;
    }
    assert.equal(v.mismatch?.field, "entrants");
    assert.equal(
      v.mismatch?.actual,
      `recruitment k1: seats must be an integer from 0 to 100000, got ${seats}`,
    );
  }
});

Deno.test("weights, tiers and unit sizes beyond the limits are refused", () => {
  const r = [{ id: "r1", seats: 1 }];
  const one = (weight: number, tier: number): Entrant[] => [{
    pseudonym: ps(1),
    members: [ps(1)],
    choices: [{ recruitment: "r1", weight, tier }],
  }];
  assert.throws(
    () => validateEntries(r, one(1_000_001, 1)),
    /weight must be an integer from 1 to 1000000, got 1000001/,
  );
  assert.throws(
    () => validateEntries(r, one(100, 2 ** 31)),
    /tier must be an integer from 1 to 1000, got 2147483648/,
  );
  const members = Array.from({ length: 11 }, (_, i) => ps(100 + i)).sort();
  assert.throws(
    () => validateEntries(r, [{ pseudonym: ps(1), members, choices: [] }]),
    /a unit has at most 10 members, got 11/,
  );
});

Deno.test("ids sort by their UTF-8 bytes: known answer for non-ASCII application ids", () => {
  const ids = ["😀", "가", "z", "\uff5e", "é", "a"];
  const sorted = ["a", "z", "é", "가", "\uff5e", "😀"];
  assert.deepEqual([...ids].sort(byteCompare), sorted);
  // UTF-16 order would put U+1F600 (a surrogate pair) before U+FF5E.
  assert.notDeepEqual([...ids].sort(), sorted);
  const recruitments = [{ id: "r1", seats: 1 }];
  const entrants = ids.map((id) => ({
    pseudonym: id,
    members: [id],
    choices: [{ recruitment: "r1", weight: 100, tier: 1 }],
  }));
  const text = encodeEntries(recruitments, entrants);
  assert.equal(
    text,
    "kic-entries/1\nR r1 1\n" +
      sorted.map((id) => `E ${id} ${id} r1:100:1\n`).join(""),
  );
  // SHA-256 of that text, computed by Python's hashlib (str order is code point order).
  const digest =
    "6e50ea5737e8c8068cc4c60a2c74e4781a5beea078bee8d150ff3204aa903a36";
  assert.equal(entryDigest(recruitments, entrants), digest);
  const odds = oddsOf({ recruitments, entrants });
  assert.equal(odds.poolDigest, digest);
  assert.deepEqual(odds.odds.map((o) => o.entrant), sorted);
  assert.ok(
    Math.abs(odds.odds.reduce((s, o) => s + o.p, 0) - 1) < 1e-9,
  );
  for (const [a, b] of [["\ue000", "\ud800\udc00"], ["\uffff", "😀"]]) {
    assert.equal(byteCompare(a, b), -1);
    assert.equal(byteCompare(b, a), 1);
  }
  assert.equal(byteCompare("ab", "a"), 1);
  assert.equal(byteCompare("a", "a"), 0);
});

Deno.test("the beacon announcement is checked: names, times, kinds, round id", () => {
  const bad: [Partial<RoundRecord["beacon"]>, RegExp][] = [
    [{ name: "" }, /beacon\.name/],
    [{ name: "a\nb" }, /beacon\.name/],
    [{ scheduledAt: -1 }, /beacon\.scheduledAt/],
    [{ deadline: 0 }, /beacon\.deadline/],
    [{ kind: "dice" as never }, /beacon\.kind/],
  ];
  for (const [patch, message] of bad) {
    assert.throws(
      () => announce("r", { ...beaconOf("lotto645", "x"), ...patch }),
      message,
    );
  }
  assert.throws(
    () => announce("2027 spring", LOTTO_BEACON),
    /round\.id/,
  );
});
