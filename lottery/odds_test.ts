import assert from "node:assert/strict";
import type { Entrant, Recruitment } from "./types.ts";
import {
  cutoffTierOdds,
  type ExactEntrant,
  exactOdds,
  isExactCase,
  oddsOf,
  simulatedOdds,
  Xoshiro128,
} from "./odds.ts";
import { keyOf } from "./order.ts";
import { entryDigest } from "./digest.ts";

/**
 * Brute force: every order of all entrants by weighted successive sampling
 * (P(order) = Π w_σk / Σ_remaining w), then stably by tier; returns pos[i][k] = P(entrant i
 * ends at position k). The key order restricted to a tier is such a sample of the tier.
 */
function positionProbabilities(es: readonly ExactEntrant[]): number[][] {
  const n = es.length;
  const pos = es.map(() => new Array<number>(n).fill(0));
  const used = new Array<boolean>(n).fill(false);
  const seq: number[] = [];
  const rec = (prob: number, remaining: number) => {
    if (seq.length === n) {
      const final = seq.map((i, at) => ({ i, at })).sort((a, b) =>
        es[a.i].tier - es[b.i].tier || a.at - b.at
      );
      final.forEach(({ i }, k) => pos[i][k] += prob);
      return;
    }
    for (let i = 0; i < n; i++) {
      if (used[i]) continue;
      used[i] = true;
      seq.push(i);
      rec((prob * es[i].weight) / remaining, remaining - es[i].weight);
      seq.pop();
      used[i] = false;
    }
  };
  rec(1, es.reduce((s, e) => s + e.weight, 0));
  return pos;
}

function winProbabilities(pos: number[][], seats: number): number[] {
  return pos.map((row) => row.slice(0, seats).reduce((s, x) => s + x, 0));
}

function assertClose(
  actual: number,
  expected: number,
  tol: number,
  what: string,
) {
  assert.ok(
    Math.abs(actual - expected) <= tol,
    `${what}: ${actual} vs ${expected} (tolerance ${tol})`,
  );
}

Deno.test("exact odds: agree to 1e-9 with enumeration of every order (≤ 8 entrants)", () => {
  const rng = new Xoshiro128(11, 22, 33, 44);
  const pick = <T>(xs: readonly T[]) => xs[rng.next() % xs.length];
  const weightSets = [
    [100],
    [100, 150],
    [100, 130, 230, 345],
    [1, 100, 10000],
    [100, 101, 2000, 5000, 7],
  ];
  const cases: ExactEntrant[][] = [
    [{ id: "a", weight: 300, tier: 1 }, { id: "b", weight: 100, tier: 1 }, {
      id: "c",
      weight: 100,
      tier: 1,
    }],
    // One heavy entrant among light ones: drives the backward deconvolution (p > 1/2).
    Array.from(
      { length: 7 },
      (_, i) => ({ id: `h${i}`, weight: i === 0 ? 10000 : 1, tier: 1 }),
    ),
  ];
  for (let c = 0; c < 40; c++) {
    const n = 1 + (rng.next() % 8);
    const ws = pick(weightSets);
    const maxTier = 1 + (rng.next() % 3);
    cases.push(Array.from({ length: n }, (_, i) => ({
      id: `e${i}`,
      weight: pick(ws),
      tier: 1 + (rng.next() % maxTier),
    })));
  }
  let compared = 0;
  for (const es of cases) {
    const pos = positionProbabilities(es);
    const n = es.length;
    for (
      const seats of new Set(
        [0, 1, 2, Math.floor(n / 2), n - 1, n, n + 3].filter((s) => s >= 0),
      )
    ) {
      const want = winProbabilities(pos, seats);
      const got = exactOdds(seats, es);
      es.forEach((e, i) => {
        assertClose(
          got.get(e.id)!,
          want[i],
          1e-9,
          `seats ${seats}, ${JSON.stringify(es)}, entrant ${e.id}`,
        );
        compared++;
      });
      const sum = [...got.values()].reduce((s, x) => s + x, 0);
      assertClose(sum, Math.min(seats, n), 1e-9, `sum for seats ${seats}`);
    }
  }
  assert.ok(compared > 500);
});

Deno.test("exact odds: weights 3, 1, 1 with 2 seats give 0.9, 0.55, 0.55 (never seats × weight ÷ total)", () => {
  const got = exactOdds(2, [
    { id: "a", weight: 300, tier: 1 },
    { id: "b", weight: 100, tier: 1 },
    { id: "c", weight: 100, tier: 1 },
  ]);
  assertClose(got.get("a")!, 0.9, 1e-12, "a");
  assert.ok(got.get("a")! < 1);
  assertClose(got.get("b")!, 0.55, 1e-12, "b");
  assertClose(got.get("c")!, 0.55, 1e-12, "c");
});

Deno.test("exact odds: tiers wholly inside give 1, wholly outside 0, and the cut-off tier shares the rest", () => {
  const es: ExactEntrant[] = [
    { id: "t1a", weight: 100, tier: 1 },
    { id: "t1b", weight: 500, tier: 1 },
    { id: "t2a", weight: 100, tier: 2 },
    { id: "t2b", weight: 100, tier: 2 },
    { id: "t2c", weight: 100, tier: 2 },
    { id: "t3a", weight: 9999, tier: 3 },
  ];
  const got = exactOdds(3, es);
  assert.equal(got.get("t1a"), 1);
  assert.equal(got.get("t1b"), 1);
  for (const id of ["t2a", "t2b", "t2c"]) {
    assertClose(got.get(id)!, 1 / 3, 1e-12, id);
  }
  assert.equal(got.get("t3a"), 0);
  assert.deepEqual([...exactOdds(0, es).values()], [0, 0, 0, 0, 0, 0]);
  assert.deepEqual([...exactOdds(6, es).values()], [1, 1, 1, 1, 1, 1]);
  assert.equal(exactOdds(5, []).size, 0);
  assert.throws(
    () => exactOdds(1, [{ id: "x", weight: 0, tier: 1 }]),
    RangeError,
  );
  assert.throws(
    () =>
      exactOdds(1, [{ id: "x", weight: 1, tier: 1 }, {
        id: "x",
        weight: 1,
        tier: 1,
      }]),
    /duplicate entrant id: x/,
  );
  assert.throws(() => exactOdds(-1, es), RangeError);
});

Deno.test("exact odds: a large tier sums to s′ and larger weights never lose", () => {
  const weights = Array.from({ length: 50 }, (_, c) => 100 + 7 * c);
  const counts = Array.from({ length: 50 }, (_, c) => 100 + ((c * 37) % 150));
  const n = counts.reduce((s, x) => s + x, 0);
  for (const s of [1, 40, 500, n - 3]) {
    const p = cutoffTierOdds(s, weights, counts);
    let sum = 0;
    p.forEach((x, c) => sum += x * counts[c]);
    assertClose(sum, s, 1e-9, `sum at s′ = ${s}`);
    for (let c = 1; c < p.length; c++) {
      assert.ok(p[c] >= p[c - 1] - 1e-12, `monotone at s′ = ${s}`);
    }
  }
});

Deno.test("exact odds: within 5 standard errors of 100,000 seeded draws (30 entrants, 7 seats)", () => {
  // Tier 1: 2 entrants (always in); tier 2: 24 entrants in 4 weight classes (cut-off, 5 seats
  // left); tier 3: 4 entrants (never in).
  const es: ExactEntrant[] = [];
  for (let i = 0; i < 2; i++) es.push({ id: `a${i}`, weight: 100, tier: 1 });
  const classes = [100, 140, 230, 400];
  for (let i = 0; i < 24; i++) {
    es.push({ id: `b${i}`, weight: classes[i % 4], tier: 2 });
  }
  for (let i = 0; i < 4; i++) es.push({ id: `c${i}`, weight: 5000, tier: 3 });
  const seats = 7;
  const exact = exactOdds(seats, es);
  const runs = 100_000;
  const wins = new Int32Array(es.length);
  const rng = new Xoshiro128(0x9e3779b9, 0x243f6a88, 0xb7e15162, 1);
  const keys = new Float64Array(es.length);
  const idx = Array.from(es, (_, i) => i);
  for (let r = 0; r < runs; r++) {
    for (let i = 0; i < es.length; i++) {
      keys[i] = keyOf(rng.nextU(), es[i].weight);
    }
    idx.sort((x, y) => es[x].tier - es[y].tier || keys[x] - keys[y]);
    for (let k = 0; k < seats; k++) wins[idx[k]]++;
  }
  es.forEach((e, i) => {
    const p = exact.get(e.id)!;
    const rate = wins[i] / runs;
    if (p === 0) assert.equal(wins[i], 0, e.id);
    else if (p === 1) assert.equal(wins[i], runs, e.id);
    else {
      const se = Math.sqrt((p * (1 - p)) / runs);
      assert.ok(
        Math.abs(rate - p) <= 5 * se,
        `${e.id}: empirical ${rate} vs exact ${p} (se ${se})`,
      );
    }
  });
  assert.equal(exact.get("a0"), 1);
  assert.equal(exact.get("c0"), 0);
});

// A round: "solo" is an exact case; "x" and "y" share entrants with two choices and a unit.
const HEX = (i: number) => i.toString(16).padStart(32, "0");
function round(): { recruitments: Recruitment[]; entrants: Entrant[] } {
  const recruitments = [{ id: "solo", seats: 2 }, { id: "x", seats: 3 }, {
    id: "y",
    seats: 2,
  }];
  const entrants: Entrant[] = [];
  const solo = [300, 100, 100, 180, 120];
  solo.forEach((w, i) =>
    entrants.push({
      pseudonym: `app-solo-${i}`,
      members: [`app-solo-${i}`],
      choices: [{ recruitment: "solo", weight: w, tier: 1 }],
    })
  );
  for (let i = 0; i < 6; i++) {
    entrants.push({
      pseudonym: `app-xy-${i}`,
      members: [`app-xy-${i}`],
      choices: [
        {
          recruitment: i % 2 ? "x" : "y",
          weight: 100 + 40 * i,
          tier: 1 + (i % 2),
        },
        { recruitment: i % 2 ? "y" : "x", weight: 100, tier: 1 },
      ],
    });
  }
  entrants.push({
    pseudonym: "app-unit",
    members: ["app-u1", "app-u2"],
    choices: [{ recruitment: "x", weight: 150, tier: 1 }],
  });
  return { recruitments, entrants };
}

Deno.test("isExactCase: single-choice non-unit listers only", () => {
  const { recruitments, entrants } = round();
  assert.equal(isExactCase("solo", recruitments, entrants), true);
  assert.equal(isExactCase("x", recruitments, entrants), false);
  assert.equal(isExactCase("y", recruitments, entrants), false);
  const unitOnly = [{
    pseudonym: HEX(1),
    members: [HEX(2), HEX(3)],
    choices: [{ recruitment: "solo", weight: 100, tier: 1 }],
  }];
  assert.equal(isExactCase("solo", recruitments, unitOnly), false);
  assert.throws(
    () => isExactCase("nope", recruitments, entrants),
    /unknown recruitment nope/,
  );
});

Deno.test("simulated odds: deterministic per pool digest, within the half-width of the exact value", () => {
  const { recruitments, entrants } = round();
  const digest = entryDigest(recruitments, entrants);
  const a = simulatedOdds(recruitments, entrants, digest);
  assert.ok(a.runs >= 4096 && a.runs <= 38416);
  const fixed = simulatedOdds(recruitments, entrants, digest, { runs: 2000 });
  assert.equal(fixed.runs, 2000);
  assert.deepEqual(
    simulatedOdds(recruitments, [...entrants].reverse(), digest, {
      runs: 2000,
    }),
    fixed,
  );
  const other = simulatedOdds(recruitments, entrants, "f".repeat(64), {
    runs: 2000,
  });
  assert.notDeepEqual(other.odds, fixed.odds);
  const exact = exactOdds(
    2,
    entrants.filter((e) => e.choices[0].recruitment === "solo").map((e) => ({
      id: e.pseudonym,
      ...e.choices[0],
    })),
  );
  for (const [id, p] of exact) {
    const s = a.odds.get(id)!.get("solo")!;
    assert.ok(s.halfWidth <= 0.005);
    assert.ok(
      Math.abs(s.p - p) <= 1.5 * s.halfWidth,
      `${id}: simulated ${s.p} ± ${s.halfWidth} vs exact ${p}`,
    );
  }
  // Each entrant is placed at most once per run, so its p's over its choices sum to ≤ 1, and
  // each recruitment's expected seat use is ≤ its seats.
  for (const m of a.odds.values()) {
    assert.ok([...m.values()].reduce((s, x) => s + x.p, 0) <= 1 + 1e-12);
  }
  for (const r of recruitments) {
    let used = 0;
    for (const e of entrants) {
      const s = a.odds.get(e.pseudonym)!.get(r.id);
      if (s) used += s.p * e.members.length;
    }
    assert.ok(used <= r.seats + 1e-12, r.id);
  }
  assert.throws(
    () => simulatedOdds(recruitments, entrants, digest, { runs: 0 }),
    RangeError,
  );
});

Deno.test("oddsOf: exact where possible, simulated otherwise, with application ids", () => {
  const { recruitments, entrants } = round();
  const res = oddsOf({ recruitments, entrants });
  assert.equal(res.method, "simulated");
  assert.equal(res.poolDigest, entryDigest(recruitments, entrants));
  const solo = res.odds.filter((o) => o.recruitment === "solo");
  assert.equal(solo.length, 5);
  for (const o of solo) assert.equal(o.halfWidth, undefined);
  assertClose(
    solo.find((o) => o.entrant === "app-solo-0")!.p,
    exactOdds(
      2,
      [300, 100, 100, 180, 120].map((w, i) => ({
        id: `${i}`,
        weight: w,
        tier: 1,
      })),
    ).get("0")!,
    1e-12,
    "solo-0",
  );
  const sim = res.odds.filter((o) => o.recruitment !== "solo");
  assert.equal(sim.length, 13);
  for (const o of sim) {
    assert.ok(o.halfWidth !== undefined && o.halfWidth <= 0.005);
  }
  assert.deepEqual(
    oddsOf({ recruitments, entrants: [...entrants].reverse() }),
    res,
  );

  const onlySolo = oddsOf({
    recruitments: [recruitments[0]],
    entrants: entrants.slice(0, 5),
  });
  assert.equal(onlySolo.method, "exact");
  assertClose(onlySolo.odds.reduce((s, o) => s + o.p, 0), 2, 1e-9, "sum");
  assert.throws(
    () => oddsOf({ recruitments, entrants: [...entrants, entrants[0]] }),
    /^Error: odds input: entrant .*: duplicate application id$/,
  );
  assert.throws(
    () => oddsOf({ recruitments: [recruitments[0]], entrants }),
    /odds input: entrant .*: choice 1: unknown recruitment/,
  );
});
