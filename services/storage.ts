/**
 * Object storage for documents and images: any S3-compatible service, or a folder on disk.
 *
 * Keys are relative paths of letters, digits, `.`, `_`, `-` separated by `/`
 * (e.g. `applications/42/3f1c….pdf`); see {@link assertValidKey}.
 *
 * @module
 */
import type { Config } from "./config.ts";
export { verifyFolderSignature } from "./storage_folder.ts";
export { assertValidKey } from "./storage_key.ts";

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

/**
 * Opens the storage the config names: S3 for `S3_ENDPOINT` (creating the bucket when
 * missing), else the folder `${KIC_DATA_DIR}/objects`.
 */
export async function openStorage(config: Config): Promise<Storage> {
  if (config.storage.kind === "s3") {
    const { openS3Storage } = await import("./storage_s3.ts");
    return await openS3Storage(config.storage);
  }
  const { openFolderStorage } = await import("./storage_folder.ts");
  return await openFolderStorage({
    dir: config.storage.dir,
    secret: config.appSecret,
  });
}
