import assert from "node:assert/strict";
import { openClock, readTestClockOffset, setTestClockOffset } from "./clock.ts";
import { openMemoryCache } from "./cache_memory.ts";
import {
  openSharedBackends,
  realBackendsAvailable,
  waitFor,
} from "./testing/shared_backends.ts";
import { openTestDb } from "./testing/mod.ts";

for (const kind of ["embedded", "real"] as const) {
  Deno.test({
    name:
      `Clock: ${kind}: an offset set through one connection moves the other's clock`,
    ignore: kind === "real" && !realBackendsAvailable(),
    async fn() {
      const shared = await openSharedBackends(kind);
      const one = await openClock(shared.a);
      const two = await openClock(shared.b);
      try {
        assert.equal(one.offsetMs, 0);
        assert.ok(Math.abs(two.now().getTime() - Date.now()) < 1000);
        await setTestClockOffset(shared.a, 3_600_000);
        await waitFor("clock two to reload", () => two.offsetMs === 3_600_000);
        await waitFor("clock one to reload", () => one.offsetMs === 3_600_000);
        const ahead = two.now().getTime() - Date.now();
        assert.ok(ahead > 3_599_000 && ahead <= 3_600_000, String(ahead));

        // A lost doorbell only delays: sync() reads the database.
        await shared.b.db.sql`update clock_offset set offset_ms = -5000`;
        await two.sync();
        assert.equal(two.offsetMs, -5000);
        assert.equal(await readTestClockOffset(shared.a.db), -5000);

        // A clock opened later starts from the stored offset.
        const three = await openClock(shared.b);
        assert.equal(three.offsetMs, -5000);
        await three.close();
      } finally {
        await one.close();
        await two.close();
        await shared.close();
      }
    },
  });
}

Deno.test("Clock: production ignores the stored offset and refuses to set it", async () => {
  const db = await openTestDb({ kind: "pglite" });
  const cache = openMemoryCache();
  try {
    await setTestClockOffset({ db, cache, config: { mode: "test" } }, 60_000);
    const prod = { db, cache, config: { mode: "production" as const } };
    const clock = await openClock(prod);
    assert.equal(clock.offsetMs, 0);
    assert.ok(Math.abs(clock.now().getTime() - Date.now()) < 1000);
    await assert.rejects(
      () => setTestClockOffset(prod, 1),
      (error: Error) =>
        error instanceof Error && /refused in production/.test(error.message),
    );
    assert.equal(await readTestClockOffset(db), 60_000);
    await assert.rejects(
      () => setTestClockOffset({ db, cache, config: { mode: "test" } }, 0.5),
      RangeError,
    );
    await clock.close();
  } finally {
    await cache.close();
    await db.close();
  }
});
