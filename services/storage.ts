/**
 * Object storage for documents and images: any S3-compatible service, or a folder on disk.
 *
 * Keys are relative paths of letters, digits, `.`, `_`, `-` separated by `/`
 * (e.g. `applications/42/3f1c….pdf`); see {@link assertValidKey}.
 *
 * @module
 */
import type { Storage } from "./storage_interface.ts";
import type { Config } from "./config.ts";
import { logJson, logNothing, type LogSink } from "./log.ts";
export { verifyFolderSignature } from "./storage_folder.ts";
export { assertValidKey } from "./storage_key.ts";
export type { Storage, StoredObject } from "./storage_interface.ts";
export { StorageUnavailableError } from "./storage_interface.ts";

/** Options for {@link openStorage}. */
export interface OpenStorageOptions {
  /** Where warnings go (default: JSON lines; nothing in test mode). */
  log?: LogSink;
}

/**
 * Opens the storage the config names: S3 for `S3_ENDPOINT` (creating the bucket when
 * missing; started degraded while S3 is out of reach, see `openS3Storage`), else the folder
 * `${KIC_DATA_DIR}/objects`.
 */
export async function openStorage(
  config: Config,
  options: OpenStorageOptions = {},
): Promise<Storage> {
  if (config.storage.kind === "s3") {
    const { openS3Storage } = await import("./storage_s3.ts");
    return await openS3Storage(config.storage, {
      log: options.log ?? (config.mode === "test" ? logNothing : logJson),
    });
  }
  const { openFolderStorage } = await import("./storage_folder.ts");
  return await openFolderStorage({
    dir: config.storage.dir,
    secret: config.appSecret,
  });
}
