/**
 * The behaviour every `Cache` implementation must show, as one suite run against each.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { Cache } from "../cache.ts";
import { withTimeout } from "../timeout.ts";
import type { ContractOptions } from "./mod.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Registers the Cache contract as steps of one Deno test; `open` gets a unique prefix. */
export function cacheContract(
  name: string,
  open: (keyPrefix: string) => Promise<Cache>,
  options: ContractOptions = {},
): void {
  Deno.test({
    name: `Cache contract: ${name}`,
    ignore: options.ignore ?? false,
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

        await t.step(
          "TTLs: fractional and zero are normalised alike",
          async () => {
            await cache.set("frac", "v", 1000.5);
            assert.equal(await cache.get("frac"), "v", "fractional TTL kept");
            await cache.set("tiny", "v", 0.25);
            await cache.set("zero", "v", 0);
            await cache.set("negative", "v", -5);
            await sleep(30);
            assert.equal(await cache.get("tiny"), null);
            assert.equal(await cache.get("zero"), null);
            assert.equal(await cache.get("negative"), null);
            await assert.rejects(
              async () => await cache.set("nan", "v", NaN),
              RangeError,
            );

            const release = await cache.lock("frac-lock", 5000.7);
            assert.ok(release, "fractional lock TTL");
            assert.equal(await cache.lock("frac-lock", 10.2), null, "held");
            await release();
            assert.ok(await cache.lock("zero-lock", 0), "zero TTL lock");
            await sleep(30);
            assert.ok(await cache.lock("zero-lock", 1000), "expired at once");

            const results = [];
            for (let i = 0; i < 3; i++) {
              results.push(await cache.rateLimit("frac-rate", 2, 300.5));
            }
            assert.deepStrictEqual(
              results.map((r) => [r.allowed, r.remaining]),
              [[true, 1], [true, 0], [false, 0]],
            );
            assert.ok(
              results[2].retryAfterMs > 0 && results[2].retryAfterMs <= 301,
              String(results[2].retryAfterMs),
            );
            assert.ok(Number.isInteger(results[2].retryAfterMs));
            const zero = await cache.rateLimit("zero-rate", 1, 0);
            assert.deepStrictEqual([zero.allowed, zero.remaining], [true, 0]);
            await sleep(30);
            const again = await cache.rateLimit("zero-rate", 1, 0);
            assert.deepStrictEqual(
              [again.allowed, again.remaining],
              [true, 0],
              "a zero window has expired",
            );
          },
        );

        await t.step("concurrent first subscribes both receive", async () => {
          // A fresh cache, so that neither call finds a subscriber connection ready.
          const fresh = await open(`${prefix}fresh:`);
          try {
            const got: string[] = [];
            let wake = () => {};
            const onMessage = (m: string) => {
              got.push(m);
              if (got.length === 2) wake();
            };
            const arrived = new Promise<void>((resolve) => (wake = resolve));
            const first = fresh.subscribe("first", onMessage);
            const second = fresh.subscribe("second", onMessage);
            // Whichever resolves is subscribed: publish at once, before awaiting the other.
            const unsubscribeSecond = await second;
            await fresh.publish("second", "b");
            const unsubscribeFirst = await first;
            await fresh.publish("first", "a");
            await withTimeout(arrived, 3000);
            assert.deepStrictEqual(got.sort(), ["a", "b"]);
            const unsubscribes = [unsubscribeFirst, unsubscribeSecond];
            for (const unsubscribe of unsubscribes) await unsubscribe();
          } finally {
            await fresh.close();
          }
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
