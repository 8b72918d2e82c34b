/**
 * Seals a short secret (a round's draw secret) under a key kept outside the database
 * (`DRAW_SECRET_KEY`), with AES-256-GCM from Web Crypto. The sealed text is
 * `v1.<iv>.<ciphertext+tag>` in base64url; the associated data binds it to what it belongs to
 * (for example the round id), so a sealed value copied to another round does not open.
 * A wrong key, a changed byte or other associated data fails with {@link SealError}.
 *
 * @module
 */
import { decodeBase64, encodeBase64Url } from "./encoding.ts";

/** Thrown when a sealed value does not open with the given key and associated data. */
export class SealError extends Error {
  /** Creates the error; `message` says what failed. */
  constructor(message = "the sealed value does not open with this key") {
    super(message);
    this.name = "SealError";
  }
}

const VERSION = "v1";

async function importKey(keyHex: string): Promise<CryptoKey> {
  if (!/^[0-9a-f]{64}$/.test(keyHex)) {
    throw new Error("the sealing key must be 64 lowercase hex characters");
  }
  const raw = new Uint8Array(32);
  for (let i = 0; i < 32; i++) {
    raw[i] = parseInt(keyHex.slice(i * 2, i * 2 + 2), 16);
  }
  return await crypto.subtle.importKey("raw", raw, "AES-GCM", false, [
    "encrypt",
    "decrypt",
  ]);
}

/**
 * Seals `plaintext` under `keyHex` (64 hex), bound to `associated`.
 *
 * @example
 * ```ts
 * const sealed = await seal(config.drawSecretKey, secret, "kic-draw-secret/1 round 7");
 * ```
 */
export async function seal(
  keyHex: string,
  plaintext: string,
  associated: string,
): Promise<string> {
  const key = await importKey(keyHex);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = new Uint8Array(
    await crypto.subtle.encrypt(
      {
        name: "AES-GCM",
        iv,
        additionalData: new TextEncoder().encode(associated),
      },
      key,
      new TextEncoder().encode(plaintext),
    ),
  );
  return `${VERSION}.${encodeBase64Url(iv)}.${encodeBase64Url(data)}`;
}

/**
 * Opens a value made by {@link seal} with the same key and associated data.
 *
 * @throws SealError when the key, the associated data or the sealed text is wrong
 * @example
 * ```ts
 * const secret = await unseal(config.drawSecretKey, row.secret_sealed, "kic-draw-secret/1 round 7");
 * ```
 */
export async function unseal(
  keyHex: string,
  sealed: string,
  associated: string,
): Promise<string> {
  const key = await importKey(keyHex);
  const parts = sealed.split(".");
  if (parts.length !== 3 || parts[0] !== VERSION) {
    throw new SealError("not a sealed value (expected v1.<iv>.<data>)");
  }
  try {
    const plain = await crypto.subtle.decrypt(
      {
        name: "AES-GCM",
        iv: new Uint8Array(decodeBase64(parts[1])),
        additionalData: new TextEncoder().encode(associated),
      },
      key,
      new Uint8Array(decodeBase64(parts[2])),
    );
    return new TextDecoder().decode(plain);
  } catch {
    throw new SealError();
  }
}
