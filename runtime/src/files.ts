/**
 * Listing of route and island modules, shared by the manifest generator and
 * the island build.
 * @module
 */

import { join } from "node:path";

const MODULE = /\.(tsx|ts|jsx|js)$/;
const IGNORED = /(_test|\.test|\.d)\.(tsx|ts|jsx|js)$/;

/**
 * Module files under `<root>/<folder>`, as sorted manifest keys like
 * `./routes/index.tsx`. Test files, declaration files and dot-entries are
 * skipped; a missing folder gives an empty list.
 */
export async function listModules(
  root: string,
  folder: string,
): Promise<string[]> {
  const out: string[] = [];
  const walk = async (rel: string) => {
    let entries: Deno.DirEntry[];
    try {
      entries = await Array.fromAsync(Deno.readDir(join(root, rel)));
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return;
      throw error;
    }
    for (const entry of entries) {
      if (entry.name.startsWith(".")) continue;
      const path = `${rel}/${entry.name}`;
      if (entry.isDirectory) await walk(path);
      else if (
        entry.isFile && MODULE.test(entry.name) && !IGNORED.test(entry.name)
      ) {
        out.push(`./${path}`);
      }
    }
  };
  await walk(folder);
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
