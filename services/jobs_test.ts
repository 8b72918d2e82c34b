import assert from "node:assert/strict";
import type { Db } from "./db.ts";
import { type Job, startJobRunner } from "./jobs.ts";
import { logNothing } from "./log.ts";
import { openTestDb } from "./testing/mod.ts";

/** A clock the test moves by hand. */
function manualClock(start = Date.parse("2030-01-01T00:00:00Z")) {
  let t = start;
  return {
    now: () => new Date(t),
    advance(ms: number) {
      t += ms;
    },
  };
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => resolve = r);
  return { promise, resolve };
}

/**
 * A job whose first run waits for `release()`; later runs (which would overlap when the
 * lease fails) return at once. `runs()` counts every run.
 */
function blockingJob(
  name: string,
  timing: { everyMs: number; leaseMs?: number },
) {
  const gate = deferred();
  const started = deferred();
  let runs = 0;
  const job: Job<null> = {
    name,
    ...timing,
    run: async () => {
      if (++runs > 1) return;
      started.resolve();
      await gate.promise;
    },
  };
  return {
    job,
    started: started.promise,
    release: gate.resolve,
    runs: () => runs,
  };
}

async function jobRow(db: Db, name: string) {
  const [row] = await db.sql<{
    lease_owner: string | null;
    last_error: string | null;
    next_due_at: Date;
  }>`select lease_owner, last_error, next_due_at from job_runs where name = ${name}`;
  return row;
}

Deno.test("jobs: a due job runs once per interval and catches up once after a pause", async () => {
  const db = await openTestDb();
  const clock = manualClock();
  const seen: Date[] = [];
  const job: Job<string> = {
    name: "tick",
    everyMs: 60_000,
    run: ({ now, services }) => {
      assert.equal(services, "deps");
      seen.push(now);
      return Promise.resolve();
    },
  };
  const runner = startJobRunner({
    db,
    clock,
    jobs: [job],
    services: "deps",
    tickMs: 0,
    log: logNothing,
  });
  try {
    assert.deepStrictEqual(await runner.runDue(), ["tick"], "new: due at once");
    assert.deepStrictEqual(await runner.runDue(), []);
    clock.advance(59_999);
    assert.deepStrictEqual(await runner.runDue(), []);
    clock.advance(1);
    assert.deepStrictEqual(await runner.runDue(), ["tick"]);
    // Ten hours with no pod running: one run, not six hundred.
    clock.advance(10 * 3600_000);
    assert.deepStrictEqual(await runner.runDue(), ["tick"]);
    assert.deepStrictEqual(await runner.runDue(), []);
    assert.equal(seen.length, 3);
    assert.deepStrictEqual(seen[2], clock.now());
    const row = await jobRow(db, "tick");
    assert.equal(row.lease_owner, null);
    assert.deepStrictEqual(
      row.next_due_at,
      new Date(clock.now().getTime() + 60_000),
    );
  } finally {
    await runner.close();
    await db.close();
  }
});

Deno.test("jobs: a restarted runner continues from the stored due time", async () => {
  const db = await openTestDb();
  const clock = manualClock();
  let runs = 0;
  const jobs: Job<null>[] = [{
    name: "once",
    everyMs: 3600_000,
    run: () => Promise.resolve(runs++),
  }];
  const options = { db, clock, jobs, services: null, tickMs: 0 };
  try {
    const first = startJobRunner(options);
    assert.deepStrictEqual(await first.runDue(), ["once"]);
    await first.close();
    const second = startJobRunner(options);
    assert.deepStrictEqual(await second.runDue(), [], "not due again yet");
    clock.advance(3 * 3600_000);
    assert.deepStrictEqual(await second.runDue(), ["once"]);
    await second.close();
    assert.equal(runs, 2);
  } finally {
    await db.close();
  }
});

Deno.test("jobs: a held lease keeps other runners off until it ends or expires", async () => {
  const db = await openTestDb();
  const clock = manualClock();
  const slow = blockingJob("slow", { everyMs: 60_000, leaseMs: 120_000 });
  const jobs = [slow.job];
  const one = startJobRunner({
    db,
    clock,
    jobs,
    services: null,
    tickMs: 0,
    owner: "one",
  });
  const two = startJobRunner({
    db,
    clock,
    jobs,
    services: null,
    tickMs: 0,
    owner: "two",
  });
  try {
    const running = one.runDue();
    await slow.started;
    assert.match((await jobRow(db, "slow")).lease_owner ?? "", /^one\//);
    // Due again by the clock, but leased.
    clock.advance(60_000);
    assert.deepStrictEqual(await two.runDue(), []);
    slow.release();
    assert.deepStrictEqual(await running, ["slow"]);

    // A pod that died mid-run: its lease blocks others until it expires.
    clock.advance(60_000);
    await db.sql`update job_runs set lease_owner = 'dead/1',
      lease_until = ${new Date(clock.now().getTime() + 120_000)}
      where name = 'slow'`;
    assert.deepStrictEqual(await two.runDue(), []);
    clock.advance(120_000);
    assert.deepStrictEqual(await two.runDue(), ["slow"]);
    assert.equal(slow.runs(), 2);
    assert.equal((await jobRow(db, "slow")).lease_owner, null);
  } finally {
    slow.release();
    await one.close();
    await two.close();
    await db.close();
  }
});

Deno.test("jobs: a failing job records its error, is retried when next due, and others still run", async () => {
  const db = await openTestDb();
  const clock = manualClock();
  let fail = true;
  let good = 0;
  const logged: string[] = [];
  const jobs: Job<null>[] = [
    {
      name: "bad",
      everyMs: 60_000,
      run: () =>
        fail ? Promise.reject(new Error("smtp down")) : Promise.resolve(),
    },
    { name: "good", everyMs: 60_000, run: () => Promise.resolve(good++) },
  ];
  const runner = startJobRunner({
    db,
    clock,
    jobs,
    services: null,
    tickMs: 0,
    log: (_level, msg, fields) => logged.push(`${msg}:${fields?.job}`),
  });
  try {
    assert.deepStrictEqual(await runner.runDue(), ["bad", "good"]);
    assert.equal(good, 1);
    assert.deepStrictEqual(logged, ["job failed:bad"]);
    assert.equal((await jobRow(db, "bad")).last_error, "smtp down");
    assert.deepStrictEqual(await runner.runDue(), [], "no retry before due");
    fail = false;
    clock.advance(60_000);
    assert.deepStrictEqual(await runner.runDue(), ["bad", "good"]);
    assert.equal((await jobRow(db, "bad")).last_error, null);
  } finally {
    await runner.close();
    await db.close();
  }
});

Deno.test("jobs: close waits for the running pass; the timer runs due jobs at start", async () => {
  const db = await openTestDb();
  const clock = manualClock();
  const gate = deferred();
  const started = deferred();
  let finished = false;
  const runner = startJobRunner({
    db,
    clock,
    jobs: [{
      name: "long",
      everyMs: 60_000,
      run: async () => {
        started.resolve();
        await gate.promise;
        finished = true;
      },
    }],
    services: null,
    tickMs: 50,
  });
  try {
    await started.promise; // the first pass starts without waiting a whole tick
    let closed = false;
    const closing = runner.close().then(() => closed = true);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(closed, false);
    gate.resolve();
    await closing;
    assert.equal(finished, true);
    await assert.rejects(() => runner.runDue(), /closed/);
    assert.equal((await jobRow(db, "long")).lease_owner, null);
  } finally {
    gate.resolve();
    await runner.close();
    await db.close();
  }
});

Deno.test("jobs: the registry is checked at start", () => {
  const run = () => Promise.resolve();
  const base = { db: {} as Db, clock: manualClock(), services: null };
  assert.throws(
    () =>
      startJobRunner({
        ...base,
        jobs: [{ name: "a", everyMs: 1, run }, { name: "a", everyMs: 1, run }],
      }),
    /Two jobs are named "a"/,
  );
  assert.throws(
    () => startJobRunner({ ...base, jobs: [{ name: "b", everyMs: 0, run }] }),
    /positive everyMs/,
  );
});

Deno.test("jobs: a run that outlasts its lease renews it, so no other runner starts it", async () => {
  const db = await openTestDb();
  const clock = manualClock();
  // Renewed every 20 ms of real time.
  const renewed = blockingJob("renewed", { everyMs: 50, leaseMs: 60 });
  const jobs = [renewed.job];
  const options = { db, clock, jobs, services: null, tickMs: 0 };
  const one = startJobRunner({ ...options, owner: "one" });
  const two = startJobRunner({ ...options, owner: "two" });
  try {
    const running = one.runDue();
    await renewed.started;
    clock.advance(100); // past the first lease and the next due time
    await new Promise((r) => setTimeout(r, 150));
    assert.deepStrictEqual(await two.runDue(), []);
    renewed.release();
    assert.deepStrictEqual(await running, ["renewed"]);
    assert.equal(renewed.runs(), 1);
  } finally {
    renewed.release();
    await one.close();
    await two.close();
    await db.close();
  }
});
