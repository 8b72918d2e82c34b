/**
 * Everything derived from the round's secret: the commitment, the pseudonyms, the seed and
 * each entrant's u (README sections 2 and 4).
 *
 * @module
 */
import {
  bytesToHex,
  concatBytes,
  first53,
  hexToBytes,
  hmacSha256,
  pseudonymWords,
  seedPrefix,
  sha256Hex,
  utf8,
} from "./hash.ts";

/** 2^-53. */
const TWO_POW_MINUS_53 = 1 / 9007199254740992;
/** The largest binary64 value below 1: u's upper clamp (README section 4). */
export const U_MAX = 1 - TWO_POW_MINUS_53;

/** The commitment published at the freeze: SHA256(secret), hex. `secretHex` is 64 hex. */
export function commitmentOf(secretHex: string): string {
  return sha256Hex(hexToBytes(secretHex, 32, "secret"));
}

/**
 * The pseudonym of a child or unit: the first 16 bytes of HMAC(key = secret, message = token),
 * hex. `secretHex` is 64 hex, `tokenHex` 32 hex.
 */
export function pseudonymOf(secretHex: string, tokenHex: string): string {
  const mac = hmacSha256(
    hexToBytes(secretHex, 32, "secret"),
    hexToBytes(tokenHex, 16, "token"),
  );
  return bytesToHex(mac.subarray(0, 16));
}

/**
 * The seed: SHA256(ascii("kic-seed/1") ‖ 0x00 ‖ secret ‖ digest ‖ utf8(beaconValue)), hex.
 */
export function seedOf(
  secretHex: string,
  digestHex: string,
  beaconValue: string,
): string {
  return sha256Hex(concatBytes(
    utf8("kic-seed/1"),
    new Uint8Array([0]),
    hexToBytes(secretHex, 32, "secret"),
    hexToBytes(digestHex, 32, "digest"),
    utf8(beaconValue),
  ));
}

/**
 * u for every pseudonym under one seed: `min((first 53 bits of SHA256(seed ‖ pseudonym) + 0.5) / 2^53,
 * 1 − 2^−53)` in binary64, in the order given. Uses a specialised one-block SHA-256 with no allocation per entrant.
 * Throws on a pseudonym that is not 32 lowercase hex.
 */
export function computeUs(
  seedHex: string,
  pseudonyms: readonly string[],
): Float64Array {
  const pre = seedPrefix(hexToBytes(seedHex, 32, "seed"));
  const out = new Float64Array(pseudonyms.length);
  const words = new Int32Array(4);
  for (let i = 0; i < pseudonyms.length; i++) {
    const p = pseudonyms[i];
    if (typeof p !== "string" || !pseudonymWords(p, words)) {
      throw new Error(
        `pseudonym ${JSON.stringify(p)}: expected 32 lowercase hex characters`,
      );
    }
    out[i] = Math.min((first53(pre, words) + 0.5) * TWO_POW_MINUS_53, U_MAX);
  }
  return out;
}

/** u of one pseudonym under a seed (see {@link computeUs}). */
export function uOf(seedHex: string, pseudonymHex: string): number {
  return computeUs(seedHex, [pseudonymHex])[0];
}
