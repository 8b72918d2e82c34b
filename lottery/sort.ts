/**
 * Index sort of one recruitment's listers by (tier, key, pseudonym), on typed arrays: a stable
 * LSD radix sort on the key's bits then the tier, with exact ties broken by pseudonym.
 *
 * @module
 */

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Returns the permutation `perm` (local indices `0..n−1`) that sorts items by tier ascending, key
 * ascending, then `pseudonymOf(i)` ascending. Throws on a NaN key or a tier outside 0..2^32−1.
 */
export function sortIndices(
  tiers: Int32Array | Uint32Array,
  keys: Float64Array,
  pseudonymOf: (i: number) => string,
): Int32Array {
  const n = keys.length;
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  if (n < 2) return perm;
  // Sortable unsigned words of each key: flip the sign bit of a positive, invert a negative.
  const f = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const k = keys[i];
    if (k !== k) throw new Error("a key is NaN");
    f[i] = k + 0; // -0 → +0
  }
  const words = new Uint32Array(f.buffer);
  const hi = new Uint32Array(n), lo = new Uint32Array(n);
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
  const tierWords = new Uint32Array(n);
  for (let i = 0; i < n; i++) tierWords[i] = tiers[i];
  if (n <= 64) {
    insertionSort(perm, tierWords, hi, lo);
  } else {
    let a = perm, b = new Int32Array(n);
    const count = new Uint32Array(65536);
    for (const [src, shift] of [[lo, 0], [lo, 16], [hi, 0], [hi, 16], [tierWords, 0], [tierWords, 16]] as const) {
      if (radixPass(a, b, src, shift, count)) [a, b] = [b, a];
    }
    if (a !== perm) perm.set(a);
  }
  breakTies(perm, tierWords, hi, lo, pseudonymOf);
  return perm;
}

/** One stable counting pass on a 16-bit digit from `a` into `b`; false when skipped (one digit). */
function radixPass(a: Int32Array, b: Int32Array, src: Uint32Array, shift: number, count: Uint32Array): boolean {
  const n = a.length;
  count.fill(0);
  for (let i = 0; i < n; i++) count[(src[i] >>> shift) & 0xffff]++;
  if (count[(src[0] >>> shift) & 0xffff] === n) return false;
  let sum = 0;
  for (let d = 0; d < 65536; d++) {
    const c = count[d];
    count[d] = sum;
    sum += c;
  }
  for (let i = 0; i < n; i++) {
    const x = a[i];
    b[count[(src[x] >>> shift) & 0xffff]++] = x;
  }
  return true;
}

function less(x: number, y: number, t: Uint32Array, hi: Uint32Array, lo: Uint32Array): boolean {
  if (t[x] !== t[y]) return t[x] < t[y];
  if (hi[x] !== hi[y]) return hi[x] < hi[y];
  return lo[x] < lo[y];
}

function insertionSort(perm: Int32Array, t: Uint32Array, hi: Uint32Array, lo: Uint32Array): void {
  for (let i = 1; i < perm.length; i++) {
    const x = perm[i];
    let j = i - 1;
    while (j >= 0 && less(x, perm[j], t, hi, lo)) {
      perm[j + 1] = perm[j];
      j--;
    }
    perm[j + 1] = x;
  }
}

/** Sorts each run of equal (tier, key) by pseudonym. */
function breakTies(
  perm: Int32Array,
  t: Uint32Array,
  hi: Uint32Array,
  lo: Uint32Array,
  pseudonymOf: (i: number) => string,
): void {
  const n = perm.length;
  let start = 0;
  for (let i = 1; i <= n; i++) {
    if (i < n) {
      const x = perm[i], y = perm[start];
      if (t[x] === t[y] && hi[x] === hi[y] && lo[x] === lo[y]) continue;
    }
    if (i - start > 1) {
      const run = Array.from(perm.subarray(start, i));
      run.sort((x, y) => {
        const px = pseudonymOf(x), py = pseudonymOf(y);
        return px < py ? -1 : px > py ? 1 : 0;
      });
      perm.set(run, start);
    }
    start = i;
  }
}
