import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildIslands, loadBuild } from "./build.ts";
import { FIXTURE_ROOT, manifest } from "../testdata/fixture.ts";

const RUNTIME = fileURLToPath(new URL("..", import.meta.url));
const PROJECT = dirname(RUNTIME.replace(/\/$/, ""));

async function cp(from: string, to: string) {
  await Deno.mkdir(dirname(to), { recursive: true });
  const out = await new Deno.Command("cp", { args: ["-a", from, to] }).output();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
}

/** A minimal clean "clone": runtime (with the fixture) + the npm packages. */
async function clone(root: string) {
  await Deno.mkdir(root, { recursive: true });
  for (const entry of Deno.readDirSync(RUNTIME)) {
    if (entry.name !== "testdata") {
      await cp(join(RUNTIME, entry.name), join(root, "runtime", entry.name));
    }
  }
  for (const name of ["fresh.gen.ts", "routes", "islands", "static"]) {
    await cp(
      join(FIXTURE_ROOT, name),
      join(root, "runtime/testdata/app", name),
    );
  }
  const nm = join(PROJECT, "node_modules");
  await cp(join(nm, "preact"), join(root, "node_modules/preact"));
  await cp(join(nm, "@preact"), join(root, "node_modules/@preact"));
  for (const entry of Deno.readDirSync(join(nm, ".deno"))) {
    if (/^(preact|@preact\+signals|@preact\+signals-core)@/.test(entry.name)) {
      await cp(
        join(nm, ".deno", entry.name),
        join(root, "node_modules/.deno", entry.name),
      );
    }
  }
  const config = JSON.parse(
    await Deno.readTextFile(join(PROJECT, "deno.json")),
  );
  const imports: Record<string, string> = { "$fresh/": "./runtime/" };
  for (
    const key of [
      "preact",
      "preact/",
      "@preact/signals",
      "@preact/signals-core",
    ]
  ) {
    imports[key] = config.imports[key];
  }
  await Deno.writeTextFile(
    join(root, "deno.json"),
    JSON.stringify({ imports }),
  );
  return join(root, "runtime/testdata/app");
}

Deno.test("build: same sources at two absolute paths give the same build", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "fresh-build-" });
  try {
    const a = await clone(join(tmp, "one"));
    const b = await clone(join(tmp, "two/deeper/checkout"));
    const buildA = await buildIslands(a, "_dist");
    const buildB = await buildIslands(b, "_dist");
    assert.match(buildA.buildId, /^[0-9a-f]{20}$/);
    assert.equal(buildA.buildId, buildB.buildId);
    assert.deepEqual(buildA.files, buildB.files);
    assert.deepEqual(buildA.islands, buildB.islands);
    assert.equal(buildA.boot, buildB.boot);
    assert.deepEqual(buildA.inputs, buildB.inputs);
    assert.ok(
      buildA.inputs.some((i) => i.includes("node_modules/.deno/preact@")),
    );
    for (const file of buildA.files) {
      const x = await Deno.readFile(join(a, "_dist/js", file));
      const y = await Deno.readFile(join(b, "_dist/js", file));
      assert.deepEqual(x, y, file);
    }
    // A content change gives a new id; changing it back restores the old.
    const island = join(b, "islands/Badge.tsx");
    const original = await Deno.readTextFile(island);
    await Deno.writeTextFile(island, original.replace("off", "OFF"));
    const changed = await buildIslands(b, "_dist");
    assert.notEqual(changed.buildId, buildA.buildId);
    // static files feed the build id (asset() URLs are cached immutably)
    await Deno.writeTextFile(island, original);
    await Deno.writeTextFile(join(b, "static/styles.css"), "p{}\n");
    assert.notEqual((await buildIslands(b, "_dist")).buildId, buildA.buildId);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("build: a stale or missing build is detected", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "fresh-stale-" });
  try {
    const root = await clone(join(tmp, "p"));
    const fake = { ...manifest, baseUrl: `file://${root}/fresh.gen.ts` };
    assert.match(await loadBuild(fake, "_dist") as string, /no island build/);
    await buildIslands(root, "_dist");
    const loaded = await loadBuild(fake, "_dist");
    assert.equal(typeof loaded, "object");
    await Deno.writeTextFile(join(root, "islands/Badge.tsx"), "export {};\n", {
      append: true,
    });
    assert.match(await loadBuild(fake, "_dist") as string, /out of date/);
    assert.equal(
      typeof await loadBuild(fake, "_dist", { checkFresh: false }),
      "object",
    );
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});
