import assert from "node:assert/strict";
import { startAppProcess } from "./process.ts";

const root = new URL("..", import.meta.url).pathname;

async function run(cmd: string, args: string[], cwd: string): Promise<string> {
  const out = await new Deno.Command(cmd, {
    args,
    cwd,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout) +
    new TextDecoder().decode(out.stderr);
  if (!out.success) {
    throw new Error(`${cmd} ${args.join(" ")} failed:\n${text}`);
  }
  return text;
}

/** Copies the tracked files of the repository (as a clean clone has them) into a new folder. */
async function cloneTo(dir: string): Promise<void> {
  const files =
    (await run("git", ["ls-files", "-co", "--exclude-standard"], root)).split(
      "\n",
    ).filter(Boolean);
  for (const file of files) {
    const target = `${dir}/${file}`;
    await Deno.mkdir(target.slice(0, target.lastIndexOf("/")), {
      recursive: true,
    });
    try {
      await Deno.copyFile(`${root}${file}`, target);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  }
  await Deno.symlink(`${root}node_modules`, `${dir}/node_modules`);
}

async function readTree(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  async function walk(path: string) {
    for await (const e of Deno.readDir(path)) {
      if (e.isDirectory) await walk(`${path}/${e.name}`);
      else {out.set(
          `${path}/${e.name}`.slice(dir.length),
          await Deno.readTextFile(`${path}/${e.name}`),
        );}
    }
  }
  await walk(dir);
  return out;
}

Deno.test({
  name:
    "two clones at different paths build and serve the same island assets (same URLs, same bytes)",
  sanitizeResources: false,
  async fn() {
    const a = await Deno.makeTempDir({ prefix: "kic-clone-a-" });
    const b = await Deno.makeTempDir({ prefix: "kic-clone-b-" });
    try {
      for (const dir of [a, b]) {
        await cloneTo(dir);
        await run(Deno.execPath(), ["run", "-A", "tasks/build.ts"], dir);
      }
      const [ta, tb] = [
        await readTree(`${a}/_dist`),
        await readTree(`${b}/_dist`),
      ];
      assert.ok(
        [...ta.keys()].some((k) => /island-VerifyDraw-.*\.js$/.test(k)),
        "the island bundle is built",
      );
      assert.deepEqual([...ta.keys()].sort(), [...tb.keys()].sort());
      for (const [k, v] of ta) assert.equal(tb.get(k), v, k);
      assert.ok(
        !ta.get("/build.json")!.includes(a),
        "no absolute path leaks into the build",
      );

      // Both clones serve, each process with its own data folder: same asset URLs, same bytes.
      const apps = [await startAppProcess({}, a), await startAppProcess({}, b)];
      try {
        const pages = await Promise.all(
          apps.map(async (p) => await (await fetch(`${p.url}/verify`)).text()),
        );
        const urls = pages.map((html) =>
          [...html.matchAll(/"(\/_frsh\/js\/[^"]+\.js)"/g)].map((m) => m[1])
        );
        assert.ok(
          urls[0].length >= 2,
          "the page imports the boot module and its island",
        );
        assert.deepEqual(urls[0], urls[1]);
        for (const path of urls[0]) {
          const [x, y] = await Promise.all(apps.map(async (p) => {
            const res = await fetch(`${p.url}${path}`);
            assert.equal(res.status, 200, path);
            assert.match(res.headers.get("cache-control") ?? "", /immutable/);
            return new Uint8Array(await res.arrayBuffer());
          }));
          assert.deepEqual(x, y, path);
        }
      } finally {
        for (const p of apps) {
          assert.equal((await p.stop()).code, 0, p.output());
        }
      }
    } finally {
      await Deno.remove(a, { recursive: true });
      await Deno.remove(b, { recursive: true });
    }
  },
});
