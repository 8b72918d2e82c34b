/**
 * One "pod" for `tests/jobs_processes_test.ts`: opens PostgreSQL (`DATABASE_URL`), Redis
 * (`REDIS_URL`, `REDIS_KEY_PREFIX`) and the shared clock, and runs the job runner with one job,
 * `count`, that inserts a row into `job_hits` per run. Prints `ready` once started; SIGTERM
 * closes the runner (waiting for a running job) and exits 0.
 *
 * @module
 */
import { openRedisCache } from "@/services/cache_redis.ts";
import { openClock } from "@/services/clock.ts";
import { openPostgresDb } from "@/services/db_postgres.ts";
import { startJobRunner } from "@/services/jobs.ts";
import { logNothing } from "@/services/log.ts";

const env = (name: string): string => {
  const value = Deno.env.get(name);
  if (!value) throw new Error(`job_worker needs ${name}`);
  return value;
};
const worker = env("WORKER");
const db = await openPostgresDb(env("DATABASE_URL"), { max: 2 });
const cache = await openRedisCache(env("REDIS_URL"), {
  keyPrefix: env("REDIS_KEY_PREFIX"),
  log: logNothing,
});
const deps = { db, cache, config: { mode: "test" as const } };
const clock = await openClock(deps);
const runner = startJobRunner({
  db,
  clock,
  services: deps,
  tickMs: 25,
  owner: worker,
  jobs: [{
    name: "count",
    everyMs: 3600_000,
    run: async ({ now }) => {
      await db
        .sql`insert into job_hits (worker, due_at) values (${worker}, ${now})`;
      // Long enough for the other workers to try while this one holds the lease.
      await new Promise((resolve) => setTimeout(resolve, 100));
    },
  }],
});
Deno.addSignalListener("SIGTERM", async () => {
  await runner.close();
  await clock.close();
  await cache.close();
  await db.close();
  Deno.exit(0);
});
console.log("ready");
