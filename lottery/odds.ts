/**
 * The chance of winning (README section 10): exact per recruitment when it can be, simulated
 * for the round otherwise. No secret is involved; the input is the current pool, where the
 * `pseudonym` field may carry application ids.
 *
 * @module
 */
import type { Entrant, Recruitment } from "./types.ts";
import {
  APPLICATION_IDS,
  byteCompare,
  entryDigest,
  validateEntries,
} from "./digest.ts";
import { exactOdds } from "./odds_exact.ts";
import { simulatedOdds } from "./odds_sim.ts";

export { cutoffTierOdds, type ExactEntrant, exactOdds } from "./odds_exact.ts";
export {
  MAX_SIMULATION_RUNS,
  oddsPrng,
  type SimulatedOdds,
  simulatedOdds,
  type SimulatedP,
} from "./odds_sim.ts";
export { Xoshiro128 } from "./prng.ts";

/** One reported probability: entrant `entrant` gets a seat in `recruitment` with probability `p`. */
export interface OddsItem {
  /** The entrant's pseudonym field (an application id in the odds input). */
  entrant: string;
  /** Recruitment id of one of the entrant's choices. */
  recruitment: string;
  /** Probability of being placed there. */
  p: number;
  /** 95% half-width; present only when `p` was simulated. */
  halfWidth?: number;
}

/** The result of {@link oddsOf}. */
export interface OddsResult {
  /** `"exact"` when every recruitment was computed exactly, else `"simulated"`. */
  method: "exact" | "simulated";
  /** Entry digest (README section 3.2) of the pool, which seeds the simulation. */
  poolDigest: string;
  /** One item per (entrant, choice): entrants by ascending id, choices in ranked order. */
  odds: OddsItem[];
}

/**
 * True when `recruitmentId` can be computed exactly: no entrant that lists it lists another
 * recruitment, and none is a unit (`members.length > 1`). Throws on an unknown recruitment.
 */
export function isExactCase(
  recruitmentId: string,
  recruitments: readonly Recruitment[],
  entrants: readonly Entrant[],
): boolean {
  if (!recruitments.some((r) => r.id === recruitmentId)) {
    throw new Error(`unknown recruitment ${recruitmentId}`);
  }
  for (const e of entrants) {
    if (!e.choices.some((c) => c.recruitment === recruitmentId)) continue;
    if (e.members.length > 1 || e.choices.length > 1) return false;
  }
  return true;
}

/** Recruitment ids that are not exact cases (see {@link isExactCase}), in one pass. */
function nonExactIds(entrants: readonly Entrant[]): Set<string> {
  const out = new Set<string>();
  for (const e of entrants) {
    if (e.members.length > 1 || e.choices.length > 1) {
      for (const c of e.choices) out.add(c.recruitment);
    }
  }
  return out;
}

/** The input of {@link oddsOf}: the round's recruitments and the current pool. */
export interface OddsInput {
  /** Every recruitment of the round. */
  recruitments: Recruitment[];
  /** The pool; `pseudonym` and `members` carry application ids. */
  entrants: Entrant[];
}

/**
 * Checks a parsed odds input (README section 10) and returns it: an object with `recruitments`
 * and `entrants` lists, valid as entries (section 3.1, limits included) with application ids in
 * place of pseudonyms. Throws an Error whose message names the offending item.
 */
export function parseOddsInput(value: unknown): OddsInput {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new Error(
      'odds input: expected an object { "recruitments": [...], "entrants": [...] }',
    );
  }
  const v = value as Record<string, unknown>;
  for (const key of ["recruitments", "entrants"]) {
    if (!Array.isArray(v[key])) {
      throw new Error(`odds input: ${key} must be a list`);
    }
  }
  const input = v as unknown as OddsInput;
  try {
    validateEntries(input.recruitments, input.entrants, APPLICATION_IDS);
  } catch (err) {
    throw new Error(`odds input: ${(err as Error).message}`);
  }
  return input;
}

/**
 * The odds of every entrant in each of its choices under the current pool: exact
 * ({@link exactOdds}) for each recruitment that {@link isExactCase} allows, and for the others
 * the simulation of the whole round ({@link simulatedOdds}, seeded by the pool digest).
 * Validates the input first ({@link parseOddsInput}) and throws its message.
 */
export function oddsOf(value: OddsInput | unknown): OddsResult {
  const { recruitments, entrants } = parseOddsInput(value);
  const poolDigest = entryDigest(recruitments, entrants);
  const simulated = nonExactIds(entrants);
  const exact = new Map<string, Map<string, number>>(); // recruitment → entrant → p
  for (const r of recruitments) {
    if (simulated.has(r.id)) continue;
    const listers = [];
    for (const e of entrants) {
      const c = e.choices[0];
      if (c !== undefined && c.recruitment === r.id) {
        listers.push({ id: e.pseudonym, weight: c.weight, tier: c.tier });
      }
    }
    exact.set(r.id, exactOdds(r.seats, listers));
  }
  const sim = simulated.size > 0
    ? simulatedOdds(recruitments, entrants, poolDigest)
    : undefined;
  const odds: OddsItem[] = [];
  const sorted = [...entrants].sort((a, b) =>
    byteCompare(a.pseudonym, b.pseudonym)
  );
  for (const e of sorted) {
    for (const c of e.choices) {
      const ex = exact.get(c.recruitment);
      if (ex !== undefined) {
        odds.push({
          entrant: e.pseudonym,
          recruitment: c.recruitment,
          p: ex.get(e.pseudonym)!,
        });
      } else {
        const s = sim!.odds.get(e.pseudonym)!.get(c.recruitment)!;
        odds.push({
          entrant: e.pseudonym,
          recruitment: c.recruitment,
          p: s.p,
          halfWidth: s.halfWidth,
        });
      }
    }
  }
  return {
    method: sim === undefined ? "exact" : "simulated",
    poolDigest,
    odds,
  };
}
