/**
 * The behaviour every `Cache` implementation must show, as one suite run against each.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { Cache } from "./cache.ts";
import { withTimeout } from "./db_contract.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Registers the Cache contract as steps of one Deno test; `open` gets a unique prefix. */
export function cacheContract(
  name: string,
  open: (keyPrefix: string) => Promise<Cache>,
  ignore = false,
): void {
  Deno.test({
    name: `Cache contract: ${name}`,
    ignore,
    async fn(t) {
      const prefix = `kic-test:${crypto.randomUUID()}:`;
      const cache = await open(prefix);
      try {
        await t.step("get, set, del and TTL", async () => {
          assert.equal(await cache.get("missing"), null);
          await cache.set("k", "세션 값");
          assert.equal(await cache.get("k"), "세션 값");
          await cache.set("k", "v2", 60);
          assert.equal(await cache.get("k"), "v2");
          await sleep(120);
          assert.equal(await cache.get("k"), null, "expired");
          await cache.set("d", "x");
          await cache.del("d");
          assert.equal(await cache.get("d"), null);
          await cache.del("never-set");
        });

        await t.step(
          "lock: exclusive, owner-only release, expiry",
          async () => {
            const release = await cache.lock("job", 5000);
            assert.ok(release);
            assert.equal(await cache.lock("job", 5000), null, "held");
            await release();
            const again = await cache.lock("job", 80);
            assert.ok(again);
            await sleep(150);
            const third = await cache.lock("job", 5000);
            assert.ok(third, "the expired lock can be taken");
            await again(); // stale owner: must not release the new owner's lock
            assert.equal(await cache.lock("job", 5000), null);
            await third();
            assert.ok(await cache.lock("job", 10));
          },
        );

        await t.step("rateLimit: fixed window", async () => {
          const results = [];
          for (let i = 0; i < 4; i++) {
            results.push(await cache.rateLimit("login:kim", 3, 200));
          }
          assert.deepStrictEqual(
            results.map((r) => [r.allowed, r.remaining]),
            [[true, 2], [true, 1], [true, 0], [false, 0]],
          );
          assert.equal(results[0].retryAfterMs, 0);
          assert.ok(
            results[3].retryAfterMs > 0 && results[3].retryAfterMs <= 200,
          );
          await sleep(results[3].retryAfterMs + 30);
          const fresh = await cache.rateLimit("login:kim", 3, 200);
          assert.deepStrictEqual([fresh.allowed, fresh.remaining], [true, 2]);
        });

        await t.step("publish/subscribe", async () => {
          const got: string[] = [];
          let wake = () => {};
          const unsubscribe = await cache.subscribe("draw", (m) => {
            got.push(m);
            wake();
          });
          const other: string[] = [];
          const unsubscribeOther = await cache.subscribe(
            "other",
            (m) => other.push(m),
          );
          const arrived = new Promise<void>((resolve) => (wake = resolve));
          await cache.publish("draw", "추첨 1");
          await withTimeout(arrived, 3000);
          assert.deepStrictEqual(got, ["추첨 1"]);
          assert.deepStrictEqual(other, []);
          await unsubscribe();
          await cache.publish("draw", "after");
          await sleep(50);
          assert.deepStrictEqual(got, ["추첨 1"]);
          await unsubscribeOther();
        });

        await t.step("ping", async () => {
          assert.equal(await cache.ping(), true);
        });
      } finally {
        await cache.close();
      }
    },
  });
}
