/**
 * Cache, locks, rate limits and pub/sub behind one small interface: Redis (`REDIS_URL`) or an
 * in-process implementation for a single process.
 *
 * The Redis implementation degrades instead of failing while Redis is unreachable: `get`
 * returns null (a miss), `set`/`del`/`publish` are dropped, `lock` returns null (as if held
 * elsewhere) — each logged — and `ping()` returns false. `rateLimit` never fails open: it counts
 * in this process instead (a per-pod limit, so with N pods up to N × `limit` calls get through).
 * Callers must treat the cache as an optimisation, never as the source of truth.
 *
 * @module
 */
import type { Cache } from "./cache_interface.ts";
import type { Config } from "./config.ts";
import { logJson, logNothing, type LogSink } from "./log.ts";

export type {
  Cache,
  RateLimitResult,
  RateLimitWindow,
} from "./cache_interface.ts";
export { normalizeTtlMs, rateLimitResult } from "./cache_interface.ts";

/** Options for {@link openCache}. */
export interface OpenCacheOptions {
  /** Where warnings go (default: JSON lines; nothing in test mode). */
  log?: LogSink;
}

/** Opens the cache the config names: Redis for `REDIS_URL`, else the in-process one. */
export async function openCache(
  config: Config,
  options: OpenCacheOptions = {},
): Promise<Cache> {
  const log = options.log ?? (config.mode === "test" ? logNothing : logJson);
  if (config.cache.kind === "redis") {
    const { openRedisCache } = await import("./cache_redis.ts");
    return await openRedisCache(config.cache.url, {
      keyPrefix: config.cache.keyPrefix,
      log,
    });
  }
  const { openMemoryCache } = await import("./cache_memory.ts");
  return openMemoryCache({ keyPrefix: config.cache.keyPrefix });
}
