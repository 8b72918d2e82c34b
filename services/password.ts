/**
 * Slow salted password hashing with PBKDF2-HMAC-SHA-256 (Web Crypto, native code).
 * Stored as `pbkdf2-sha256$<iterations>$<salt base64>$<hash base64>`, so the cost can rise
 * later without invalidating old hashes.
 *
 * @module
 */
import { decodeBase64, encodeBase64, timingSafeEqual } from "./encoding.ts";

/** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA-256. */
export const DEFAULT_ITERATIONS = 600_000;

async function derive(
  password: string,
  salt: Uint8Array,
  iterations: number,
): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(password.normalize("NFC")),
    "PBKDF2",
    false,
    [
      "deriveBits",
    ],
  );
  const bits = await crypto.subtle.deriveBits(
    { name: "PBKDF2", hash: "SHA-256", salt: salt as BufferSource, iterations },
    key,
    256,
  );
  return new Uint8Array(bits);
}

/** Hashes a password with a fresh 16-byte salt. */
export async function hashPassword(
  password: string,
  iterations = DEFAULT_ITERATIONS,
): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const hash = await derive(password, salt, iterations);
  return `pbkdf2-sha256$${iterations}$${encodeBase64(salt)}$${
    encodeBase64(hash)
  }`;
}

/**
 * Checks a password against a stored hash in constant time. A malformed hash never matches, and
 * costs the same time as a real check.
 */
export async function verifyPassword(
  password: string,
  stored: string,
): Promise<boolean> {
  const parts = stored.split("$");
  const iterations = Number(parts[1]);
  if (
    parts.length !== 4 || parts[0] !== "pbkdf2-sha256" ||
    !Number.isInteger(iterations) || iterations < 1 || iterations > 10_000_000
  ) return await burnPasswordCheck(password);
  const expected = decodeBase64(parts[3]);
  const actual = await derive(password, decodeBase64(parts[2]), iterations);
  return timingSafeEqual(actual, expected);
}

let dummy: Promise<string> | undefined;

/** Computes the dummy hash ahead of time, so even the first unknown account costs one hash. */
export async function warmPasswordCheck(): Promise<void> {
  dummy ??= hashPassword("kic-dummy-password");
  await dummy;
}

/** Spends the same time as a real check, so an unknown account answers like a wrong password. */
export async function burnPasswordCheck(password: string): Promise<false> {
  dummy ??= hashPassword("kic-dummy-password");
  await verifyPassword(password, await dummy);
  return false;
}
