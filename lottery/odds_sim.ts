/**
 * Simulated odds (README section 10): repeated draws with the full allocation.
 *
 * - The PRNG is xoshiro128** ({@link Xoshiro128}) whose state is the first 16 bytes of
 *   `SHA256(ascii("odds") ‖ poolDigest)` (the 32 digest bytes, not its hex) as four
 *   little-endian uint32.
 * - Each run draws one u per entrant with {@link Xoshiro128.nextU}, entrants taken in ascending
 *   `pseudonym` byte order (every entrant, also one with no choices), so the result does not
 *   depend on the order of the input. Each choice's key is `keyOf(u, weight)`, then
 *   `allocate` places the entrants and the placements are tallied.
 * - Runs: `opts.runs` when given. Otherwise the simulation runs in batches of 1,024 and, from
 *   4,096 runs on, stops after a batch once `runs ≥ 1.96² · max p̂(1−p̂) / 0.005²` over every
 *   (entrant, choice) pair; it never exceeds 38,416 runs (the bound for p = 1/2). Each reported
 *   p then has a 95% half-width `1.96·√(p(1−p)/runs)` ≤ 0.005.
 *
 * @module
 */
import type { Entrant, Recruitment } from "./types.ts";
import { allocate } from "./allocate.ts";
import { keyOf } from "./order.ts";
import { byteCompare } from "./digest.ts";
import { concatBytes, hexToBytes, sha256Bytes, utf8 } from "./hash.ts";
import { Xoshiro128 } from "./prng.ts";

/** A simulated probability with its 95% half-width. */
export interface SimulatedP {
  /** Fraction of runs in which the entrant was placed in the recruitment. */
  p: number;
  /** `1.96·√(p(1−p)/runs)`. */
  halfWidth: number;
}

/** The result of {@link simulatedOdds}. */
export interface SimulatedOdds {
  /** Number of simulated draws. */
  runs: number;
  /** Per entrant pseudonym (or application id), per recruitment id of its choices. */
  odds: Map<string, Map<string, SimulatedP>>;
}

/** 95% normal quantile. */
const Z95 = 1.96;
/** Target half-width. */
const HALF_WIDTH = 0.005;
/** Runs that guarantee the half-width for any p: ceil(1.96² · 0.25 / 0.005²). */
export const MAX_SIMULATION_RUNS = 38416;
/** Runs between two checks of the stopping rule. */
const BATCH = 1024;
/** Runs before the stopping rule is first checked. */
const MIN_RUNS = 4096;

/** The odds PRNG for a pool: xoshiro128** seeded by `SHA256(ascii("odds") ‖ poolDigest)`. */
export function oddsPrng(poolDigestHex: string): Xoshiro128 {
  const seed = sha256Bytes(
    concatBytes(utf8("odds"), hexToBytes(poolDigestHex, 32, "pool digest")),
  );
  return Xoshiro128.fromBytes(seed);
}

/**
 * Simulates the draw of the whole pool and returns, for every entrant and each of its choices,
 * the fraction of runs in which it was placed there, with the 95% half-width.
 *
 * @param recruitments every recruitment of the round
 * @param entrants the pool; `pseudonym` may carry application ids (unique)
 * @param poolDigestHex the entry digest of the pool (64 hex), which seeds the PRNG
 * @param opts `runs`: a fixed number of runs (≥ 1) instead of the adaptive rule
 */
export function simulatedOdds(
  recruitments: readonly Recruitment[],
  entrants: readonly Entrant[],
  poolDigestHex: string,
  opts: { runs?: number } = {},
): SimulatedOdds {
  if (
    opts.runs !== undefined && (!Number.isInteger(opts.runs) || opts.runs < 1)
  ) {
    throw new RangeError(`runs must be an integer ≥ 1, got ${opts.runs}`);
  }
  const rng = oddsPrng(poolDigestHex);
  const sorted = [...entrants].sort((a, b) =>
    byteCompare(a.pseudonym, b.pseudonym)
  );
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].pseudonym === sorted[i - 1].pseudonym) {
      throw new Error(`entrant ${sorted[i].pseudonym}: duplicate`);
    }
  }
  const recIndex = new Map<string, number>();
  recruitments.forEach((r, i) => recIndex.set(r.id, i));
  const E = sorted.length;
  // Flat choices: start[e]..start[e+1]; recOf = recruitment index of each choice.
  const start = new Int32Array(E + 1);
  for (let e = 0; e < E; e++) {
    start[e + 1] = start[e] + sorted[e].choices.length;
  }
  const recOf = new Int32Array(start[E]);
  const weights = new Float64Array(start[E]);
  for (let e = 0; e < E; e++) {
    sorted[e].choices.forEach((c, i) => {
      const r = recIndex.get(c.recruitment);
      if (r === undefined) {
        throw new Error(
          `entrant ${
            sorted[e].pseudonym
          }: unknown recruitment ${c.recruitment}`,
        );
      }
      recOf[start[e] + i] = r;
      weights[start[e] + i] = c.weight;
    });
  }
  const keys = sorted.map((e) => new Float64Array(e.choices.length));
  const wins = new Float64Array(start[E]);
  const target = opts.runs ?? MAX_SIMULATION_RUNS;
  let runs = 0;
  while (runs < target) {
    const batchEnd = opts.runs === undefined
      ? Math.min(target, runs + BATCH)
      : target;
    for (; runs < batchEnd; runs++) {
      for (let e = 0; e < E; e++) {
        const u = rng.nextU();
        const k = keys[e];
        for (let c = 0, f = start[e]; c < k.length; c++, f++) {
          k[c] = keyOf(u, weights[f]);
        }
      }
      const { placed } = allocate(recruitments, sorted, keys);
      for (let e = 0; e < E; e++) {
        const r = placed[e];
        if (r < 0) continue;
        for (let f = start[e]; f < start[e + 1]; f++) {
          if (recOf[f] === r) {
            wins[f]++;
            break;
          }
        }
      }
    }
    if (opts.runs === undefined && runs >= MIN_RUNS && runs < target) {
      let maxPq = 0;
      for (let f = 0; f < wins.length; f++) {
        const p = wins[f] / runs;
        maxPq = Math.max(maxPq, p * (1 - p));
      }
      if (runs >= Math.ceil((Z95 * Z95 * maxPq) / (HALF_WIDTH * HALF_WIDTH))) {
        break;
      }
    }
  }
  const odds = new Map<string, Map<string, SimulatedP>>();
  for (let e = 0; e < E; e++) {
    const m = new Map<string, SimulatedP>();
    sorted[e].choices.forEach((c, i) => {
      const p = wins[start[e] + i] / runs;
      m.set(c.recruitment, {
        p,
        halfWidth: Z95 * Math.sqrt((p * (1 - p)) / runs),
      });
    });
    odds.set(sorted[e].pseudonym, m);
  }
  return { runs, odds };
}
