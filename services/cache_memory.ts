/**
 * The in-process `Cache`: a Map with lazy expiry and local pub/sub. It serves one process
 * only (locks and messages do not reach other processes), which is what the embedded
 * development setup needs.
 *
 * @module
 */
import {
  type Cache,
  normalizeTtlMs,
  rateLimitResult,
} from "./cache_interface.ts";

/** Options for {@link openMemoryCache}. */
export interface MemoryCacheOptions {
  /** Prefix for every key and channel (default `""`). */
  keyPrefix?: string;
}

interface Entry {
  value: string;
  /** Epoch ms, or Infinity for no expiry. */
  expiresAt: number;
}

/** The in-process cache, which also tells how many entries it holds (tests). */
export interface MemoryCache extends Cache {
  /** Entries held, expired ones not yet swept included. */
  readonly size: number;
}

/** Creates an empty in-process cache. */
export function openMemoryCache(options: MemoryCacheOptions = {}): MemoryCache {
  return new InProcessCache(options.keyPrefix ?? "");
}

class InProcessCache implements MemoryCache {
  readonly kind = "memory" as const;
  #prefix: string;
  #entries = new Map<string, Entry>();
  #channels = new Map<string, Set<(message: string) => void>>();
  #writes = 0;
  #closed = false;

  constructor(prefix: string) {
    this.#prefix = prefix;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: string): Promise<string | null> {
    this.#check();
    return Promise.resolve(this.#live(this.#prefix + key)?.value ?? null);
  }

  set(key: string, value: string, ttlMs?: number): Promise<void> {
    this.#check();
    this.#put(this.#prefix + key, value, ttlMs);
    return Promise.resolve();
  }

  del(key: string): Promise<void> {
    this.#check();
    this.#entries.delete(this.#prefix + key);
    return Promise.resolve();
  }

  lock(key: string, ttlMs: number): Promise<(() => Promise<void>) | null> {
    this.#check();
    ttlMs = normalizeTtlMs(ttlMs);
    const full = this.#prefix + key;
    if (this.#live(full)) return Promise.resolve(null);
    const token = crypto.randomUUID();
    this.#put(full, token, ttlMs);
    return Promise.resolve(() => {
      if (this.#live(full)?.value === token) this.#entries.delete(full);
      return Promise.resolve();
    });
  }

  rateLimit(key: string, limit: number, windowMs: number) {
    this.#check();
    windowMs = normalizeTtlMs(windowMs);
    const full = this.#prefix + key;
    const now = Date.now();
    const entry = this.#live(full);
    const count = entry ? Number(entry.value) + 1 : 1;
    const expiresAt = entry ? entry.expiresAt : now + windowMs;
    this.#entries.set(full, { value: String(count), expiresAt });
    this.#wrote();
    return Promise.resolve(
      rateLimitResult({ count, limit, msLeft: expiresAt - now }),
    );
  }

  publish(channel: string, message: string): Promise<void> {
    this.#check();
    const listeners = this.#channels.get(this.#prefix + channel);
    for (const listener of listeners ?? []) {
      // Asynchronous, like a message that travelled through Redis.
      queueMicrotask(() => {
        try {
          listener(message);
        } catch (error) {
          console.error(`Cache subscriber for ${channel} threw:`, error);
        }
      });
    }
    return Promise.resolve();
  }

  subscribe(channel: string, onMessage: (message: string) => void) {
    this.#check();
    const full = this.#prefix + channel;
    // Wrap so the same function can subscribe twice and unsubscribe each separately.
    const listener = (message: string) => onMessage(message);
    let set = this.#channels.get(full);
    if (!set) this.#channels.set(full, set = new Set());
    set.add(listener);
    return Promise.resolve(() => {
      set.delete(listener);
      if (set.size === 0 && this.#channels.get(full) === set) {
        this.#channels.delete(full);
      }
      return Promise.resolve();
    });
  }

  ping(): Promise<boolean> {
    return Promise.resolve(!this.#closed);
  }

  close(): Promise<void> {
    this.#closed = true;
    this.#entries.clear();
    this.#channels.clear();
    return Promise.resolve();
  }

  #check(): void {
    if (this.#closed) throw new Error("The cache is closed; open a new one.");
  }

  #live(full: string): Entry | undefined {
    const entry = this.#entries.get(full);
    if (entry && entry.expiresAt <= Date.now()) {
      this.#entries.delete(full);
      return undefined;
    }
    return entry;
  }

  #put(full: string, value: string, ttlMs?: number): void {
    this.#entries.set(full, {
      value,
      expiresAt: ttlMs === undefined
        ? Infinity
        : Date.now() + normalizeTtlMs(ttlMs),
    });
    this.#wrote();
  }

  /** Every write (set, lock, rateLimit) counts towards the periodic sweep of expired keys. */
  #wrote(): void {
    if (++this.#writes % 1000 === 0) this.#sweep();
  }

  #sweep(): void {
    const now = Date.now();
    for (const [key, entry] of this.#entries) {
      if (entry.expiresAt <= now) this.#entries.delete(key);
    }
  }
}
