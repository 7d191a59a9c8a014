import type { Redis, RedisOptions } from "ioredis";
import { importOptional } from "../optional-package.ts";
import type { ReconnectOptions } from "./options.ts";
import { BroadcastError, BroadcastUnavailableError } from "./errors.ts";

export interface RedisConnectionOptions {
  commandTimeout: number;
  reconnect: Required<ReconnectOptions>;
  /**
   * Extra ioredis options (TLS, auth, …). Those the broadcast semantics depend on cannot be overridden;
   * `connectionName` gets a `-command` / `-subscriber` suffix.
   */
  redis: RedisOptions | Record<string, unknown>;
  onError: (error: Error) => void;
}

/**
 * One ioredis connection, configured so nothing waits for Redis forever: commands are refused while the
 * connection is down (no offline queue), in-flight ones fail when it drops (no retries, no resend — a resent
 * PUBLISH could be delivered twice), and every command has a timeout. Reconnection itself never gives up.
 * Subscriptions are restored by the backend, not by ioredis, so the backend alone decides what is subscribed.
 */
export async function createRedisClient(url: string, role: "command" | "subscriber", options: RedisConnectionOptions): Promise<Redis> {
  const { Redis } = await importOptional("ioredis", "A redis:// Broadcast", () => import("ioredis"));
  const client = new Redis(url, {
    ...(options.redis as RedisOptions),
    connectionName: `${(options.redis as RedisOptions).connectionName ?? "skiff-broadcast"}-${role}`,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    autoResubscribe: false,
    commandTimeout: options.commandTimeout,
    retryStrategy: backoff(options.reconnect),
  });
  client.on("error", options.onError);
  return client;
}

export function backoff({ minDelay, maxDelay }: Required<ReconnectOptions>): (attempt: number) => number {
  return (attempt) => {
    const delay = Math.min(maxDelay, minDelay * 2 ** Math.min(attempt - 1, 30));
    return Math.round(delay + Math.random() * delay * 0.1);
  };
}

/** `host:port/db` of a Redis URL, without credentials, for error messages. */
export function describeEndpoint(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}${parsed.pathname === "/" ? "" : parsed.pathname}`;
}

/** Redis answered with an error (a bug or a configuration problem), as opposed to not answering. */
export function isReplyError(error: unknown): boolean {
  return error instanceof Error && error.name === "ReplyError";
}

/** Quits politely when connected (pending replies arrive first), then drops the socket and any reconnect timer. */
export async function closeRedisClient(client: Redis): Promise<void> {
  if (client.status === "ready") await client.quit().catch(() => {});
  client.disconnect();
}

/**
 * Runs `command` only when `client` is connected, translating failures: no answer (down, timed out, dropped) →
 * {@link BroadcastUnavailableError}; an error reply → {@link BroadcastError}.
 */
export async function runWhenReady<T>(client: Redis | undefined, endpoint: string, what: string, command: (client: Redis) => Promise<T>): Promise<T> {
  if (!client) throw new BroadcastError("Broadcast is not connected: call `await broadcast.connect()` first");
  if (client.status !== "ready") {
    throw new BroadcastUnavailableError(`Redis at ${endpoint} is unavailable (${client.status}): ${what} failed`);
  }
  try {
    return await command(client);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (isReplyError(error)) throw new BroadcastError(`Redis refused ${what}: ${reason}`, { cause: error });
    throw new BroadcastUnavailableError(`Redis at ${endpoint} is unavailable: ${what} failed (${reason})`, { cause: error });
  }
}
