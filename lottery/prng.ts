/**
 * xoshiro128** (Blackman–Vigna), the documented PRNG of the simulated odds (README section 10).
 *
 * Not cryptographic and never used for the draw itself: the draw's u values come from the seed
 * (README section 4). This generator only feeds the odds simulation and the tests.
 *
 * @module
 */

/** A xoshiro128** generator: 128-bit state as four uint32 words. */
export class Xoshiro128 {
  #s0: number;
  #s1: number;
  #s2: number;
  #s3: number;

  /**
   * Creates a generator from its four state words (each taken modulo 2^32).
   * The all-zero state is a fixed point of xoshiro and is rejected.
   */
  constructor(s0: number, s1: number, s2: number, s3: number) {
    this.#s0 = s0 >>> 0;
    this.#s1 = s1 >>> 0;
    this.#s2 = s2 >>> 0;
    this.#s3 = s3 >>> 0;
    if ((this.#s0 | this.#s1 | this.#s2 | this.#s3) === 0) {
      throw new RangeError("xoshiro128** state must not be all zero");
    }
  }

  /**
   * Creates a generator whose state is the first 16 bytes of `seed` read as four
   * little-endian uint32 words (README section 10).
   */
  static fromBytes(seed: Uint8Array): Xoshiro128 {
    if (seed.length < 16) throw new RangeError("seed needs at least 16 bytes");
    const w = (i: number) =>
      (seed[i] | (seed[i + 1] << 8) | (seed[i + 2] << 16) |
        (seed[i + 3] << 24)) >>> 0;
    return new Xoshiro128(w(0), w(4), w(8), w(12));
  }

  /** The current state words, `[s0, s1, s2, s3]` (for tests and diagnostics). */
  state(): [number, number, number, number] {
    return [this.#s0, this.#s1, this.#s2, this.#s3];
  }

  /** Next 32-bit output as an unsigned integer in [0, 2^32). */
  next(): number {
    const s1 = this.#s1;
    const m = Math.imul(s1, 5);
    const result = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    const t = s1 << 9;
    this.#s2 ^= this.#s0;
    this.#s3 ^= s1;
    this.#s1 = s1 ^ this.#s2;
    this.#s0 ^= this.#s3;
    this.#s2 ^= t;
    this.#s3 = (this.#s3 << 11) | (this.#s3 >>> 21);
    this.#s0 >>>= 0;
    this.#s1 >>>= 0;
    this.#s2 >>>= 0;
    this.#s3 >>>= 0;
    return result;
  }

  /**
   * Next uniform number strictly inside (0, 1), from two successive outputs `a`, `b`:
   * `min(((a >>> 5) · 2^26 + (b >>> 6) + 0.5) / 2^53, 1 − 2^−53)` in binary64 (as the draw's u).
   */
  nextU(): number {
    const a = this.next();
    const b = this.next();
    return Math.min(
      ((a >>> 5) * 67108864 + (b >>> 6) + 0.5) / 9007199254740992,
      1 - 1 / 9007199254740992,
    );
  }
}
