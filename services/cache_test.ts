import assert from "node:assert/strict";
import { openCache } from "./cache.ts";
import { cacheContract } from "./testing/cache_contract.ts";
import { openMemoryCache } from "./cache_memory.ts";
import { openRedisCache } from "./cache_redis.ts";
import { logNothing } from "./log.ts";
import { testConfig, testRedisUrl } from "./testing/mod.ts";

const redisUrl = testRedisUrl();

cacheContract(
  "memory",
  (keyPrefix) => Promise.resolve(openMemoryCache({ keyPrefix })),
);
cacheContract(
  "redis",
  (keyPrefix) => openRedisCache(redisUrl!, { keyPrefix, log: logNothing }),
  { ignore: !redisUrl },
);

Deno.test("Cache: openCache picks memory without REDIS_URL", async () => {
  const config = testConfig();
  const cache = await openCache(config);
  assert.equal(cache.kind, "memory");
  await cache.close();
  await Deno.remove(config.dataDir, { recursive: true });
});

Deno.test("Cache: the memory cache keeps prefixes apart", async () => {
  const a = openMemoryCache({ keyPrefix: "a:" });
  await a.set("k", "1");
  assert.equal(await a.get("k"), "1");
  await a.close();
  await assert.rejects(async () => await a.get("k"), /closed/);
});

Deno.test("Cache: the memory cache's sweep counts rateLimit writes", async () => {
  const cache = openMemoryCache();
  try {
    for (let i = 0; i < 1000; i++) await cache.rateLimit(`short:${i}`, 5, 1);
    await new Promise((r) => setTimeout(r, 10));
    for (let i = 0; i < 1000; i++) {
      await cache.rateLimit(`long:${i}`, 5, 60_000);
    }
    // The 2000th write swept the expired short windows; only the live ones remain.
    assert.equal(cache.size, 1000);
  } finally {
    await cache.close();
  }
});

Deno.test("Cache: an unreachable Redis degrades instead of crashing", async () => {
  const lines: string[] = [];
  // Port 1 refuses connections.
  const cache = await openRedisCache("redis://127.0.0.1:1", {
    keyPrefix: "x:",
    connectTimeoutMs: 300,
    log: (_level, msg) => lines.push(msg),
  });
  try {
    assert.equal(cache.kind, "redis");
    assert.equal(await cache.ping(), false);
    assert.equal(await cache.get("k"), null);
    await cache.set("k", "v", 1000);
    await cache.del("k");
    await cache.publish("c", "m");
    assert.equal(await cache.lock("l", 1000), null);
    assert.deepStrictEqual(await cache.rateLimit("r", 5, 1000), {
      allowed: true,
      remaining: 4,
      retryAfterMs: 0,
    });
    const unsubscribe = await cache.subscribe("c", () => {});
    await unsubscribe();
    assert.ok(lines.some((l) => l.includes("redis")), "logged");
  } finally {
    await cache.close();
  }
});

Deno.test("Cache: with Redis unreachable, rate limits count on this process instead of allowing all", async () => {
  const cache = await openRedisCache("redis://127.0.0.1:1", {
    keyPrefix: "x:",
    connectTimeoutMs: 100,
    log: logNothing,
  });
  try {
    const window = 15 * 60_000;
    const results = [];
    for (let i = 0; i < 6; i++) {
      results.push(await cache.rateLimit("login:acct:kim", 5, window));
    }
    assert.deepEqual(results.map((r) => r.allowed), [
      true,
      true,
      true,
      true,
      true,
      false,
    ]);
    assert.ok(results[5].retryAfterMs > window - 5_000);
    // Another key has its own budget, and del resets the fallback's counter.
    assert.equal(
      (await cache.rateLimit("login:acct:lee", 5, window)).allowed,
      true,
    );
    await cache.del("login:acct:kim");
    assert.equal(
      (await cache.rateLimit("login:acct:kim", 5, window)).allowed,
      true,
    );
  } finally {
    await cache.close();
  }
});

/** A TCP proxy to Redis that the test can cut and restore, to simulate an outage. */
function startProxy(target: { hostname: string; port: number }, port = 0) {
  const listener = Deno.listen({ hostname: "127.0.0.1", port });
  const open = new Set<Deno.Conn>();
  const pipe = async (from: Deno.Conn, to: Deno.Conn) => {
    try {
      await from.readable.pipeTo(to.writable);
    } catch {
      // Cut by close().
    }
  };
  const accepting = (async () => {
    for await (const client of listener) {
      const server = await Deno.connect(target);
      open.add(client).add(server);
      pipe(client, server);
      pipe(server, client);
    }
  })().catch(() => {});
  return {
    port: (listener.addr as Deno.NetAddr).port,
    async close() {
      listener.close();
      for (const conn of open) {
        try {
          conn.close();
        } catch {
          // Already closed.
        }
      }
      open.clear();
      await accepting;
    },
  };
}

Deno.test({
  name: "Cache: Redis going away and coming back (outage mid-run)",
  ignore: !redisUrl,
  // The piped streams of the cut proxy finish after the test body.
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const target = new URL(redisUrl!);
    const redis = {
      hostname: target.hostname,
      port: Number(target.port || 6379),
    };
    let proxy = startProxy(redis);
    const port = proxy.port;
    const cache = await openRedisCache(`redis://127.0.0.1:${port}`, {
      keyPrefix: `kic-test:${crypto.randomUUID()}:`,
      log: logNothing,
    });
    try {
      await cache.set("k", "v", 10_000);
      assert.equal(await cache.get("k"), "v");
      await proxy.close();
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(await cache.ping(), false);
      assert.equal(await cache.get("k"), null);
      assert.equal((await cache.rateLimit("r", 1, 1000)).allowed, true);
      proxy = startProxy(redis, port);
      let up = false;
      for (let i = 0; i < 50 && !up; i++) {
        await new Promise((r) => setTimeout(r, 100));
        up = await cache.ping();
      }
      assert.ok(up, "reconnected");
      assert.equal(await cache.get("k"), "v");
    } finally {
      await cache.close();
      await proxy.close();
    }
  },
});
