/**
 * `deno task dev`: regenerates `fresh.gen.ts`, builds the islands, then runs
 * `main.ts` with `--watch` (restart on change). New or removed route and
 * island files regenerate the manifest, which restarts the server.
 * @module
 */

import { fileURLToPath } from "node:url";
import { buildIslands, writeManifest } from "./runtime/dev.ts";

const root = fileURLToPath(new URL(".", import.meta.url));

await writeManifest(root);
await buildIslands(root, "_dist");

const child = new Deno.Command(Deno.execPath(), {
  args: [
    "run",
    "-A",
    "--watch=static/",
    "main.ts",
    ...Deno.args,
  ],
  cwd: root,
  env: { FRESH_DEV: "1" },
  stdin: "inherit",
  stdout: "inherit",
  stderr: "inherit",
}).spawn();

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  Deno.addSignalListener(signal, () => child.kill(signal));
}

// Keep fresh.gen.ts in sync when files are added or removed.
(async () => {
  const watcher = Deno.watchFs([`${root}routes`, `${root}islands`]);
  for await (const event of watcher) {
    if (event.kind === "create" || event.kind === "remove") {
      await writeManifest(root).catch((e) => console.error(e));
    }
  }
})().catch(() => {});

Deno.exit((await child.status).code);
