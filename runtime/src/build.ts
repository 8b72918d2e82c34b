/**
 * Ahead-of-time island bundling with esbuild, the `_dist/build.json` build
 * manifest, a content-derived build id and a staleness check.
 * @module
 */

import * as esbuild from "esbuild";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { fileURLToPath as fromFileUrl } from "node:url";
import { listModules } from "./files.ts";
import type { Manifest } from "./types.ts";

/** Bump when the output layout or the esbuild options change. */
const FORMAT = 1;

/** Contents of `<buildDir>/build.json`. */
export interface BuildManifest {
  /** Layout version of this file. */
  format: number;
  /** Content hash of all outputs and static files. */
  buildId: string;
  /** File name (under `js/`) of the client boot module. */
  boot: string;
  /** Island manifest key → entry file name under `js/`. */
  islands: Record<string, string>;
  /** Every emitted file under `js/`, sorted. */
  files: string[];
  /** File name → the chunks it imports statically (for modulepreload links). */
  chunks?: Record<string, string[]>;
  /** esbuild inputs, relative to the project root. */
  inputs: string[];
  /** Hash of the inputs, island list and static files (staleness check). */
  fingerprint: string;
}

/** Options of {@linkcode buildIslands}. */
export interface BuildOptions {
  /** Static folder whose contents feed the build id (default `static`). */
  staticDir?: string;
}

/** Result of {@linkcode loadBuild}. */
export interface LoadedBuild {
  /** The build manifest. */
  manifest: BuildManifest;
  /** Bundle bytes by file name. */
  files: Map<string, Uint8Array>;
}

interface Project {
  root: string;
  islands: string[];
  imports: Record<string, string>;
  importBase: string;
  runtimeDir: string;
  nodeModules?: string;
  staticDir: string;
}

const OWN_RUNTIME_DIR = fromFileUrl(new URL("..", import.meta.url));

/** Project root of a manifest (the folder that holds `fresh.gen.ts`). */
export function rootOf(manifestOrRoot: Manifest | string): string {
  return typeof manifestOrRoot === "string"
    ? resolve(manifestOrRoot)
    : dirname(fromFileUrl(manifestOrRoot.baseUrl));
}

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await Deno.readTextFile(path));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

async function projectOf(
  manifestOrRoot: Manifest | string,
  options: BuildOptions,
): Promise<Project> {
  const root = rootOf(manifestOrRoot);
  const islands = typeof manifestOrRoot === "string"
    ? await listModules(root, "islands")
    : Object.keys(manifestOrRoot.islands).sort();
  let imports: Record<string, string> = {};
  let importBase = root;
  for (let dir = root;; dir = dirname(dir)) {
    const config = await readJson(join(dir, "deno.json")) as
      | { imports?: Record<string, string> }
      | undefined;
    if (config) {
      imports = config.imports ?? {};
      importBase = dir;
      break;
    }
    if (dirname(dir) === dir) break;
  }
  const fresh = imports["$fresh/"];
  const runtimeDir = fresh && !fresh.includes(":")
    ? resolve(importBase, fresh)
    : OWN_RUNTIME_DIR;
  let nodeModules: string | undefined;
  for (const dir of [importBase, root, resolve(OWN_RUNTIME_DIR, "..")]) {
    if (await exists(join(dir, "node_modules"))) {
      nodeModules = join(dir, "node_modules");
      break;
    }
  }
  const staticDir = resolve(root, options.staticDir ?? "static");
  return {
    root,
    islands,
    imports,
    importBase,
    runtimeDir,
    nodeModules,
    staticDir,
  };
}

/** `npm:/@scope/name@1.2.3/sub` → `@scope/name/sub`. */
function npmToBare(specifier: string): string {
  const m = /^npm:\/?((?:@[^/@]+\/)?[^/@]+)(?:@[^/]*)?(\/.*)?$/.exec(specifier);
  return m ? m[1] + (m[2] ?? "") : specifier;
}

/** esbuild plugin that applies the deno.json import map. */
function importMapPlugin(project: Project): esbuild.Plugin {
  const keys = Object.keys(project.imports).sort((a, b) => b.length - a.length);
  const map = (specifier: string): string => {
    let target = project.imports[specifier];
    if (target === undefined) {
      const key = keys.find((k) => k.endsWith("/") && specifier.startsWith(k));
      if (key) target = project.imports[key] + specifier.slice(key.length);
    }
    if (target === undefined) return specifier;
    if (target.startsWith("npm:")) return npmToBare(target);
    if (target.startsWith("./") || target.startsWith("../")) {
      return resolve(project.importBase, target);
    }
    return target;
  };
  return {
    name: "deno-import-map",
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (isAbsolute(args.path)) return undefined;
        const mapped = args.path.startsWith("$fresh/")
          ? join(project.runtimeDir, args.path.slice("$fresh/".length))
          : map(args.path);
        if (isAbsolute(mapped)) return { path: mapped };
        const bare = mapped.startsWith("npm:") ? npmToBare(mapped) : mapped;
        if (bare === args.path) return undefined;
        const result = await build.resolve(bare, {
          kind: args.kind,
          resolveDir: args.resolveDir,
          importer: args.importer,
        });
        return result.errors.length ? { errors: result.errors } : result;
      });
    },
  };
}

async function sha256Hex(data: Uint8Array | string): Promise<string> {
  const bytes = typeof data === "string"
    ? new TextEncoder().encode(data)
    : data;
  const digest = await crypto.subtle.digest("SHA-256", bytes as BufferSource);
  return Array.from(
    new Uint8Array(digest),
    (b) => b.toString(16).padStart(2, "0"),
  )
    .join("");
}

/** Relative paths and content hashes of every file under `dir`, sorted. */
async function staticDigest(dir: string): Promise<string> {
  const lines: string[] = [];
  const walk = async (sub: string) => {
    let entries: Deno.DirEntry[];
    try {
      entries = [...Deno.readDirSync(join(dir, sub))];
    } catch {
      return;
    }
    for (const entry of entries) {
      const rel = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isDirectory) await walk(rel);
      else if (entry.isFile) {
        lines.push(
          `${rel} ${await sha256Hex(await Deno.readFile(join(dir, rel)))}`,
        );
      }
    }
  };
  await walk("");
  return lines.sort().join("\n");
}

async function fingerprintOf(
  project: Project,
  inputs: string[],
): Promise<string> {
  const parts = [
    `format ${FORMAT}`,
    ...project.islands.map((i) => `island ${i}`),
  ];
  for (const input of inputs) {
    // npm packages are identified by their versioned path under node_modules.
    if (input.includes("node_modules/")) parts.push(`input ${input}`);
    else {
      parts.push(
        `input ${input} ${await sha256Hex(
          await Deno.readFile(resolve(project.root, input)),
        )}`,
      );
    }
  }
  parts.push(await staticDigest(project.staticDir));
  return await sha256Hex(parts.join("\n"));
}

/**
 * Bundles the client boot module and every island of the project with
 * esbuild and writes `<outDir>/js/*` plus `<outDir>/build.json`. The build id
 * is a hash of the output bytes and the static files, so identical sources
 * give identical URLs on every machine. Stops esbuild afterwards.
 */
export async function buildIslands(
  manifestOrRoot: Manifest | string,
  outDir = "_dist",
  options: BuildOptions = {},
): Promise<BuildManifest> {
  const project = await projectOf(manifestOrRoot, options);
  const out = resolve(project.root, outDir);
  const jsDir = join(out, "js");
  const boot = join(project.runtimeDir, "src", "client", "boot.ts");
  const entries = [
    { in: boot, out: "boot" },
    ...project.islands.map((file) => ({
      in: resolve(project.root, file),
      out: "island-" +
        file.replace(/^\.\/islands\//, "").replace(/\.[^./]+$/, "")
          .replace(/[^\w-]/g, "_"),
    })),
  ];
  let result;
  try {
    result = await esbuild.build({
      entryPoints: entries,
      absWorkingDir: project.root,
      outdir: jsDir,
      write: false,
      bundle: true,
      splitting: true,
      format: "esm",
      platform: "browser",
      target: "es2022",
      minify: true,
      metafile: true,
      logLevel: "silent",
      jsx: "automatic",
      jsxImportSource: "preact",
      entryNames: "[name]-[hash]",
      chunkNames: "chunk-[hash]",
      nodePaths: project.nodeModules ? [project.nodeModules] : [],
      plugins: [importMapPlugin(project)],
    });
  } finally {
    await esbuild.stop();
  }
  const files = result.outputFiles
    .map((f) => ({ name: relative(jsDir, f.path), contents: f.contents }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  const byEntry = new Map<string, string>();
  const chunks: Record<string, string[]> = {};
  for (const [path, meta] of Object.entries(result.metafile.outputs)) {
    const name = relative(jsDir, resolve(project.root, path));
    const deps = meta.imports
      .filter((i) => i.kind === "import-statement" && !i.external)
      .map((i) => relative(jsDir, resolve(project.root, i.path)))
      .sort();
    if (deps.length) chunks[name] = deps;
    if (meta.entryPoint) {
      byEntry.set(
        resolve(project.root, meta.entryPoint),
        relative(jsDir, resolve(project.root, path)),
      );
    }
  }
  const idParts = [await staticDigest(project.staticDir)];
  for (const f of files) {
    idParts.push(`${f.name} ${await sha256Hex(f.contents)}`);
  }
  const inputs = Object.keys(result.metafile.inputs).sort();
  const manifest: BuildManifest = {
    format: FORMAT,
    buildId: (await sha256Hex(idParts.join("\n"))).slice(0, 20),
    boot: byEntry.get(boot)!,
    islands: Object.fromEntries(
      project.islands.map((
        file,
      ) => [file, byEntry.get(resolve(project.root, file))!]),
    ),
    files: files.map((f) => f.name),
    chunks: Object.fromEntries(
      Object.entries(chunks).sort(([a], [b]) => (a < b ? -1 : 1)),
    ),
    inputs,
    fingerprint: await fingerprintOf(project, inputs),
  };
  await Deno.remove(jsDir, { recursive: true }).catch(() => {});
  await Deno.mkdir(jsDir, { recursive: true });
  for (const f of files) await Deno.writeFile(join(jsDir, f.name), f.contents);
  await Deno.writeTextFile(
    join(out, "build.json"),
    JSON.stringify(manifest, null, 2) + "\n",
  );
  return manifest;
}

/**
 * Loads `<buildDir>/build.json` and its bundles. Returns a sentence that
 * describes the problem instead when the build is missing or — unless
 * `checkFresh` is `false` — out of date with the sources.
 */
export async function loadBuild(
  manifest: Manifest,
  buildDir: string,
  options: BuildOptions & { checkFresh?: boolean } = {},
): Promise<LoadedBuild | string> {
  const project = await projectOf(manifest, options);
  const dir = resolve(project.root, buildDir);
  const build = await readJson(join(dir, "build.json")) as
    | BuildManifest
    | undefined;
  if (!build) return `no island build found at ${dir}`;
  if (build.format !== FORMAT) return `the build at ${dir} has an old format`;
  if (options.checkFresh !== false) {
    const islands = Object.keys(build.islands).sort();
    let fingerprint = "";
    try {
      fingerprint = await fingerprintOf(project, build.inputs);
    } catch {
      // an input file is gone: stale
    }
    if (
      islands.join("\n") !== project.islands.join("\n") ||
      fingerprint !== build.fingerprint
    ) {
      return `the island build at ${dir} is out of date with the sources`;
    }
  }
  const files = new Map<string, Uint8Array>();
  try {
    for (const name of build.files) {
      files.set(name, await Deno.readFile(join(dir, "js", name)));
    }
  } catch {
    return `the island build at ${dir} is incomplete`;
  }
  return { manifest: build, files };
}
