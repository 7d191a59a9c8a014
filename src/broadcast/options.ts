import type { BroadcastBackend } from "./backend.ts";
import { MemoryBackend } from "./memory.ts";
import type { PresenceOptions } from "./presence.ts";
import { RedisBackend } from "./redis.ts";
import type { OverflowPolicy } from "./subscription.ts";

/** Reconnection backoff: `minDelay` doubling per attempt up to `maxDelay` (ms), plus up to 10% jitter. */
export interface ReconnectOptions {
  minDelay?: number;
  maxDelay?: number;
}

/**
 * Options of `new Broadcast(url, options)`. Each one set here wins over the same setting in the URL.
 * @example
 * new Broadcast("rediss://cache.internal:6380/0", {
 *   streams: { maxLength: 5000 },
 *   presence: { ttl: 15_000 },
 *   overflow: "dropOldest",
 *   redis: { password: process.env.REDIS_PASSWORD },
 *   onError: (error) => logger.warn({ err: error }, "broadcast"),
 * });
 */
export interface BroadcastOptions {
  /**
   * Keep each channel's recent messages so `subscribe(channel, { since })` can replay them: a capped Redis
   * Stream per channel on `redis://` (XADD MAXLEN ~ maxLength), an in-process log on `memory://`.
   * URL form: `?streams=1&maxlen=1000`. Default off; `maxLength` defaults to 1000.
   */
  streams?: boolean | { maxLength?: number };
  /** Prefix of every Redis name (Pub/Sub channels, stream and presence keys). URL form `?prefix=`. Default `"skiff:"`. */
  prefix?: string;
  /** Presence member expiry and heartbeat. */
  presence?: PresenceOptions;
  /** Default queue size of each subscription. Default 1000. */
  bufferSize?: number;
  /** Default overflow policy of each subscription. Default `"error"`. */
  overflow?: OverflowPolicy;
  /** Longest wait (ms) for any Redis reply before failing with `BroadcastUnavailableError`. Default 2000. */
  commandTimeout?: number;
  /** Reconnection backoff (ms) after losing Redis. Default `{ minDelay: 50, maxDelay: 2000 }`. */
  reconnect?: ReconnectOptions;
  /**
   * Extra ioredis options (TLS certificates, username/password, family, …), passed to ioredis as they are. Typed
   * loosely so that apps without ioredis installed type-check; use ioredis's `RedisOptions` to check them.
   */
  redis?: Record<string, unknown>;
  /** Receives connection errors (Redis down, reconnect failures) and failed presence heartbeats. Default: ignore. */
  onError?: (error: Error) => void;
}

const OWN_URL_PARAMS = ["streams", "maxlen", "prefix"];

/** Picks and configures the backend named by the URL's scheme. */
export function createBackend(url: string, options: BroadcastOptions): BroadcastBackend {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError(`Invalid broadcast URL ${JSON.stringify(url)}: expected memory://, redis://host:port/db or rediss://…`);
  }
  const streams = resolveStreams(parsed.searchParams, options.streams);
  if (parsed.protocol === "memory:") return new MemoryBackend({ streams });
  if (parsed.protocol !== "redis:" && parsed.protocol !== "rediss:") {
    throw new TypeError(`Unsupported broadcast URL scheme "${parsed.protocol}": use memory://, redis:// or rediss://`);
  }
  const prefix = options.prefix ?? parsed.searchParams.get("prefix") ?? "skiff:";
  for (const name of OWN_URL_PARAMS) parsed.searchParams.delete(name);
  return new RedisBackend(parsed.toString(), {
    prefix,
    streams,
    commandTimeout: options.commandTimeout ?? 2000,
    reconnect: { minDelay: options.reconnect?.minDelay ?? 50, maxDelay: options.reconnect?.maxDelay ?? 2000 },
    redis: options.redis ?? {},
    onError: options.onError ?? (() => {}),
  });
}

function resolveStreams(params: URLSearchParams, option: BroadcastOptions["streams"]): { maxLength: number } | false {
  const enabled = option === undefined ? ["1", "true", "yes", "on"].includes(params.get("streams") ?? "") : option !== false;
  if (!enabled) return false;
  const fromUrl = params.get("maxlen");
  const maxLength = (typeof option === "object" ? option.maxLength : undefined) ?? (fromUrl === null ? 1000 : Number(fromUrl));
  if (!Number.isInteger(maxLength) || maxLength < 1) throw new RangeError("streams maxLength must be a positive integer");
  return { maxLength };
}
