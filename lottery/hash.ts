/**
 * Byte, hex and hash helpers of the lottery, plus a specialised one-block SHA-256 for the
 * fixed 48-byte u message (`seed ‖ pseudonym`, README section 4).
 *
 * @module
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { hmac } from "@noble/hashes/hmac.js";

const HEX_DIGITS = "0123456789abcdef";

/** Value of each lowercase hex digit by char code, -1 for any other code below 128. */
const HEX_VALUE: Int8Array = (() => {
  const t = new Int8Array(128).fill(-1);
  for (let i = 0; i < 16; i++) t[HEX_DIGITS.charCodeAt(i)] = i;
  return t;
})();

/** True when `s` is lowercase hex of exactly `chars` characters. */
export function isHex(s: unknown, chars: number): s is string {
  if (typeof s !== "string" || s.length !== chars) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || HEX_VALUE[c] < 0) return false;
  }
  return true;
}

/**
 * Parses lowercase hex into bytes. Throws when `hex` is not lowercase hex of an even length
 * (or of `bytes × 2` characters when `bytes` is given); `what` names the value in the message.
 */
export function hexToBytes(
  hex: string,
  bytes?: number,
  what = "hex",
): Uint8Array {
  const chars = bytes === undefined ? hex.length : bytes * 2;
  if (chars % 2 !== 0 || !isHex(hex, chars)) {
    throw new Error(
      `${what}: expected ${
        bytes === undefined ? "" : `${chars} `
      }lowercase hex characters`,
    );
  }
  const out = new Uint8Array(chars / 2);
  for (let i = 0; i < out.length; i++) {
    out[i] = (HEX_VALUE[hex.charCodeAt(2 * i)] << 4) |
      HEX_VALUE[hex.charCodeAt(2 * i + 1)];
  }
  return out;
}

/** Formats bytes as lowercase hex. */
export function bytesToHex(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i++) {
    s += HEX_DIGITS[bytes[i] >> 4] + HEX_DIGITS[bytes[i] & 15];
  }
  return s;
}

/** UTF-8 bytes of a string. */
export function utf8(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

/** Concatenates byte arrays. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** SHA-256 of bytes. */
export function sha256Bytes(data: Uint8Array): Uint8Array {
  return sha256(data);
}

/** SHA-256 of bytes, as lowercase hex. */
export function sha256Hex(data: Uint8Array): string {
  return bytesToHex(sha256(data));
}

/** HMAC-SHA-256 (RFC 2104). */
export function hmacSha256(key: Uint8Array, message: Uint8Array): Uint8Array {
  return hmac(sha256, key, message);
}

/** An incremental SHA-256: feed strings (as UTF-8) or bytes, then take the hex digest. */
export interface Sha256Stream {
  /** Appends bytes or the UTF-8 of a string. */
  update(data: string | Uint8Array): void;
  /** The hex digest of everything appended. */
  hex(): string;
}

/** Starts an incremental SHA-256. */
export function sha256Stream(): Sha256Stream {
  const h = sha256.create();
  const enc = new TextEncoder();
  return {
    update(data) {
      h.update(typeof data === "string" ? enc.encode(data) : data);
    },
    hex() {
      return bytesToHex(h.digest());
    },
  };
}

// ---- one-block SHA-256 of seed(32) ‖ pseudonym(16) ----

const K = new Int32Array([
  0x428a2f98,
  0x71374491,
  0xb5c0fbcf,
  0xe9b5dba5,
  0x3956c25b,
  0x59f111f1,
  0x923f82a4,
  0xab1c5ed5,
  0xd807aa98,
  0x12835b01,
  0x243185be,
  0x550c7dc3,
  0x72be5d74,
  0x80deb1fe,
  0x9bdc06a7,
  0xc19bf174,
  0xe49b69c1,
  0xefbe4786,
  0x0fc19dc6,
  0x240ca1cc,
  0x2de92c6f,
  0x4a7484aa,
  0x5cb0a9dc,
  0x76f988da,
  0x983e5152,
  0xa831c66d,
  0xb00327c8,
  0xbf597fc7,
  0xc6e00bf3,
  0xd5a79147,
  0x06ca6351,
  0x14292967,
  0x27b70a85,
  0x2e1b2138,
  0x4d2c6dfc,
  0x53380d13,
  0x650a7354,
  0x766a0abb,
  0x81c2c92e,
  0x92722c85,
  0xa2bfe8a1,
  0xa81a664b,
  0xc24b8b70,
  0xc76c51a3,
  0xd192e819,
  0xd6990624,
  0xf40e3585,
  0x106aa070,
  0x19a4c116,
  0x1e376c08,
  0x2748774c,
  0x34b0bcb5,
  0x391c0cb3,
  0x4ed8aa4a,
  0x5b9cca4f,
  0x682e6ff3,
  0x748f82ee,
  0x78a5636f,
  0x84c87814,
  0x8cc70208,
  0x90befffa,
  0xa4506ceb,
  0xbef9a3f7,
  0xc67178f2,
]);
const IV = new Int32Array([
  0x6a09e667,
  0xbb67ae85,
  0x3c6ef372,
  0xa54ff53a,
  0x510e527f,
  0x9b05688c,
  0x1f83d9ab,
  0x5be0cd19,
]);
function bs0(x: number): number {
  return ((x >>> 2) | (x << 30)) ^ ((x >>> 13) | (x << 19)) ^
    ((x >>> 22) | (x << 10));
}
function bs1(x: number): number {
  return ((x >>> 6) | (x << 26)) ^ ((x >>> 11) | (x << 21)) ^
    ((x >>> 25) | (x << 7));
}
function ch(x: number, y: number, z: number): number {
  return (x & y) ^ (~x & z);
}
function maj(x: number, y: number, z: number): number {
  return (x & y) ^ (x & z) ^ (y & z);
}

/** Message schedule, reused by every call (no allocation per hash). */
const W = new Int32Array(64);

/**
 * Precomputes the part of the u hash that depends on the seed only: the eight seed words and
 * the working state after the first 8 rounds (which read only those words). Returns 16 words:
 * state a..h, then the seed words.
 */
export function seedPrefix(seed: Uint8Array): Int32Array {
  if (seed.length !== 32) throw new Error("seed: expected 32 bytes");
  const pre = new Int32Array(16);
  for (let i = 0; i < 8; i++) {
    pre[8 + i] = (seed[4 * i] << 24) | (seed[4 * i + 1] << 16) |
      (seed[4 * i + 2] << 8) |
      seed[4 * i + 3];
  }
  let a = IV[0],
    b = IV[1],
    c = IV[2],
    d = IV[3],
    e = IV[4],
    f = IV[5],
    g = IV[6],
    h = IV[7];
  for (let t = 0; t < 8; t++) {
    const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^
      ((e >>> 25) | (e << 7));
    const t1 = (h + s1 + ((e & f) ^ (~e & g)) + K[t] + pre[8 + t]) | 0;
    const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^
      ((a >>> 22) | (a << 10));
    const t2 = (s0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  pre[0] = a;
  pre[1] = b;
  pre[2] = c;
  pre[3] = d;
  pre[4] = e;
  pre[5] = f;
  pre[6] = g;
  pre[7] = h;
  return pre;
}

/**
 * The first 53 bits (as an integer-valued number) of SHA256(seed ‖ pseudonym), where `pre`
 * comes from {@link seedPrefix} and `p` holds the pseudonym's four big-endian words.
 */
export function first53(pre: Int32Array, p: Int32Array): number {
  const w = W;
  for (let i = 0; i < 8; i++) w[i] = pre[8 + i];
  w[8] = p[0];
  w[9] = p[1];
  w[10] = p[2];
  w[11] = p[3];
  w[12] = 0x80000000;
  w[13] = 0;
  w[14] = 0;
  w[15] = 384;
  for (let t = 16; t < 64; t++) {
    const x = w[t - 15], y = w[t - 2];
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    w[t] = (s1 + w[t - 7] + s0 + w[t - 16]) | 0;
  }
  let a = pre[0], b = pre[1], c = pre[2], d = pre[3];
  let e = pre[4], f = pre[5], g = pre[6], h = pre[7];
  // Eight rounds per pass with the roles of the variables rotated, so nothing is moved.
  for (let t = 8; t < 64; t += 8) {
    h = (h + bs1(e) + ch(e, f, g) + K[t] + w[t]) | 0;
    d = (d + h) | 0;
    h = (h + bs0(a) + maj(a, b, c)) | 0;
    g = (g + bs1(d) + ch(d, e, f) + K[t + 1] + w[t + 1]) | 0;
    c = (c + g) | 0;
    g = (g + bs0(h) + maj(h, a, b)) | 0;
    f = (f + bs1(c) + ch(c, d, e) + K[t + 2] + w[t + 2]) | 0;
    b = (b + f) | 0;
    f = (f + bs0(g) + maj(g, h, a)) | 0;
    e = (e + bs1(b) + ch(b, c, d) + K[t + 3] + w[t + 3]) | 0;
    a = (a + e) | 0;
    e = (e + bs0(f) + maj(f, g, h)) | 0;
    d = (d + bs1(a) + ch(a, b, c) + K[t + 4] + w[t + 4]) | 0;
    h = (h + d) | 0;
    d = (d + bs0(e) + maj(e, f, g)) | 0;
    c = (c + bs1(h) + ch(h, a, b) + K[t + 5] + w[t + 5]) | 0;
    g = (g + c) | 0;
    c = (c + bs0(d) + maj(d, e, f)) | 0;
    b = (b + bs1(g) + ch(g, h, a) + K[t + 6] + w[t + 6]) | 0;
    f = (f + b) | 0;
    b = (b + bs0(c) + maj(c, d, e)) | 0;
    a = (a + bs1(f) + ch(f, g, h) + K[t + 7] + w[t + 7]) | 0;
    e = (e + a) | 0;
    a = (a + bs0(b) + maj(b, c, d)) | 0;
  }
  const h0 = (IV[0] + a) >>> 0;
  const h1 = (IV[1] + b) | 0;
  return h0 * 2097152 + (h1 >>> 11);
}

/**
 * Parses the 32 lowercase hex chars of a pseudonym into four big-endian words (as int32) in
 * `out`. Returns false when `s` is not 32 lowercase hex chars. Allocates nothing.
 */
export function pseudonymWords(s: string, out: Int32Array): boolean {
  if (s.length !== 32) return false;
  let bad = 0;
  for (let w = 0; w < 4; w++) {
    let v = 0;
    for (let i = 8 * w; i < 8 * w + 8; i++) {
      const c = s.charCodeAt(i);
      const d = c < 128 ? HEX_VALUE[c] : -1;
      bad |= d;
      v = (v << 4) | (d & 15);
    }
    out[w] = v;
  }
  return bad >= 0;
}
