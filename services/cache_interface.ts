/**
 * The `Cache` interface and the helpers both implementations share (`cache_memory.ts`,
 * `cache_redis.ts`). `cache.ts` opens one of them; both import this file, never `cache.ts`.
 *
 * @module
 */

/** Outcome of one {@link Cache.rateLimit} call. */
export interface RateLimitResult {
  /** Whether this call is within the limit. */
  allowed: boolean;
  /** Calls left in the current window. */
  remaining: number;
  /** Milliseconds until the window resets when not allowed (0 when allowed). */
  retryAfterMs: number;
}

/** The cache interface. Every key and channel is prefixed with the configured key prefix. */
export interface Cache {
  /** Which implementation this is. */
  readonly kind: "redis" | "memory";
  /** The value, or null when missing or expired. */
  get(key: string): Promise<string | null>;
  /** Stores a value, optionally expiring after `ttlMs` (see {@link normalizeTtlMs}). */
  set(key: string, value: string, ttlMs?: number): Promise<void>;
  /** Removes a key. */
  del(key: string): Promise<void>;
  /**
   * Takes a lock with a TTL; returns a release function (which only releases if still the
   * owner) or null when held elsewhere.
   */
  lock(key: string, ttlMs: number): Promise<(() => Promise<void>) | null>;
  /** Fixed-window counter limit: at most `limit` calls per `windowMs` for `key`. */
  rateLimit(
    key: string,
    limit: number,
    windowMs: number,
  ): Promise<RateLimitResult>;
  /** Sends a message to every subscriber of `channel` (on every process, with Redis). */
  publish(channel: string, message: string): Promise<void>;
  /** Subscribes to `channel`; resolves once subscribed; returns an unsubscribe function. */
  subscribe(
    channel: string,
    onMessage: (message: string) => void,
  ): Promise<() => Promise<void>>;
  /** True when the backend answers. Never throws. */
  ping(): Promise<boolean>;
  /** Closes connections; later calls fail. */
  close(): Promise<void>;
}

/**
 * A TTL (ms) as both implementations use it: whole milliseconds, at least 1 (Redis rejects
 * fractional and zero expiries), so `0` or `0.5` mean "expire at once" on both.
 *
 * @throws RangeError when `ttlMs` is not a finite number
 */
export function normalizeTtlMs(ttlMs: number): number {
  if (typeof ttlMs !== "number" || !Number.isFinite(ttlMs)) {
    throw new RangeError(
      `Invalid cache TTL ${ttlMs}: use a finite number of ms.`,
    );
  }
  return Math.max(1, Math.ceil(ttlMs));
}

/** Where a fixed window stands after one more call: see {@link rateLimitResult}. */
export interface RateLimitWindow {
  /** Calls in the window, this one included. */
  count: number;
  /** Calls allowed per window. */
  limit: number;
  /** Milliseconds until the window resets. */
  msLeft: number;
}

/**
 * Shared rate-limit arithmetic: the result for the `count`-th call of a window.
 *
 * @example
 * ```ts
 * rateLimitResult({ count: 6, limit: 5, msLeft: 1000 }); // { allowed: false, remaining: 0, retryAfterMs: 1000 }
 * ```
 */
export function rateLimitResult(window: RateLimitWindow): RateLimitResult {
  const { count, limit, msLeft } = window;
  const allowed = count <= limit;
  return {
    allowed,
    remaining: Math.max(0, limit - count),
    retryAfterMs: allowed ? 0 : Math.max(0, msLeft),
  };
}
