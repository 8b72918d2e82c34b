/**
 * `deno task manifest`: regenerates `fresh.gen.ts` from routes/ and islands/.
 * @module
 */

import { fileURLToPath } from "node:url";
import {
  assertManifestUpToDate,
  generateManifest,
  writeManifest,
} from "@/runtime/dev.ts";

export { assertManifestUpToDate, generateManifest, writeManifest };

if (import.meta.main) {
  const root = Deno.args[0] ?? fileURLToPath(new URL("..", import.meta.url));
  const changed = await writeManifest(root);
  console.log(changed ? "fresh.gen.ts updated" : "fresh.gen.ts is up to date");
}
