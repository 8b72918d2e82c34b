import assert from "node:assert/strict";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const SERVICES = fileURLToPath(new URL(".", import.meta.url));
const ROOT = resolve(SERVICES, "..");

/** Every `.ts` file under `services/`, as paths relative to the repository root. */
async function servicesFiles(dir = SERVICES): Promise<string[]> {
  const files: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) files.push(...await servicesFiles(path));
    else if (entry.name.endsWith(".ts")) files.push(relative(ROOT, path));
  }
  return files.sort();
}

/**
 * The app files a module imports: static `import`/`export … from`, `import type` and dynamic
 * `import("…")`, relative or through the `@/` alias. Packages are left out.
 */
function importsOf(file: string, text: string): string[] {
  const specifiers = [
    ...text.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s*"([^"]+)"/gms),
    ...text.matchAll(/\bimport\(\s*"([^"]+)"\s*\)/g),
  ].map((m) => m[1]);
  const paths = specifiers.flatMap((s) => {
    if (s.startsWith("@/")) return [s.slice(2)];
    if (s.startsWith(".")) {
      return [relative(ROOT, join(ROOT, dirname(file), s))];
    }
    return [];
  });
  return [...new Set(paths)];
}

/** Every import cycle in the graph, each as the files along it (first one repeated at the end). */
export function cyclesOf(graph: Map<string, string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, "open");
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (!graph.has(next)) continue;
      if (state.get(next) === "open") {
        cycles.push([...stack.slice(stack.indexOf(next)), next]);
      } else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, "done");
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return cycles;
}

async function servicesGraph(): Promise<Map<string, string[]>> {
  const graph = new Map<string, string[]>();
  for (const file of await servicesFiles()) {
    graph.set(file, importsOf(file, await Deno.readTextFile(join(ROOT, file))));
  }
  return graph;
}

Deno.test("imports: the cycle finder sees a two-file and a three-file circle", () => {
  const graph = new Map([
    ["a.ts", ["b.ts"]],
    ["b.ts", ["a.ts"]],
    ["c.ts", ["d.ts"]],
    ["d.ts", ["e.ts"]],
    ["e.ts", ["c.ts", "a.ts"]],
  ]);
  assert.deepEqual(cyclesOf(graph), [
    ["a.ts", "b.ts", "a.ts"],
    ["c.ts", "d.ts", "e.ts", "c.ts"],
  ]);
});

Deno.test("imports: the reader sees static, type-only, re-exported and dynamic imports", () => {
  const text = `import type { Db } from "./db_interface.ts";
import {
  a,
  b,
} from "@/services/log.ts";
export { c } from "./storage_key.ts";
const { d } = await import("./cache_redis.ts");
import postgres from "postgres";`;
  assert.deepEqual(importsOf("services/x.ts", text), [
    "services/db_interface.ts",
    "services/log.ts",
    "services/storage_key.ts",
    "services/cache_redis.ts",
  ]);
});

Deno.test("imports: no import cycle among the files of services/", async () => {
  const graph = await servicesGraph();
  assert.ok(graph.size > 20, `read only ${graph.size} files`);
  assert.deepEqual(cyclesOf(graph).map((c) => c.join(" → ")), []);
});

Deno.test("imports: services/ never imports routes/, app/, middlewares/ or fresh.gen.ts", async () => {
  const upward = [...await servicesGraph()].flatMap(([file, imports]) =>
    imports
      .filter((i) => /^(routes|app|middlewares)\/|^fresh\.gen\.ts$/.test(i))
      .map((i) => `${file} → ${i}`)
  );
  assert.deepEqual(upward, []);
});
