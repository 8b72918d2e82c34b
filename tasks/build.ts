/**
 * `deno task build`: bundles the islands into `_dist/` with esbuild.
 * @module
 */

import { fileURLToPath } from "node:url";
import { buildIslands } from "@/runtime/dev.ts";

export { buildIslands };

if (import.meta.main) {
  const root = Deno.args[0] ?? fileURLToPath(new URL("..", import.meta.url));
  const build = await buildIslands(root, "_dist");
  console.log(
    `Built ${Object.keys(build.islands).length} island module(s) into _dist/ ` +
      `(build id ${build.buildId})`,
  );
}
