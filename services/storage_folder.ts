/**
 * `Storage` in a folder: bytes under `<dir>/data/<key>`, the content type under
 * `<dir>/type/<key>`. Signed URLs are HMAC-signed relative `/files/…` links.
 *
 * @module
 */
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import type { Storage, StoredObject } from "./storage_interface.ts";
import { encodeBase64Url, safeEqualText } from "./encoding.ts";
import { assertValidKey, withKeyCheck } from "./storage_key.ts";

/** Options for {@link openFolderStorage}. */
export interface FolderStorageOptions {
  /** The folder (created if missing). */
  dir: string;
  /** APP_SECRET, the HMAC key of signed URLs. */
  secret: string;
  /** The clock for signed URLs (default `Date.now`). */
  now?: () => number;
}

/** Opens (creating) a folder store. */
export async function openFolderStorage(
  options: FolderStorageOptions,
): Promise<Storage> {
  await Deno.mkdir(`${options.dir}/data`, { recursive: true });
  await Deno.mkdir(`${options.dir}/type`, { recursive: true });
  return withKeyCheck(
    new FolderStorage(options.dir, options.secret, options.now ?? Date.now),
  );
}

/** What a folder link grants: reading `key` until `exp` (unix seconds). */
export interface FolderLink {
  /** The object's key. */
  key: string;
  /** Expiry in unix seconds. */
  exp: number;
}

/** A folder link as a request brings it (`/files/<key>?exp=…&sig=…`), to be checked. */
export interface SignedFolderLink {
  /** The object's key. */
  key: string;
  /** The `exp` query value: unix seconds, as text or a number. */
  exp: string | number;
  /** The `sig` query value. */
  sig: string;
  /** The current time in epoch ms (default `Date.now()`). */
  nowMs?: number;
}

/**
 * The signature of a folder link: base64url(HMAC-SHA256(secret, key + "\n" + exp)).
 *
 * @example
 * ```ts
 * const sig = folderSignature(secret, { key: "a/b.pdf", exp: 1767225600 });
 * ```
 */
export function folderSignature(secret: string, link: FolderLink): string {
  const mac = hmac(sha256, utf8(secret), utf8(`${link.key}\n${link.exp}`));
  return encodeBase64Url(mac);
}

/** The relative URL that lets a browser read `link.key` until `link.exp`. */
export function folderSignedUrl(secret: string, link: FolderLink): string {
  assertValidKey(link.key);
  const path = link.key.split("/").map(encodeURIComponent).join("/");
  return `/files/${path}?exp=${link.exp}&sig=${folderSignature(secret, link)}`;
}

/**
 * Checks a folder signed URL's parts (from the `/files/<key>?exp=…&sig=…` request): the
 * signature matches (compared in constant time) and `exp` (unix seconds) is not past.
 *
 * @example
 * ```ts
 * const ok = verifyFolderSignature(secret, { key, exp: "1767225600", sig });
 * ```
 */
export function verifyFolderSignature(
  secret: string,
  link: SignedFolderLink,
): boolean {
  const { key, exp, sig, nowMs = Date.now() } = link;
  const expSec = typeof exp === "number"
    ? exp
    : /^\d{1,12}$/.test(exp)
    ? Number(exp)
    : NaN;
  if (!Number.isSafeInteger(expSec) || expSec * 1000 < nowMs) return false;
  return safeEqualText(folderSignature(secret, { key, exp: expSec }), sig);
}

class FolderStorage implements Storage {
  readonly kind = "folder" as const;
  #dir: string;
  #secret: string;
  #now: () => number;

  constructor(dir: string, secret: string, now: () => number) {
    this.#dir = dir;
    this.#secret = secret;
    this.#now = now;
  }

  async put(
    key: string,
    bytes: Uint8Array,
    contentType: string,
  ): Promise<void> {
    await writeAtomic(this.#path("type", key), utf8(contentType));
    await writeAtomic(this.#path("data", key), bytes);
  }

  async get(key: string): Promise<StoredObject | null> {
    let bytes: Uint8Array;
    try {
      bytes = await Deno.readFile(this.#path("data", key));
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
    let contentType = "application/octet-stream";
    try {
      contentType = await Deno.readTextFile(this.#path("type", key));
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
    return { bytes, contentType };
  }

  async delete(key: string): Promise<void> {
    for (const tree of ["data", "type"] as const) {
      const path = this.#path(tree, key);
      try {
        // A key that is a folder here ("a" after put("a/b")) is no object: nothing to delete.
        if ((await Deno.lstat(path)).isDirectory) continue;
        await Deno.remove(path);
      } catch (error) {
        if (!isMissing(error)) throw error;
      }
    }
  }

  signedUrl(key: string, expiresInSec = 60): Promise<string> {
    const exp = Math.floor(this.#now() / 1000) + expiresInSec;
    return Promise.resolve(folderSignedUrl(this.#secret, { key, exp }));
  }

  async ping(): Promise<boolean> {
    try {
      return (await Deno.stat(`${this.#dir}/data`)).isDirectory;
    } catch {
      return false;
    }
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  #path(tree: "data" | "type", key: string): string {
    return `${this.#dir}/${tree}/${key}`;
  }
}

/**
 * Errors that mean "no such object", as S3 would answer: the path is missing, is a folder, or
 * runs through a file (`a/b` after `put("a")`).
 */
function isMissing(error: unknown): boolean {
  return error instanceof Deno.errors.NotFound ||
    error instanceof Deno.errors.NotADirectory ||
    error instanceof Deno.errors.IsADirectory;
}

async function writeAtomic(path: string, bytes: Uint8Array): Promise<void> {
  await Deno.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
  const tmp = `${path}.${crypto.randomUUID()}.tmp`;
  try {
    await Deno.writeFile(tmp, bytes);
    await Deno.rename(tmp, path);
  } catch (error) {
    await Deno.remove(tmp).catch(() => {});
    throw error;
  }
}

function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
