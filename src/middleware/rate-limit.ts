import { HTTPException } from "../http/exceptions.ts";
import type { Request } from "../http/request.ts";
import type { Response } from "../responses/response.ts";
import { websocketAware, type Middleware } from "./compose.ts";
import { MemoryRateLimitStore } from "./rate-limit/memory-store.ts";
import type { RateLimitHit, RateLimitStore } from "./rate-limit/store.ts";

/**
 * Options of `rateLimit()`: how many requests a key may make per window, and where counts are kept.
 */
export interface RateLimitOptions {
  /** Length of a window in milliseconds. Default 60 000. */
  windowMs?: number;
  /** Requests allowed per key per window. Default 60. */
  max?: number;
  /** What is limited: default the client's address. Return `null` to let a request through uncounted. */
  key?: (request: Request) => string | null | Promise<string | null>;
  /** Default a `MemoryRateLimitStore` (per process); `RedisRateLimitStore` shares limits between processes. */
  store?: RateLimitStore;
  /** When the store fails (Redis down): let requests through (default, logged) or answer 503. */
  onStoreError?: "allow" | "reject";
}

/**
 * Limits requests per key (default: per client address) in fixed windows. Over the limit → 429
 * `{"detail":"Too Many Requests"}` with `retry-after`; every response carries `x-ratelimit-limit`,
 * `x-ratelimit-remaining` and `x-ratelimit-reset` (seconds). WebSocket handshakes count too.
 * @example app.use(rateLimit({ windowMs: 60_000, max: 100, key: (request) => request.headers.get("x-api-key") ?? request.client.host }))
 */
export function rateLimit(options: RateLimitOptions = {}): Middleware {
  const windowMs = options.windowMs ?? 60_000;
  const max = options.max ?? 60;
  const keyOf = options.key ?? ((request: Request) => request.client.host);
  const store = options.store ?? new MemoryRateLimitStore();
  const rejectOnError = options.onStoreError === "reject";

  return websocketAware(async (request, next) => {
    const key = await keyOf(request);
    if (key === null) return next(request);
    let hit: RateLimitHit;
    try {
      hit = await store.hit(key, windowMs);
    } catch (error) {
      request.app.logger.warn({ err: error, requestId: request.id }, "Rate limit store failed");
      if (rejectOnError) return request.app.renderError(new HTTPException(503, "Service Unavailable"), request);
      return next(request);
    }
    const headers = limitHeaders(max, hit);
    if (hit.count > max) {
      headers["retry-after"] = headers["x-ratelimit-reset"];
      return request.app.renderError(new HTTPException(429, "Too Many Requests", headers), request);
    }
    const response: Response = await next(request);
    for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
    return response;
  });
}

function limitHeaders(max: number, hit: RateLimitHit): Record<string, string> {
  return {
    "x-ratelimit-limit": String(max),
    "x-ratelimit-remaining": String(Math.max(0, max - hit.count)),
    "x-ratelimit-reset": String(Math.max(1, Math.ceil(hit.resetMs / 1000))),
  };
}
