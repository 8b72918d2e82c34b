/**
 * The `Storage` interface, which `storage_s3.ts` and `storage_folder.ts` implement.
 * `storage.ts` opens one of them.
 *
 * @module
 */

/**
 * Storage cannot be reached now (S3 down or not answering, or its bucket not yet checked).
 * Retrying later may work; the web layer answers 503.
 */
export class StorageUnavailableError extends Error {
  /** An error that says what could not be reached. */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "StorageUnavailableError";
  }
}

/** A stored object. */
export interface StoredObject {
  /** The object's content. */
  bytes: Uint8Array;
  /** MIME type given when the object was stored, e.g. `application/pdf`. */
  contentType: string;
}

/** The storage interface. */
export interface Storage {
  /** Which implementation this is. */
  readonly kind: "s3" | "folder";
  /** Stores (or replaces) an object. */
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** The object, or null when there is none. */
  get(key: string): Promise<StoredObject | null>;
  /** Removes an object; removing a missing one is not an error. */
  delete(key: string): Promise<void>;
  /**
   * Short-lived URL to read the object (GET); expiresInSec default 60.
   * S3: an absolute presigned URL. Folder: a relative `/files/<key>?exp=…&sig=…` that the
   * `/files/[...key]` route checks with `verifyFolderSignature`.
   */
  signedUrl(key: string, expiresInSec?: number): Promise<string>;
  /** True when the backend answers. Never throws. */
  ping(): Promise<boolean>;
  /** Releases connections. */
  close(): Promise<void>;
}
