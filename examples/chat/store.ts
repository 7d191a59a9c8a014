// Room history (the last messages, bounded by count and bytes) and the list of rooms in use, with when each was
// last used: in memory for one process, in Redis when BROADCAST_URL is redis:// so every instance sees the same.
import type { ChatMessageOut } from "./messages.ts";
import { MemoryStore } from "./memory-store.ts";
import { RedisStore } from "./redis-store.ts";

export interface HistoryLimits {
  /** Newest messages kept. */
  keep: number;
  /** Bytes of JSON kept: the oldest messages go first. */
  maxBytes: number;
  /** A history nobody wrote to for this long is deleted (Redis: its keys expire). */
  idleMs: number;
}

export interface ChatStore {
  readonly kind: "memory" | "redis";
  connect(): Promise<void>;
  close(): Promise<void>;
  /** Whether the store answers right now (readiness). */
  ping(): Promise<boolean>;
  /** Keeps `message`, then trims the room's history to its limits. */
  append(room: string, message: ChatMessageOut, limits: HistoryLimits): Promise<void>;
  /** The newest `limit` messages of a room, oldest first. */
  recent(room: string, limit: number): Promise<ChatMessageOut[]>;
  /** Lists the room (if new) and marks it used now. */
  touchRoom(room: string): Promise<void>;
  hasRoom(room: string): Promise<boolean>;
  rooms(): Promise<string[]>;
  /** Rooms not used since `before` (ms since the epoch). */
  idleRooms(before: number): Promise<string[]>;
  /** The message `user`'s client id became, if another instance remembered one (shared stores only). */
  findSent(user: string, clientId: string): Promise<ChatMessageOut | undefined>;
  /** Remembers for `ttlMs` which message `user`'s client id became, for retries that reach another instance. */
  rememberSent(user: string, clientId: string, message: ChatMessageOut, ttlMs: number): Promise<void>;
  /** Unlists the room and deletes its history if it is still unused since `before`; false when it was used meanwhile or another instance removed it. */
  removeIdleRoom(room: string, before: number): Promise<boolean>;
}

/** The Redis server and key prefix a redis:// broadcast URL names (default prefix "skiff:"); undefined for memory://. */
export function redisTarget(broadcastUrl: string): { url: string; prefix: string } | undefined {
  const url = new URL(broadcastUrl);
  if (url.protocol !== "redis:" && url.protocol !== "rediss:") return undefined;
  const prefix = url.searchParams.get("prefix") ?? "skiff:";
  for (const name of ["prefix", "streams", "maxlen"]) url.searchParams.delete(name);
  return { url: url.toString(), prefix };
}

/**
 * The store that matches the broadcast URL. For redis:// it uses the same server and the same key prefix as the
 * Broadcast (`?prefix=…`, default "skiff:"), so one prefix separates one chat from another on a shared Redis.
 */
export function createStore(broadcastUrl: string): ChatStore {
  const redis = redisTarget(broadcastUrl);
  return redis ? new RedisStore(redis.url, redis.prefix) : new MemoryStore();
}
