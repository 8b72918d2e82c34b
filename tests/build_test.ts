import assert from "node:assert/strict";

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

Deno.test("two clones at different paths build the same island assets (same URLs, same bytes)", async () => {
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
  } finally {
    await Deno.remove(a, { recursive: true });
    await Deno.remove(b, { recursive: true });
  }
});
