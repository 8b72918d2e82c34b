import assert from "node:assert/strict";
import { setTestClockOffset } from "@/services/clock.ts";
import {
  openSharedBackends,
  realBackendsAvailable,
  waitFor,
} from "@/services/testing/shared_backends.ts";

interface Worker {
  child: Deno.ChildProcess;
  output(): string;
  done: Promise<unknown>;
}

function spawnWorker(name: string, env: Record<string, string>): Worker {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "tests/job_worker.ts"],
    cwd: new URL("..", import.meta.url).pathname,
    env: { ...env, WORKER: name, NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let log = "";
  const collect = async (stream: ReadableStream<BufferSource>) => {
    for await (const text of stream.pipeThrough(new TextDecoderStream())) {
      log += text;
    }
  };
  return {
    child,
    output: () => log,
    done: Promise.all([collect(child.stdout), collect(child.stderr)]),
  };
}

Deno.test({
  name:
    "jobs: three processes with one registered job run each due job exactly once",
  ignore: !realBackendsAvailable(),
  async fn() {
    const shared = await openSharedBackends("real");
    const workers: Worker[] = [];
    try {
      const { db } = shared.a;
      await db.sql`create table job_hits (
        id bigserial primary key, worker text not null, due_at timestamptz not null)`;
      for (const name of ["pod-1", "pod-2", "pod-3"]) {
        workers.push(spawnWorker(name, {
          DATABASE_URL: shared.databaseUrl!,
          REDIS_URL: shared.redis!.url,
          REDIS_KEY_PREFIX: shared.redis!.keyPrefix,
        }));
      }
      await waitFor(
        "three workers ready",
        () => workers.every((w) => w.output().includes("ready")),
        90_000,
      );
      const hits = async () =>
        (await db.sql<{ n: number }>`select count(*)::int as n from job_hits`)[
          0
        ]
          .n;
      const settle = () => new Promise((r) => setTimeout(r, 750));
      // Due at start (a new job), then once per hour of the shared clock.
      for (const [step, offsetMs] of [[1, 0], [2, 3601_000], [3, 7202_000]]) {
        if (offsetMs > 0) await setTestClockOffset(shared.a, offsetMs);
        await waitFor(`run ${step}`, async () => await hits() >= step, 30_000);
        await settle();
        assert.equal(await hits(), step, `exactly ${step} runs`);
      }
      const rows = await db.sql<{ worker: string }>`
        select worker from job_hits order by id`;
      console.log(`runs by ${rows.map((r) => r.worker).join(", ")}`);
      for (const w of workers) w.child.kill("SIGTERM");
      for (const w of workers) {
        const status = await w.child.status;
        await w.done;
        assert.equal(status.code, 0, w.output());
      }
    } finally {
      for (const w of workers) {
        try {
          w.child.kill("SIGKILL");
        } catch {
          // Already exited.
        }
        await w.done.catch(() => {});
      }
      await shared.close();
    }
  },
});
