/** One counted hit: how many hits the key has in its current window, and how long until that window ends. */
export interface RateLimitHit {
  count: number;
  /** Milliseconds until the window resets. */
  resetMs: number;
}

/**
 * Where hit counts live: `MemoryRateLimitStore` for one process, `RedisRateLimitStore` to share limits across
 * processes and machines. A fixed window per key: the first hit starts it, the count resets when it ends.
 */
export interface RateLimitStore {
  hit(key: string, windowMs: number): RateLimitHit | Promise<RateLimitHit>;
}
