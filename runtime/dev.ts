/**
 * Developer tooling of the runtime (`$fresh/dev.ts`): manifest generation
 * and the island build. Not needed at request time.
 * @module
 */

export {
  assertManifestUpToDate,
  generateManifest,
  MANIFEST_FILE,
  writeManifest,
} from "./src/manifest.ts";
export {
  buildIslands,
  type BuildManifest,
  type BuildOptions,
} from "./src/build.ts";
