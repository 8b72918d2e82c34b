/**
 * `Cache` over Redis with node-redis: one client for commands, a duplicate for subscriptions.
 * While Redis is unreachable the calls degrade as `cache.ts` describes, and nothing throws
 * out of the client's 'error' events.
 *
 * @module
 */
import { createClient } from "redis";
import {
  type Cache,
  normalizeTtlMs,
  type RateLimitResult,
  rateLimitResult,
} from "./cache_interface.ts";
import { logJson, type LogSink, throttledLog } from "./log.ts";
import { withTimeout } from "./timeout.ts";
import { type MemoryCache, openMemoryCache } from "./cache_memory.ts";

/** Options for {@link openRedisCache}. */
export interface RedisCacheOptions {
  /** Prefix for every key and channel (default `"kic:"`). */
  keyPrefix?: string;
  /** Where warnings go. */
  log?: LogSink;
  /** How long open waits for the first connection before going on degraded (default 3000). */
  connectTimeoutMs?: number;
}

/** Deletes the lock key only when it still holds our token. */
const RELEASE_SCRIPT =
  `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

/**
 * Fixed-window counter: INCR, start the window on the first call, return [count, PTTL]. A
 * script rather than `PEXPIRE … NX`, which needs Redis 7. A counter without expiry (left by
 * something else) gets the window too, so it cannot block for ever.
 */
const RATE_LIMIT_SCRIPT = `local count = redis.call("incr", KEYS[1])
if count == 1 then redis.call("pexpire", KEYS[1], ARGV[1]) end
local ttl = redis.call("pttl", KEYS[1])
if ttl < 0 then
  redis.call("pexpire", KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}`;

function makeClient(url: string) {
  return createClient({
    url,
    // Fail commands at once while disconnected instead of queueing them for ever.
    disableOfflineQueue: true,
    socket: {
      connectTimeout: 2000,
      reconnectStrategy: (retries: number) =>
        Math.min(100 * 2 ** retries, 5000),
    },
  });
}

type Client = ReturnType<typeof makeClient>;

/**
 * Connects to Redis. When Redis cannot be reached within `connectTimeoutMs` the cache is
 * returned anyway, degraded, and keeps reconnecting in the background.
 */
export async function openRedisCache(
  url: string,
  options: RedisCacheOptions = {},
): Promise<Cache> {
  const log = throttledLog(options.log ?? logJson);
  const client = makeClient(url);
  client.on("error", (error: Error) => {
    log("warn", "redis error", {
      error: error.message,
      host: new URL(url).host,
    });
  });
  const connecting = client.connect().catch((error: Error) => {
    log("warn", "redis connect failed", { error: error.message });
  });
  await withTimeout(connecting, options.connectTimeoutMs ?? 3000, () => {});
  if (!client.isReady) {
    log(
      "warn",
      "redis not reachable at start; the cache runs degraded until it is",
      {
        host: new URL(url).host,
      },
    );
  }
  return new RedisCache(client, options.keyPrefix ?? "kic:", log);
}

class RedisCache implements Cache {
  readonly kind = "redis" as const;
  #client: Client;
  #subscriber: Client | null = null;
  #subscriberReady: Promise<Client> | null = null;
  #prefix: string;
  #log: LogSink;
  /** Counts rate limits on this process alone while Redis cannot. */
  #fallback: MemoryCache;

  constructor(client: Client, prefix: string, log: LogSink) {
    this.#client = client;
    this.#prefix = prefix;
    this.#log = log;
    this.#fallback = openMemoryCache({ keyPrefix: prefix });
  }

  async get(key: string): Promise<string | null> {
    try {
      return await this.#client.get(this.#prefix + key);
    } catch (error) {
      this.#warn("get", error);
      return null;
    }
  }

  async set(key: string, value: string, ttlMs?: number): Promise<void> {
    const px = ttlMs === undefined ? undefined : normalizeTtlMs(ttlMs);
    try {
      await this.#client.set(
        this.#prefix + key,
        value,
        px === undefined
          ? undefined
          : { expiration: { type: "PX", value: px } },
      );
    } catch (error) {
      this.#warn("set", error);
    }
  }

  async del(key: string): Promise<void> {
    try {
      // A counter the fallback kept during an outage is reset with the Redis one.
      await this.#fallback.del(key);
      await this.#client.del(this.#prefix + key);
    } catch (error) {
      this.#warn("del", error);
    }
  }

  async lock(
    key: string,
    ttlMs: number,
  ): Promise<(() => Promise<void>) | null> {
    const px = normalizeTtlMs(ttlMs);
    const full = this.#prefix + key;
    const token = crypto.randomUUID();
    try {
      const ok = await this.#client.set(full, token, {
        condition: "NX",
        expiration: { type: "PX", value: px },
      });
      if (ok !== "OK") return null;
    } catch (error) {
      this.#warn("lock", error);
      return null;
    }
    return async () => {
      try {
        await this.#client.eval(RELEASE_SCRIPT, {
          keys: [full],
          arguments: [token],
        });
      } catch (error) {
        // The lock expires by itself after ttlMs.
        this.#warn("unlock", error);
      }
    };
  }

  async rateLimit(
    key: string,
    limit: number,
    windowMs: number,
  ): Promise<RateLimitResult> {
    const window = normalizeTtlMs(windowMs);
    const full = this.#prefix + key;
    try {
      const [count, ttl] = await this.#client.eval(RATE_LIMIT_SCRIPT, {
        keys: [full],
        arguments: [String(window)],
      }) as [number, number];
      return rateLimitResult({
        count: Number(count),
        limit,
        msLeft: Number(ttl),
      });
    } catch (error) {
      this.#warn("rateLimit (counting on this process)", error);
      return await this.#fallback.rateLimit(key, limit, windowMs);
    }
  }

  async publish(channel: string, message: string): Promise<void> {
    try {
      await this.#client.publish(this.#prefix + channel, message);
    } catch (error) {
      this.#warn("publish", error);
    }
  }

  async subscribe(
    channel: string,
    onMessage: (message: string) => void,
  ): Promise<() => Promise<void>> {
    const subscriber = await this.#subscriberClient();
    const full = this.#prefix + channel;
    const listener = (message: string) => {
      try {
        onMessage(message);
      } catch (error) {
        this.#log("error", "cache subscriber threw", {
          channel,
          error: String(error),
        });
      }
    };
    const subscribing = subscriber.subscribe(full, listener);
    // Connected: wait until subscribed. Disconnected: the command waits in the subscriber's
    // queue and runs (like every known subscription) once Redis is back.
    if (subscriber.isReady) await subscribing;
    else subscribing.catch((error) => this.#warn("subscribe", error));
    return async () => {
      const unsubscribing = subscriber.unsubscribe(full, listener);
      if (subscriber.isReady) {
        await unsubscribing.catch((error) => this.#warn("unsubscribe", error));
      } else {
        unsubscribing.catch((error) => this.#warn("unsubscribe", error));
      }
    };
  }

  async ping(): Promise<boolean> {
    try {
      return (await this.#client.ping()) === "PONG";
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.#fallback.close();
    await Promise.all([this.#client, this.#subscriber].map(async (client) => {
      if (!client) return;
      if (client.isReady) await client.close().catch(() => client.destroy());
      else if (client.isOpen) client.destroy();
    }));
  }

  /** One connect for every caller: concurrent first subscribes all wait for the same one. */
  #subscriberClient(): Promise<Client> {
    if (!this.#subscriberReady) {
      const ready = this.#connectSubscriber();
      this.#subscriberReady = ready;
      // A failed connect (Redis up, subscriber refused) is retried by the next subscribe.
      ready.catch(() => {
        if (this.#subscriberReady === ready) {
          this.#subscriberReady = null;
          this.#subscriber = null;
        }
      });
    }
    return this.#subscriberReady;
  }

  async #connectSubscriber(): Promise<Client> {
    // The duplicate keeps the offline queue, so subscriptions survive an outage.
    const subscriber = this.#client.duplicate({ disableOfflineQueue: false });
    subscriber.on("error", (error: Error) => {
      this.#log("warn", "redis subscriber error", { error: error.message });
    });
    this.#subscriber = subscriber;
    if (this.#client.isReady) {
      try {
        await subscriber.connect();
      } catch (error) {
        try {
          subscriber.destroy();
        } catch {
          // Never opened.
        }
        throw error;
      }
    } else {
      subscriber.connect().catch((error: Error) =>
        this.#warn("subscriber connect", error)
      );
    }
    return subscriber;
  }

  #warn(op: string, error: unknown): void {
    this.#log("warn", `redis ${op} failed`, {
      error: (error as Error)?.message ?? String(error),
    });
  }
}
