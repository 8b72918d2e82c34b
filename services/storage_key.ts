/**
 * Validation of object storage keys, shared by both implementations.
 *
 * @module
 */
import type { Storage } from "./storage_interface.ts";

const SEGMENT = /^[A-Za-z0-9._-]+$/;

/**
 * Checks an object key: 1–512 characters, `/`-separated segments of `[A-Za-z0-9._-]`, no
 * empty, `.` or `..` segment, no leading `/`.
 *
 * @throws Error saying what is wrong with the key
 */
export function assertValidKey(key: string): void {
  const ok = typeof key === "string" && key.length > 0 && key.length <= 512 &&
    key.split("/").every((s) => SEGMENT.test(s) && s !== "." && s !== "..");
  if (!ok) {
    throw new Error(
      `Invalid storage key ${
        JSON.stringify(key)
      }: use a relative path of letters, digits, ` +
        "'.', '_' and '-' separated by '/', without '..' or empty parts (max 512 characters).",
    );
  }
}

/**
 * The same storage, with every key checked by {@link assertValidKey} before it reaches the
 * implementation (a bad key rejects). Both implementations' open functions return this.
 */
export function withKeyCheck(storage: Storage): Storage {
  return {
    kind: storage.kind,
    async put(key, bytes, contentType) {
      assertValidKey(key);
      await storage.put(key, bytes, contentType);
    },
    async get(key) {
      assertValidKey(key);
      return await storage.get(key);
    },
    async delete(key) {
      assertValidKey(key);
      await storage.delete(key);
    },
    async signedUrl(key, expiresInSec) {
      assertValidKey(key);
      return await storage.signedUrl(key, expiresInSec);
    },
    ping: () => storage.ping(),
    close: () => storage.close(),
  };
}
