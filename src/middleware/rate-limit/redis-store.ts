import { createHash } from "node:crypto";
import { importOptional } from "../../optional-package.ts";
import type { RateLimitHit, RateLimitStore } from "./store.ts";

// INCR and the expiry in one round trip, atomically; a key left without a TTL (a crash between the two in an
// older scheme, or a manual SET) gets one on its next hit instead of limiting forever.
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return { count, ttl }
`;
const HIT_SHA = createHash("sha1").update(HIT_SCRIPT).digest("hex");

/**
 * Options of `new RedisRateLimitStore()`.
 */
export interface RedisRateLimitStoreOptions {
  /** Key prefix, so limits of several apps can share a Redis. Default `skiff:ratelimit:`. */
  prefix?: string;
}

/**
 * Hit counts in Redis, shared by every process and machine using it (one Lua script per hit: INCR + PEXPIRE).
 * Pass an ioredis client you own (anything with its `eval`/`evalsha`/`quit`/`disconnect`), or a URL (the store then owns the client: call `close()`).
 * @example
 * const store = new RedisRateLimitStore(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
 * app.use(rateLimit({ max: 100, windowMs: 60_000, store }));
 */
/** What the store uses of an ioredis client: typed here so that apps without ioredis type-check. */
export interface RedisScriptClient {
  eval(script: string, keys: number, ...args: Array<string | number>): Promise<unknown>;
  evalsha(sha: string, keys: number, ...args: Array<string | number>): Promise<unknown>;
  quit(): Promise<unknown>;
  disconnect(): void;
}

/**
 * A `rateLimit()` store in Redis, shared by every process and machine that uses it.
 */
export class RedisRateLimitStore implements RateLimitStore {
  private client: RedisScriptClient | Promise<RedisScriptClient>;
  private readonly prefix: string;
  private readonly owned: boolean;

  constructor(redis: RedisScriptClient | string, options: RedisRateLimitStoreOptions = {}) {
    this.owned = typeof redis === "string";
    this.client = typeof redis === "string" ? connect(redis) : redis;
    this.prefix = options.prefix ?? "skiff:ratelimit:";
  }

  async hit(key: string, windowMs: number): Promise<RateLimitHit> {
    const client = await this.client;
    const full = this.prefix + key;
    let reply: unknown;
    try {
      reply = await client.evalsha(HIT_SHA, 1, full, windowMs);
    } catch (error) {
      if (!String((error as Error).message).startsWith("NOSCRIPT")) throw error;
      reply = await client.eval(HIT_SCRIPT, 1, full, windowMs);
    }
    const [count, ttl] = reply as [number, number];
    return { count: Number(count), resetMs: Number(ttl) };
  }

  /** Closes the client if the store created it. */
  async close(): Promise<void> {
    if (!this.owned) return;
    const client = await this.client;
    await client.quit().catch(() => client.disconnect());
  }
}

// ioredis is loaded only by apps that use Redis: `import "skiffjs"` should not pay for it.
async function connect(url: string): Promise<RedisScriptClient> {
  const { Redis } = await importOptional("ioredis", "RedisRateLimitStore with a URL", () => import("ioredis"));
  // Fails fast while Redis is down, so the limiter can let requests through instead of queueing them.
  const client = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 1000 });
  client.on("error", () => {});
  // Without an offline queue the first command would fail while the connection is still being made.
  await new Promise<void>((resolve) => {
    client.once("ready", resolve);
    client.once("error", () => resolve());
  });
  return client;
}
