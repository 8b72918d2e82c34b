import assert from "node:assert/strict";
import { lockFolder } from "./folder_lock.ts";

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "kic-lock-test-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function writeLock(dir: string, info: Record<string, unknown>): Promise<void> {
  return Deno.writeTextFile(`${dir}/.kic.lock`, JSON.stringify(info));
}

Deno.test("folder lock: a lock with our own pid from an earlier run is stale", async () => {
  await withDir(async (dir) => {
    // A restarted container runs as the same pid as the run that left the lock.
    await writeLock(dir, {
      pid: Deno.pid,
      hostname: Deno.hostname(),
      createdAt: "2020-01-01T00:00:00.000Z",
    });
    const unlock = await lockFolder(dir);
    const lock = JSON.parse(await Deno.readTextFile(`${dir}/.kic.lock`));
    assert.equal(lock.pid, Deno.pid);
    assert.notEqual(lock.createdAt, "2020-01-01T00:00:00.000Z");
    // This process does hold it now.
    await assert.rejects(() => lockFolder(dir), /in use by this same process/);
    await unlock();
    await assert.rejects(
      () => Deno.stat(`${dir}/.kic.lock`),
      Deno.errors.NotFound,
    );
    const again = await lockFolder(dir);
    await again();
  });
});

Deno.test("folder lock: a lock from another host is held, and the message says what to delete", async () => {
  await withDir(async (dir) => {
    const other = {
      pid: 99_999_999,
      hostname: "kic-web-7d9f-gone",
      createdAt: "2024-01-01T00:00:00.000Z",
    };
    await writeLock(dir, other);
    await assert.rejects(() => lockFolder(dir), (error: Error) => {
      assert.match(error.message, /another host, kic-web-7d9f-gone/);
      assert.ok(
        error.message.includes(`delete the lock file ${dir}/.kic.lock`),
      );
      return true;
    });
    assert.deepStrictEqual(
      JSON.parse(await Deno.readTextFile(`${dir}/.kic.lock`)),
      other,
      "left in place",
    );
    assert.deepStrictEqual(
      [...Deno.readDirSync(dir)].map((e) => e.name),
      [".kic.lock"],
      "no temp files left",
    );
  });
});

Deno.test("folder lock: another process never sees a half-written lock", async () => {
  // Slow down this process's lock write, as a busy disk would: the file it creates stays
  // empty until another process has made its attempt. With create-then-write, that process
  // read the empty lock, took it for stale, deleted it and won as well.
  const original = Deno.writeTextFile;
  let release = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  let reachedGate = () => {};
  const atGate = new Promise<void>((resolve) => (reachedGate = resolve));
  Deno.writeTextFile = (async (
    path: string | URL,
    data: string,
    options?: Deno.WriteFileOptions,
  ) => {
    if (String(path).includes(".kic.lock") && options?.createNew) {
      await original(path, "", { createNew: true });
      reachedGate();
      await gate;
      await original(path, data);
      return;
    }
    await original(path, data, options);
  }) as typeof Deno.writeTextFile;
  const url = new URL("./folder_lock.ts", import.meta.url).href;
  const script = `
    const { lockFolder } = await import(${JSON.stringify(url)});
    try {
      await lockFolder(Deno.args[0]);
      console.log("won");
    } catch {
      console.log("lost");
    }
    // Stay alive (holding what it won) until the test closes stdin.
    await Deno.stdin.readable.pipeTo(new WritableStream());`;
  try {
    await withDir(async (dir) => {
      const mine = lockFolder(dir).then(
        (unlock) => ({ won: true, unlock }),
        () => ({ won: false, unlock: null }),
      );
      await atGate;
      const child = new Deno.Command(Deno.execPath(), {
        args: ["eval", "--no-check", script, dir],
        stdin: "piped",
        stdout: "piped",
        stderr: "inherit",
      }).spawn();
      const reader = child.stdout.pipeThrough(new TextDecoderStream())
        .getReader();
      const { value: theirs } = await reader.read();
      release();
      const ours = await mine;
      await child.stdin.close();
      await reader.cancel();
      await child.status;
      await ours.unlock?.();
      assert.equal(
        [ours.won, theirs?.trim() === "won"].filter(Boolean).length,
        1,
        `exactly one holder (this process: ${ours.won}, the other: ${theirs})`,
      );
    });
  } finally {
    Deno.writeTextFile = original;
    release();
  }
});
