import type { RateLimitHit, RateLimitStore } from "./store.ts";

interface Window {
  count: number;
  resetAt: number;
}

/**
 * Hit counts in this process's memory. Expired windows are swept as hits arrive, so memory follows the number of
 * active clients, not every client ever seen.
 * @example app.use(rateLimit({ max: 100, windowMs: 60_000, store: new MemoryRateLimitStore() }))
 */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly windows = new Map<string, Window>();
  private nextSweep = 0;

  constructor(private readonly now: () => number = Date.now) {}

  hit(key: string, windowMs: number): RateLimitHit {
    const now = this.now();
    if (now >= this.nextSweep) this.sweep(now, windowMs);
    let window = this.windows.get(key);
    if (window === undefined || window.resetAt <= now) {
      window = { count: 0, resetAt: now + windowMs };
      this.windows.set(key, window);
    }
    window.count += 1;
    return { count: window.count, resetMs: window.resetAt - now };
  }

  /** Number of keys with a live window (for tests and metrics). */
  get size(): number {
    return this.windows.size;
  }

  private sweep(now: number, windowMs: number): void {
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
    this.nextSweep = now + windowMs;
  }
}
