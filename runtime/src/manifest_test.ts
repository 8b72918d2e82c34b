import assert from "node:assert/strict";
import { join } from "node:path";
import { FIXTURE_ROOT } from "../testdata/fixture.ts";
import {
  assertManifestUpToDate,
  generateManifest,
  writeManifest,
} from "./manifest.ts";

async function tempProject(files: Record<string, string>): Promise<string> {
  const root = await Deno.makeTempDir({ prefix: "fresh-manifest-" });
  for (const [path, text] of Object.entries(files)) {
    await Deno.mkdir(join(root, path, ".."), { recursive: true });
    await Deno.writeTextFile(join(root, path), text);
  }
  return root;
}

Deno.test("manifest: the fixture's fresh.gen.ts is up to date", async () => {
  await assertManifestUpToDate(FIXTURE_ROOT);
});

Deno.test("manifest: deterministic, sorted, tests skipped, fmt-clean", async () => {
  const files = {
    "routes/z.tsx": "",
    "routes/a/[id].tsx": "",
    "routes/(g)/_layout.tsx": "",
    "routes/index.tsx": "",
    "routes/index_test.ts": "",
    "routes/types.d.ts": "",
    "routes/notes.md": "",
    "islands/Counter.tsx": "",
    "islands/admin/Tool.tsx": "",
  };
  const a = await tempProject(files);
  const b = await tempProject(
    Object.fromEntries(Object.entries(files).reverse()),
  );
  try {
    const text = await generateManifest(a);
    assert.equal(text, await generateManifest(b));
    assert.equal(text, await generateManifest(a));
    const keys = [...text.matchAll(/^ {4}"([^"]+)": \$+\d+,$/gm)].map((m) =>
      m[1]
    );
    assert.deepEqual(keys, [
      "./routes/(g)/_layout.tsx",
      "./routes/a/[id].tsx",
      "./routes/index.tsx",
      "./routes/z.tsx",
      "./islands/Counter.tsx",
      "./islands/admin/Tool.tsx",
    ]);
    assert.match(text, /export default manifest;\n$/);
    assert.match(text, /baseUrl: import\.meta\.url,/);
    assert.equal(await writeManifest(a), true);
    assert.equal(await writeManifest(a), false);
    await assertManifestUpToDate(a);
    const fmt = await new Deno.Command(Deno.execPath(), {
      args: ["fmt", "--check", join(a, "fresh.gen.ts")],
      cwd: a,
      stdout: "null",
      stderr: "piped",
    }).output();
    assert.equal(fmt.code, 0, new TextDecoder().decode(fmt.stderr));
    await Deno.writeTextFile(join(a, "routes/new.tsx"), "");
    await assert.rejects(() => assertManifestUpToDate(a), /out of date/);
  } finally {
    await Deno.remove(a, { recursive: true });
    await Deno.remove(b, { recursive: true });
  }
});

Deno.test("manifest: empty project", async () => {
  const root = await tempProject({});
  try {
    const text = await generateManifest(root);
    assert.match(text, /routes: \{\},\n {2}islands: \{\},/);
    await assert.rejects(() => assertManifestUpToDate(root), /missing/);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
