/**
 * Sorting a recruitment's waitlist when the registration state is built (a helper of
 * `mod.ts`; private to this folder).
 *
 * @module
 */
import type { WaitlistPlace } from "./types.ts";

/** Sort keys of the places of one waitlist, parallel to it: rank, tier and key. */
export interface WaitlistKeys {
  rank: number[];
  tier: number[];
  key: number[];
}

const LIMIT = 2 ** 31;

/**
 * The places sorted by rank, then tier, key and pseudonym (the order `Array.prototype.sort`
 * gives with that comparator). When the ranks are distinct integers in a compact range (always,
 * for a draw's results) this is a bucket placement in linear time; otherwise the comparator
 * sort, in place.
 */
export function sortWaitlist(
  places: WaitlistPlace[],
  keys: WaitlistKeys,
): WaitlistPlace[] {
  const n = places.length;
  if (n <= 1) return places;
  const { rank, tier, key } = keys;
  let lo = Infinity;
  let hi = -Infinity;
  let integers = true;
  for (let j = 0; j < n; j++) {
    const x = rank[j];
    if (!Number.isInteger(x)) {
      integers = false;
      break;
    }
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  if (integers && lo >= -LIMIT && hi <= LIMIT && hi - lo < 8 * n + 1024) {
    const slot = new Int32Array(hi - lo + 1);
    let distinct = true;
    for (let j = 0; j < n; j++) {
      const k = rank[j] - lo;
      if (slot[k] !== 0) {
        distinct = false;
        break;
      }
      slot[k] = j + 1;
    }
    if (distinct) {
      const out: WaitlistPlace[] = [];
      for (let k = 0; k < slot.length; k++) {
        if (slot[k] !== 0) out.push(places[slot[k] - 1]);
      }
      return out;
    }
  }
  const at = new Map<WaitlistPlace, number>();
  for (let j = 0; j < n; j++) at.set(places[j], j);
  return places.sort((a, b) => {
    const i = at.get(a)!;
    const j = at.get(b)!;
    return rank[i] - rank[j] || tier[i] - tier[j] || key[i] - key[j] ||
      cmp(a.entrant, b.entrant);
  });
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
