/**
 * Keys and the order of a recruitment (README section 5).
 *
 * @module
 */
import type { Entrant } from "./types.ts";
import { byteCompare } from "./digest.ts";

/** Relative tolerance within which `verify` accepts a stored key. */
export const KEY_TOLERANCE = 1e-12;

/** The key of a choice: `−ln(u) / (weight / 100)` in binary64. */
export function keyOf(u: number, weight: number): number {
  return -Math.log(u) / (weight / 100);
}

/** The keys of every entrant's choices: `keys[e][c]` for entrant `e`'s choice `c`. */
export function keysOf(
  entrants: readonly Entrant[],
  us: ArrayLike<number>,
): number[][] {
  const keys = new Array<number[]>(entrants.length);
  for (let e = 0; e < entrants.length; e++) {
    const choices = entrants[e].choices;
    const k = new Array<number>(choices.length);
    for (let c = 0; c < choices.length; c++) {
      k[c] = keyOf(us[e], choices[c].weight);
    }
    keys[e] = k;
  }
  return keys;
}

/** True when `|a − b| ≤ KEY_TOLERANCE × max(|a|, |b|)`. */
export function withinTolerance(a: number, b: number): boolean {
  return Math.abs(a - b) <= KEY_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
}

/** One entrant's place in a recruitment's order. */
export interface OrderItem {
  /** Priority tier in that recruitment, integer ≥ 1 (1 is the best). */
  tier: number;
  /** −ln(u) / (weight / 100); smaller comes first within a tier. */
  key: number;
  /** 32 lowercase hex; breaks exact ties by byte order. */
  pseudonym: string;
}

/** The order of a recruitment: tier ascending, then key ascending, then pseudonym (bytes). */
export function compareOrder(a: OrderItem, b: OrderItem): number {
  if (a.tier !== b.tier) return a.tier - b.tier;
  if (a.key !== b.key) return a.key < b.key ? -1 : 1;
  return byteCompare(a.pseudonym, b.pseudonym);
}

/** True when `a` comes strictly before `b` in a recruitment's order. */
export function comesBefore(a: OrderItem, b: OrderItem): boolean {
  return compareOrder(a, b) < 0;
}
