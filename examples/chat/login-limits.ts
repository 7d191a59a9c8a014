// Rate limits on POST /token: per client address (one machine trying many users) and per username (many machines
// trying one user). Both are Skiff's rateLimit(); their counts live in Redis when the chat does, so every instance
// shares them. Over a limit: 429 {"detail":"Too Many Requests"} with Retry-After.
import { MemoryRateLimitStore, RedisRateLimitStore, rateLimit, type Middleware, type RateLimitStore, type Request } from "skiffjs";
import { redisTarget } from "./store.ts";

export interface LoginLimits {
  /** Attempts per client address per window. */
  perAddress: number;
  /** Attempts per username per window. */
  perUsername: number;
  windowSeconds: number;
}

function isLogin(request: Request): boolean {
  return request.method === "POST" && request.path === "/token";
}

/**
 * The username a login names. Only the OAuth2 encoding (urlencoded) is read here: logins in any other encoding share
 * one bucket, so switching encodings cannot dodge the per-username limit.
 */
async function usernameOf(request: Request): Promise<string> {
  if (!(request.headers.get("content-type") ?? "").toLowerCase().startsWith("application/x-www-form-urlencoded")) return "\0other-encoding";
  return new URLSearchParams(await request.text()).get("username") ?? "";
}

/** Where login and say counts live: Redis (the chat's own server and prefix) when BROADCAST_URL is redis://. */
export function counterStore(broadcastUrl: string): RateLimitStore & { close?(): Promise<void> } {
  const redis = redisTarget(broadcastUrl);
  return redis ? new RedisRateLimitStore(redis.url, { prefix: `${redis.prefix}chat:limits:` }) : new MemoryRateLimitStore();
}

export function loginRateLimits(limits: LoginLimits, store: RateLimitStore): Middleware[] {
  const windowMs = limits.windowSeconds * 1000;
  return [
    rateLimit({ windowMs, max: limits.perAddress, store, key: (request) => (isLogin(request) ? `login-address:${request.client.host}` : null) }),
    rateLimit({
      windowMs,
      max: limits.perUsername,
      store,
      key: async (request) => (isLogin(request) ? `login-user:${await usernameOf(request)}` : null),
    }),
  ];
}
