/**
 * The JavaScript a page ships for its islands, measured as `deno task build` bundles it: the
 * boot module, each island's entry and every chunk they import statically, gzipped.
 *
 * @module
 */
import { gzipSync } from "node:zlib";
import { buildIslands } from "@/tasks/build.ts";

/** Bytes and gzip bytes shipped for the islands named (e.g. `DrawPanel`). */
export async function islandBytes(
  islands: string[],
): Promise<{ bytes: number; gzip: number; files: string[] }> {
  const root = new URL("..", import.meta.url).pathname;
  const out = await Deno.makeTempDir({ prefix: "kic-size-" });
  try {
    const build = await buildIslands(root, out);
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const dep of build.chunks?.[file] ?? []) visit(dep);
    };
    visit(build.boot);
    for (const name of islands) {
      const entry = build.islands[`./islands/${name}.tsx`];
      if (!entry) throw new Error(`no island ${name}`);
      visit(entry);
    }
    const files = [...seen].sort();
    let bytes = 0;
    let gzip = 0;
    for (const f of files) {
      const data = await Deno.readFile(`${out}/js/${f}`);
      bytes += data.length;
      gzip += gzipSync(data, { level: 9 }).length;
    }
    return { bytes, gzip, files };
  } finally {
    await Deno.remove(out, { recursive: true });
  }
}
