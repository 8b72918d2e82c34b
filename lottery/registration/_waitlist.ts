/**
 * Sorting a recruitment's waitlist when the registration state is built (a helper of
 * `mod.ts`; private to this folder).
 *
 * @module
 */
import type { WaitlistPlace } from "./types.ts";
import { byteCompare } from "../digest.ts";

const LIMIT = 2 ** 31;

/**
 * The places sorted by rank, then tier, key and pseudonym (the order `Array.prototype.sort`
 * gives with that comparator). When the ranks are distinct integers in a compact range (always,
 * for a draw's results) this is a bucket placement in linear time; otherwise the comparator
 * sort, in place.
 */
export function sortWaitlist(places: WaitlistPlace[]): WaitlistPlace[] {
  const n = places.length;
  if (n <= 1) return places;
  let lo = Infinity;
  let hi = -Infinity;
  let integers = true;
  for (let j = 0; j < n; j++) {
    const x = places[j].rank;
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
      const k = places[j].rank - lo;
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
  return places.sort((a, b) =>
    a.rank - b.rank || a.tier - b.tier || a.key - b.key ||
    byteCompare(a.entrant, b.entrant)
  );
}
