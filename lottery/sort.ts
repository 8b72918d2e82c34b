/**
 * Index sort of one recruitment's listers by (tier, key, pseudonym), on typed arrays: a stable
 * LSD radix sort (11-bit digits) on the tier and the key's top 43 bits, then each run of equal
 * prefixes is finished by insertion on the full key and the pseudonym.
 *
 * @module
 */
import { byteCompare } from "./digest.ts";

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const BITS = 11;
const BUCKETS = 1 << BITS;
const MASK = BUCKETS - 1;
/** Histogram reused by every pass (the module is synchronous). */
const COUNT = new Int32Array(BUCKETS);
/** Below this size, insertion sort. */
const SMALL = 48;

/** The sortable unsigned words of each key: flip the sign bit of a positive, invert a negative. */
function keyWords(keys: Float64Array, hi: Uint32Array, lo: Uint32Array): void {
  const n = keys.length;
  const f = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const k = keys[i];
    if (k !== k) throw new Error("a key is NaN");
    f[i] = k + 0; // -0 → +0
  }
  const words = new Uint32Array(f.buffer);
  const hiAt = LITTLE_ENDIAN ? 1 : 0, loAt = 1 - hiAt;
  for (let i = 0; i < n; i++) {
    const h = words[2 * i + hiAt], l = words[2 * i + loAt];
    if (h & 0x80000000) {
      hi[i] = ~h >>> 0;
      lo[i] = ~l >>> 0;
    } else {
      hi[i] = (h | 0x80000000) >>> 0;
      lo[i] = l;
    }
  }
}

/** Dense ranks (0, 1, …) of the distinct tiers, so one 11-bit pass orders them when few. */
function denseTiers(
  tiers: Int32Array | Uint32Array,
): { rank: Uint32Array; distinct: number } {
  const n = tiers.length;
  let min = tiers[0], max = tiers[0];
  for (let i = 1; i < n; i++) {
    if (tiers[i] < min) min = tiers[i];
    else if (tiers[i] > max) max = tiers[i];
  }
  const rank = new Uint32Array(n);
  if (max - min < BUCKETS) {
    for (let i = 0; i < n; i++) rank[i] = tiers[i] - min;
    return { rank, distinct: max - min + 1 };
  }
  const values = [...new Set(tiers)].sort((a, b) => a - b);
  const of = new Map(values.map((v, i) => [v, i]));
  for (let i = 0; i < n; i++) rank[i] = of.get(tiers[i])!;
  return { rank, distinct: values.length };
}

interface Items {
  idx: Int32Array;
  hi: Uint32Array;
  lo: Uint32Array;
  tier: Uint32Array;
}

/** One stable counting pass on the digit `(src >>> shift) & MASK` from `a` into `b`; false when skipped. */
function pass(a: Items, b: Items, src: Uint32Array, shift: number): boolean {
  const n = src.length;
  COUNT.fill(0);
  for (let i = 0; i < n; i++) COUNT[(src[i] >>> shift) & MASK]++;
  if (COUNT[(src[0] >>> shift) & MASK] === n) return false;
  let sum = 0;
  for (let d = 0; d < BUCKETS; d++) {
    const c = COUNT[d];
    COUNT[d] = sum;
    sum += c;
  }
  for (let i = 0; i < n; i++) {
    const to = COUNT[(src[i] >>> shift) & MASK]++;
    b.idx[to] = a.idx[i];
    b.hi[to] = a.hi[i];
    b.lo[to] = a.lo[i];
    b.tier[to] = a.tier[i];
  }
  return true;
}

/**
 * Returns the permutation `perm` (local indices `0..n−1`) that sorts items by tier ascending, key
 * ascending, then `pseudonymOf(i)` ascending. Throws on a NaN key.
 */
export function sortIndices(
  tiers: Int32Array | Uint32Array,
  keys: Float64Array,
  pseudonymOf: (i: number) => string,
): Int32Array {
  const n = keys.length;
  let a: Items = {
    idx: new Int32Array(n),
    hi: new Uint32Array(n),
    lo: new Uint32Array(n),
    tier: new Uint32Array(n),
  };
  for (let i = 0; i < n; i++) a.idx[i] = i;
  if (n < 2) return a.idx;
  keyWords(keys, a.hi, a.lo);
  const { rank, distinct } = denseTiers(tiers);
  a.tier = rank;
  if (n > SMALL) {
    let b: Items = {
      idx: new Int32Array(n),
      hi: new Uint32Array(n),
      lo: new Uint32Array(n),
      tier: new Uint32Array(n),
    };
    const digits: [keyof Items, number][] = [
      ["lo", 21],
      ["hi", 0],
      ["hi", 11],
      ["hi", 22],
    ];
    for (let shift = 0; (distinct - 1) >>> shift > 0; shift += BITS) {
      digits.push(["tier", shift]);
    }
    for (const [field, shift] of digits) {
      if (pass(a, b, a[field] as Uint32Array, shift)) [a, b] = [b, a];
    }
  }
  finishRuns(a, n <= SMALL, pseudonymOf);
  return a.idx;
}

/** Compares items i and j of `a` fully: tier, key, pseudonym. */
function compareAt(
  a: Items,
  i: number,
  j: number,
  pseudonymOf: (i: number) => string,
): number {
  if (a.tier[i] !== a.tier[j]) return a.tier[i] < a.tier[j] ? -1 : 1;
  if (a.hi[i] !== a.hi[j]) return a.hi[i] < a.hi[j] ? -1 : 1;
  if (a.lo[i] !== a.lo[j]) return a.lo[i] < a.lo[j] ? -1 : 1;
  return byteCompare(pseudonymOf(a.idx[i]), pseudonymOf(a.idx[j]));
}

function swap(a: Items, i: number, j: number): void {
  let t: number = a.idx[i];
  a.idx[i] = a.idx[j];
  a.idx[j] = t;
  t = a.hi[i];
  a.hi[i] = a.hi[j];
  a.hi[j] = t;
  t = a.lo[i];
  a.lo[i] = a.lo[j];
  a.lo[j] = t;
  t = a.tier[i];
  a.tier[i] = a.tier[j];
  a.tier[j] = t;
}

/**
 * Insertion-sorts each run of items whose radix prefix (tier, hi, top 11 bits of lo) is equal —
 * or the whole array when `all` — by the full comparison.
 */
function finishRuns(
  a: Items,
  all: boolean,
  pseudonymOf: (i: number) => string,
): void {
  const n = a.idx.length;
  let start = 0;
  for (let i = 1; i <= n; i++) {
    if (i < n) {
      const same = all ||
        (a.tier[i] === a.tier[start] && a.hi[i] === a.hi[start] &&
          a.lo[i] >>> 21 === a.lo[start] >>> 21);
      if (same) continue;
    }
    if (i - start > 32) sortRun(a, start, i, pseudonymOf);
    else {
      for (let x = start + 1; x < i; x++) {
        for (
          let y = x;
          y > start && compareAt(a, y - 1, y, pseudonymOf) > 0;
          y--
        ) swap(a, y - 1, y);
      }
    }
    start = i;
  }
}

/** Sorts the items `from..to` of `a` by the full comparison (for long runs of equal prefixes). */
function sortRun(
  a: Items,
  from: number,
  to: number,
  pseudonymOf: (i: number) => string,
): void {
  const at = Array.from({ length: to - from }, (_, k) => from + k);
  at.sort((i, j) => compareAt(a, i, j, pseudonymOf));
  const copy = {
    idx: a.idx.slice(),
    hi: a.hi.slice(),
    lo: a.lo.slice(),
    tier: a.tier.slice(),
  };
  at.forEach((src, k) => {
    a.idx[from + k] = copy.idx[src];
    a.hi[from + k] = copy.hi[src];
    a.lo[from + k] = copy.lo[src];
    a.tier[from + k] = copy.tier[src];
  });
}
