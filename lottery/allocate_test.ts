import assert from "node:assert/strict";
import fc from "fast-check";
import { allocate, type Allocation } from "./allocate.ts";
import { referenceAllocate, type Round, roundArb } from "./testdata/gen.ts";
import type { Entrant, Recruitment } from "./types.ts";

function placements(round: Round, a: Allocation): Map<string, string | null> {
  return new Map(
    round.entrants.map((
      e,
      i,
    ) => [
      e.pseudonym,
      a.placed[i] < 0 ? null : round.recruitments[a.placed[i]].id,
    ]),
  );
}

function ordersById(round: Round, a: Allocation): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  round.recruitments.forEach((
    r,
    i,
  ) => (out[r.id] = Array.from(
    a.orders[i],
    (e) => round.entrants[e].pseudonym,
  )));
  return out;
}

function run(round: Round): Allocation {
  return allocate(round.recruitments, round.entrants, round.keys);
}

/** Position of entrant `e`'s choice of `r` in its list, or Infinity when unplaced. */
function listPos(e: Entrant, r: string | null): number {
  return r === null
    ? Infinity
    : e.choices.findIndex((c) => c.recruitment === r);
}

const shuffleArb = fc.tuple(
  roundArb({ units: true }),
  fc.array(fc.nat(), { minLength: 40, maxLength: 40 }),
);

function shuffled<T>(xs: T[], rnd: number[]): number[] {
  const idx = xs.map((_, i) => i);
  for (let i = idx.length - 1; i > 0; i--) {
    const j = rnd[i % rnd.length] % (i + 1);
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  return idx;
}

Deno.test("allocate equals the reference implementation (units included)", () => {
  fc.assert(
    fc.property(roundArb({ units: true }), (round) => {
      assert.deepEqual(placements(round, run(round)), referenceAllocate(round));
    }),
    { numRuns: 400 },
  );
});

Deno.test("allocate: deterministic, order-independent, capacity, one seat each (units included)", () => {
  fc.assert(
    fc.property(shuffleArb, ([round, rnd]) => {
      const a = run(round);
      assert.deepEqual(run(round), a);
      const ei = shuffled(round.entrants, rnd),
        ri = shuffled(round.recruitments, rnd.slice(7));
      const perm: Round = {
        recruitments: ri.map((i) => round.recruitments[i]),
        entrants: ei.map((i) => round.entrants[i]),
        keys: ei.map((i) => round.keys[i]),
      };
      const b = run(perm);
      assert.deepEqual(placements(perm, b), placements(round, a));
      const oa = ordersById(round, a), ob = ordersById(perm, b);
      for (const r of round.recruitments) assert.deepEqual(ob[r.id], oa[r.id]);
      const used = new Map<number, number>();
      round.entrants.forEach((e, i) => {
        const r = a.placed[i];
        if (r < 0) return;
        assert.ok(
          e.choices.some((c) => c.recruitment === round.recruitments[r].id),
        );
        used.set(r, (used.get(r) ?? 0) + e.members.length);
      });
      for (const [r, n] of used) assert.ok(n <= round.recruitments[r].seats);
    }),
    { numRuns: 300 },
  );
});

Deno.test("allocate without units: no justified envy, no waste", () => {
  fc.assert(
    fc.property(roundArb({ units: false }), (round) => {
      const a = run(round);
      const place = placements(round, a);
      const orders = ordersById(round, a);
      const used = new Map<string, number>();
      for (const r of place.values()) {
        if (r !== null) used.set(r, (used.get(r) ?? 0) + 1);
      }
      for (const e of round.entrants) {
        const mine = listPos(e, place.get(e.pseudonym)!);
        e.choices.forEach((c, i) => {
          if (i >= mine) return; // e prefers c.recruitment to its placement
          const order = orders[c.recruitment];
          const myRank = order.indexOf(e.pseudonym);
          for (const other of order.slice(myRank + 1)) {
            assert.notEqual(
              place.get(other),
              c.recruitment,
              `justified envy of ${e.pseudonym}`,
            );
          }
          const seats = round.recruitments.find((r) =>
            r.id === c.recruitment
          )!.seats;
          assert.ok(
            (used.get(c.recruitment) ?? 0) >= seats,
            `wasted seat in ${c.recruitment}`,
          );
        });
      }
    }),
    { numRuns: 500 },
  );
});

function permutations<T>(xs: T[]): T[][] {
  if (xs.length <= 1) return [xs];
  return xs.flatMap((x, i) =>
    permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p])
  );
}

Deno.test("allocate without units: reordering one's list never helps", () => {
  fc.assert(
    fc.property(roundArb({ units: false }), fc.nat(), (round, pick) => {
      if (round.entrants.length === 0) return;
      const e = pick % round.entrants.length;
      const truth = round.entrants[e];
      const truthful = listPos(
        truth,
        placements(round, run(round)).get(truth.pseudonym)!,
      );
      for (const order of permutations(truth.choices.map((_, i) => i))) {
        const lie: Round = {
          ...round,
          entrants: round.entrants.map((x, i) =>
            i === e ? { ...x, choices: order.map((c) => x.choices[c]) } : x
          ),
          keys: round.keys.map((k, i) => i === e ? order.map((c) => k[c]) : k),
        };
        const got = listPos(
          truth,
          placements(lie, run(lie)).get(truth.pseudonym)!,
        );
        assert.ok(
          got >= truthful,
          `${truth.pseudonym} gains by listing ${order}`,
        );
      }
    }),
    { numRuns: 300 },
  );
});

const P = (n: number) => n.toString(16).padStart(32, "0");
const child = (n: number, choices: [string, number?, number?][]): Entrant => ({
  pseudonym: P(n),
  members: [P(n)],
  choices: choices.map(([recruitment, weight = 100, tier = 1]) => ({
    recruitment,
    weight,
    tier,
  })),
});

Deno.test("allocate edge cases", () => {
  const place = (recs: Recruitment[], ents: Entrant[], keys: number[][]) => {
    const a = allocate(recs, ents, keys);
    return Array.from(a.placed, (r) => (r < 0 ? null : recs[r].id));
  };
  // Linked siblings with exactly one seat left: passed over, the next single child takes it.
  const unit: Entrant = {
    pseudonym: P(100),
    members: [P(101), P(102)],
    choices: [{ recruitment: "a", weight: 100, tier: 1 }],
  };
  assert.deepEqual(
    place(
      [{ id: "a", seats: 2 }],
      [child(1, [["a"]]), unit, child(2, [["a"]])],
      [[0.1], [0.2], [0.3]],
    ),
    ["a", null, "a"],
  );
  // ... and with exactly two left it fits and blocks the later child.
  assert.deepEqual(
    place(
      [{ id: "a", seats: 3 }],
      [child(1, [["a"]]), unit, child(2, [["a"]])],
      [[0.1], [0.2], [0.3]],
    ),
    ["a", "a", null],
  );
  // Zero seats.
  assert.deepEqual(
    place([{ id: "a", seats: 0 }], [child(1, [["a"]])], [[0.1]]),
    [null],
  );
  // More seats than entrants.
  assert.deepEqual(
    place([{ id: "a", seats: 9 }], [child(1, [["a"]]), child(2, [["a"]])], [[
      0.5,
    ], [0.1]]),
    ["a", "a"],
  );
  // Single entrant, no recruitment listed, no entrants at all.
  assert.deepEqual(place([{ id: "a", seats: 1 }], [child(1, [["a"]])], [[1]]), [
    "a",
  ]);
  assert.deepEqual(place([{ id: "a", seats: 1 }], [child(1, [])], [[]]), [
    null,
  ]);
  assert.deepEqual(place([], [], []), []);
  // Equal keys: pseudonym decides; tier before key.
  assert.deepEqual(
    place([{ id: "a", seats: 1 }], [child(2, [["a"]]), child(1, [["a"]])], [[
      0.5,
    ], [0.5]]),
    [null, "a"],
  );
  assert.deepEqual(
    place([{ id: "a", seats: 1 }], [
      child(1, [["a", 100, 2]]),
      child(2, [["a", 100, 1]]),
    ], [[0.1], [9]]),
    [null, "a"],
  );
  // Displaced entrant moves to its next choice; a rejection is final.
  assert.deepEqual(
    place(
      [{ id: "a", seats: 1 }, { id: "b", seats: 1 }],
      [child(1, [["b"], ["a"]]), child(2, [["a"], ["b"]]), child(3, [["b"]])],
      [[0.2, 0.3], [0.5, 0.4], [0.1]],
    ),
    ["a", null, "b"],
  );
  assert.throws(
    () => allocate([{ id: "a", seats: 1 }], [child(1, [["z"]])], [[1]]),
    /unknown recruitment/,
  );
  assert.throws(
    () => allocate([{ id: "a", seats: 1 }], [child(1, [["a"]])], [[]]),
    /one key per choice/,
  );
});

Deno.test("allocate equals the reference on larger rounds (radix path)", () => {
  fc.assert(
    fc.property(
      roundArb({ units: true, maxEntrants: 160, maxRecruitments: 3 }),
      (round) => {
        assert.deepEqual(
          placements(round, run(round)),
          referenceAllocate(round),
        );
      },
    ),
    { numRuns: 60 },
  );
});
