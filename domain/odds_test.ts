import assert from "node:assert/strict";
import { seedDemo } from "@/domain/demo.ts";
import { entryDigest, type OddsInput, oddsOf } from "@/lottery/mod.ts";
import { systemClock } from "@/services/clock.ts";
import type { Cache } from "@/services/cache.ts";
import type { Db } from "@/services/db.ts";
import { openTestServices } from "@/services/testing/mod.ts";
import { application, child, employee } from "@/tests/odds_helpers.ts";
import {
  claimOddsRequest,
  computeOddsInProcess,
  computeOddsInWorker,
  currentOdds,
  type OddsCompute,
  poolFingerprint,
  requestOdds,
  runOddsRequests,
} from "./odds.ts";
import { poolOddsInput, roundPool } from "./pool.ts";

/** One more accepted family in the pool, listing `choices`. */
async function accepted(
  db: Db,
  roundId: number,
  login: string,
  choices: string[],
): Promise<void> {
  const id = await employee(db, { login, joinDate: "2018-01-01" });
  const kid = await child(db, { accountId: id, name: login });
  await application(db, {
    roundId,
    familyKey: id,
    status: "accepted",
    children: [{ id: kid, choices }],
    documents: [["resident_register", "accepted"]],
  });
}

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => resolve = r);
  return { promise, resolve };
}

/** Runs `body` on fresh services with the demo data and its round. */
async function withRound(
  body: (ctx: { db: Db; cache: Cache; roundId: number }) => Promise<void>,
): Promise<void> {
  const services = await openTestServices();
  try {
    await seedDemo(services.db, new Date(), 1000);
    const [r] = await services.db.sql<{ id: number }>`select id from rounds`;
    await body({
      db: services.db,
      cache: services.cache,
      roundId: Number(r.id),
    });
  } finally {
    await services.close();
  }
}

Deno.test("odds job: a newer request replaces the queued one; one pod per round", async () => {
  await withRound(async ({ db, cache, roundId }) => {
    await accepted(db, roundId, "p.one", ["k1-age0", "k2-age1"]);

    const fp1 = await poolFingerprint(db, roundId);
    assert.deepEqual([fp1.live, fp1.reviewed], [1, 1]);
    const now = new Date();
    assert.equal(
      await requestOdds(db, cache, { roundId, ...fp1, now }),
      true,
    );
    // The same pool asked again: nothing new is queued.
    assert.equal(
      await requestOdds(db, cache, { roundId, ...fp1, now }),
      false,
    );

    // Pod A computes; the first computation waits on a gate the test opens.
    const inputs: OddsInput[] = [];
    const started = deferred();
    const gate = deferred();
    const slow: OddsCompute = async (input) => {
      inputs.push(input);
      if (inputs.length === 1) {
        started.resolve();
        await gate.promise;
      }
      return oddsOf(input);
    };
    const podA = runOddsRequests({
      db,
      cache,
      clock: systemClock,
      owner: "pod-a",
      compute: slow,
    });
    await started.promise;

    // Pod B finds nothing to claim while A holds the round.
    const podB = await runOddsRequests({
      db,
      cache,
      clock: systemClock,
      owner: "pod-b",
      compute: slow,
    });
    assert.deepEqual(podB, []);
    assert.equal(
      await claimOddsRequest(db, { owner: "pod-c", now: new Date() }),
      null,
    );

    // Two changes while A computes: each request replaces the queued one.
    await accepted(db, roundId, "p.two", ["k1-age0"]);
    const fp2 = await poolFingerprint(db, roundId);
    assert.notEqual(fp2.fingerprint, fp1.fingerprint);
    assert.equal(await requestOdds(db, cache, { roundId, ...fp2, now }), true);
    await accepted(db, roundId, "p.three", ["k2-age1"]);
    const fp3 = await poolFingerprint(db, roundId);
    assert.equal(await requestOdds(db, cache, { roundId, ...fp3, now }), true);
    const queue = await db.sql<{ fingerprint: string; version: number }>`
      select fingerprint, version from odds_requests`;
    assert.deepEqual(
      queue.map((q) => [q.fingerprint, Number(q.version)]),
      [[fp3.fingerprint, 3]],
    );
    // The running computation is not the current pool's: nothing is shown yet.
    assert.equal(
      await currentOdds(cache, { roundId, ...fp3, entrants: [] }),
      null,
    );

    gate.resolve();
    // A finishes the first pool, then computes once more: the newest pool, not each change.
    assert.deepEqual(await podA, [roundId, roundId]);
    assert.equal(inputs.length, 2);
    assert.equal(inputs[0].entrants.length, 1);
    assert.equal(inputs[1].entrants.length, 3);
    const rows = await db.sql`select round_id from odds_requests`;
    assert.deepEqual(rows, []);

    const input = poolOddsInput(await roundPool(db, roundId));
    const found = await currentOdds(cache, {
      roundId,
      ...fp3,
      entrants: input.entrants.map((e) => e.pseudonym),
    });
    assert.ok(found);
    assert.equal(
      found.poolDigest,
      entryDigest(input.recruitments, input.entrants),
    );
    assert.equal(found.method, "simulated");
    assert.deepEqual(
      [...found.items.values()].flat(),
      oddsOf(input).odds,
    );
  });
});

Deno.test("odds job: of pods racing for a round, exactly one claims it", async () => {
  await withRound(async ({ db, cache, roundId }) => {
    await requestOdds(db, cache, {
      roundId,
      fingerprint: "x",
      now: new Date(),
    });
    // On PostgreSQL these run on several connections of the pool at once.
    const claims = await Promise.all(
      Array.from(
        { length: 8 },
        (_, i) => claimOddsRequest(db, { owner: `pod-${i}`, now: new Date() }),
      ),
    );
    assert.deepEqual(claims.filter((c) => c !== null), [{
      roundId,
      version: 1,
    }]);
  });
});

Deno.test("odds job: a failed computation is retried later, not at once", async () => {
  await withRound(async ({ db, cache, roundId }) => {
    await accepted(db, roundId, "p.one", ["k1-age0"]);
    const fp = await poolFingerprint(db, roundId);
    await requestOdds(db, cache, { roundId, ...fp, now: new Date() });
    const failing: OddsCompute = () => Promise.reject(new Error("boom"));
    const ran = await runOddsRequests({
      db,
      cache,
      clock: systemClock,
      owner: "pod-a",
      compute: failing,
      log: () => {},
    });
    assert.deepEqual(ran, []);
    const [row] = await db.sql<{ claimed_until: Date }>`
      select claimed_until from odds_requests where round_id = ${roundId}`;
    assert.ok(row.claimed_until.getTime() > Date.now() + 30_000);
    assert.equal(
      await claimOddsRequest(db, { owner: "pod-b", now: new Date() }),
      null,
    );
  });
});

Deno.test("odds worker and process: the same result as oddsOf; errors reject", async () => {
  const input: OddsInput = {
    recruitments: [{ id: "a", seats: 1 }, { id: "b", seats: 1 }],
    entrants: [
      {
        pseudonym: "a1-c1",
        members: ["a1-c1"],
        choices: [{ recruitment: "a", weight: 300, tier: 1 }, {
          recruitment: "b",
          weight: 300,
          tier: 1,
        }],
      },
      {
        pseudonym: "a2-c2",
        members: ["a2-c2"],
        choices: [{ recruitment: "a", weight: 100, tier: 1 }],
      },
    ],
  };
  assert.deepEqual(await computeOddsInWorker(input), oddsOf(input));
  assert.deepEqual(await computeOddsInProcess(input), oddsOf(input));
  await assert.rejects(
    () => computeOddsInProcess({ recruitments: [], entrants: [{}] } as never),
    /odds input/,
  );
  await assert.rejects(
    () => computeOddsInWorker({ recruitments: [], entrants: [{}] } as never),
    /odds input/,
  );
});
