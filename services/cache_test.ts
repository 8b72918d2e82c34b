import assert from "node:assert/strict";
import { openCache } from "./cache.ts";
import { cacheContract } from "./cache_contract.ts";
import { openMemoryCache } from "./cache_memory.ts";
import { openRedisCache } from "./cache_redis.ts";
import { logNothing } from "./log.ts";
import { testConfig, testRedisUrl } from "./testing.ts";

const redisUrl = testRedisUrl();

cacheContract("memory", (keyPrefix) => Promise.resolve(openMemoryCache({ keyPrefix })));
cacheContract(
  "redis",
  (keyPrefix) => openRedisCache(redisUrl!, { keyPrefix, log: logNothing }),
  !redisUrl,
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
      remaining: 5,
      retryAfterMs: 0,
    });
    const unsubscribe = await cache.subscribe("c", () => {});
    await unsubscribe();
    assert.ok(lines.some((l) => l.includes("redis")), "logged");
  } finally {
    await cache.close();
  }
});
