/**
 * Random rounds for the lottery's property tests.
 *
 * @module
 */
import fc from "fast-check";
import type { Entrant, Recruitment } from "../types.ts";
import { computeUs } from "../from_secret.ts";
import { keysOf } from "../order.ts";

/** A random round with its keys. */
export interface Round {
  recruitments: Recruitment[];
  entrants: Entrant[];
  keys: number[][];
}

const hex32 = fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) =>
  Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("")
);

/** Random rounds; `units` allows entrants of 2–3 members. */
export function roundArb(
  opts: { units: boolean; maxEntrants?: number; maxRecruitments?: number },
): fc.Arbitrary<Round> {
  const maxR = opts.maxRecruitments ?? 5, maxE = opts.maxEntrants ?? 14;
  return fc.record({
    seats: fc.array(fc.integer({ min: 0, max: Math.max(4, maxE / 4) }), {
      minLength: 1,
      maxLength: maxR,
    }),
    people: fc.array(
      fc.record({
        size: opts.units
          ? fc.oneof(
            fc.constant(1),
            fc.constant(1),
            fc.integer({ min: 2, max: 3 }),
          )
          : fc.constant(1),
        picks: fc.array(fc.nat(), { maxLength: 3 }),
        weights: fc.array(fc.integer({ min: 1, max: 400 }), {
          minLength: 3,
          maxLength: 3,
        }),
        tiers: fc.array(fc.integer({ min: 1, max: 3 }), {
          minLength: 3,
          maxLength: 3,
        }),
      }),
      { maxLength: maxE },
    ),
    ids: fc.uniqueArray(hex32, {
      minLength: 3 * maxE + 3,
      maxLength: 3 * maxE + 3,
    }),
    seed: hex32.chain((a) => hex32.map((b) => a + b)),
    sameWeights: fc.boolean(),
  }).map(({ seats, people, ids, seed, sameWeights }) => {
    const recruitments = seats.map((s, i) => ({ id: `r${i}`, seats: s }));
    let next = 0;
    const entrants: Entrant[] = people.map((p) => {
      const pseudonym = ids[next++];
      const members = p.size === 1
        ? [pseudonym]
        : Array.from({ length: p.size }, () => ids[next++]).sort();
      const recs = [...new Set(p.picks.map((x) => x % seats.length))];
      const choices = recs.map((r, i) => ({
        recruitment: `r${r}`,
        weight: sameWeights ? 100 : p.weights[i],
        tier: sameWeights ? 1 : p.tiers[i],
      }));
      return { pseudonym, members, choices };
    });
    const us = computeUs(seed, entrants.map((e) => e.pseudonym));
    return { recruitments, entrants, keys: keysOf(entrants, us) };
  });
}

/** A straightforward re-implementation of README section 6, for comparison. */
export function referenceAllocate(round: Round): Map<string, string | null> {
  const { recruitments, entrants, keys } = round;
  const seats = new Map(recruitments.map((r) => [r.id, r.seats]));
  const orderKey = (e: number, r: string) => {
    const i = entrants[e].choices.findIndex((c) => c.recruitment === r);
    return {
      tier: entrants[e].choices[i].tier,
      key: keys[e][i],
      p: entrants[e].pseudonym,
    };
  };
  const before = (r: string) => (a: number, b: number) => {
    const x = orderKey(a, r), y = orderKey(b, r);
    return x.tier - y.tier ||
      (x.key < y.key
        ? -1
        : x.key > y.key
        ? 1
        : x.p < y.p
        ? -1
        : x.p > y.p
        ? 1
        : 0);
  };
  const next = entrants.map(() => 0);
  const held = new Map<string, number[]>(recruitments.map((r) => [r.id, []]));
  const heldBy = entrants.map(() => null as string | null);
  for (;;) {
    const proposals = new Map<string, number[]>();
    entrants.forEach((e, i) => {
      if (heldBy[i] === null && next[i] < e.choices.length) {
        const r = e.choices[next[i]++].recruitment;
        proposals.set(r, [...(proposals.get(r) ?? []), i]);
      }
    });
    if (proposals.size === 0) break;
    for (const [r, props] of proposals) {
      const all = [...held.get(r)!, ...props].sort(before(r));
      let free = seats.get(r)!;
      const keep: number[] = [];
      for (const i of all) {
        const size = entrants[i].members.length;
        if (size <= free) {
          keep.push(i);
          free -= size;
          heldBy[i] = r;
        } else heldBy[i] = null;
      }
      held.set(r, keep);
    }
  }
  return new Map(entrants.map((e, i) => [e.pseudonym, heldBy[i]]));
}
