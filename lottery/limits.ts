/**
 * The numeric limits of the lottery (README section 1.1). Every value the module stores in a
 * typed array is checked against these first, so no typed array ever narrows a value.
 *
 * @module
 */

/** Most seats of one recruitment (and most extra seats one amendment adds). */
export const MAX_SEATS = 100_000;
/** Largest weight, in hundredths (10,000.00). */
export const MAX_WEIGHT = 1_000_000;
/** Largest tier number (a recruitment has at most `MAX_TIER − 1` tier conditions). */
export const MAX_TIER = 1_000;
/** Most children in one unit. */
export const MAX_UNIT_SIZE = 10;
/** Most entrants of one round (or one odds pool). */
export const MAX_ENTRANTS = 1_000_000;
/** Most recruitments of one round. */
export const MAX_RECRUITMENTS = 10_000;
/** Largest time (epoch milliseconds) in a beacon announcement: 2^53 − 1. */
export const MAX_TIME: number = Number.MAX_SAFE_INTEGER;

/** True when `n` is an integer with `min ≤ n ≤ max`. */
export function isIntIn(n: unknown, min: number, max: number): n is number {
  return typeof n === "number" && Number.isInteger(n) && n >= min && n <= max;
}

/** The message for a value outside `[min, max]`, naming the field. */
export function rangeMessage(
  what: string,
  min: number,
  max: number,
  got: unknown,
): string {
  return `${what} must be an integer from ${min} to ${max}, got ${
    typeof got === "number" ? got : JSON.stringify(got)
  }`;
}
