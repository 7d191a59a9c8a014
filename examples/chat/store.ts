// Room history (the last N messages) and the set of rooms that ever had a message: in memory for one process, in
// Redis when BROADCAST_URL is redis:// so every instance sees the same history.
import { Redis } from "ioredis";
import type { ChatMessageOut } from "./messages.ts";

export interface ChatStore {
  readonly kind: "memory" | "redis";
  connect(): Promise<void>;
  close(): Promise<void>;
  /** Whether the store answers right now (readiness). */
  ping(): Promise<boolean>;
  /** Keeps `message` and trims the room to its `keep` newest messages. */
  append(room: string, message: ChatMessageOut, keep: number): Promise<void>;
  /** The newest `limit` messages of a room, oldest first. */
  recent(room: string, limit: number): Promise<ChatMessageOut[]>;
  addRoom(room: string): Promise<void>;
  rooms(): Promise<string[]>;
}

export class MemoryStore implements ChatStore {
  readonly kind = "memory";
  readonly #history = new Map<string, ChatMessageOut[]>();
  readonly #rooms = new Set<string>();

  async connect(): Promise<void> {}
  async close(): Promise<void> {}
  async ping(): Promise<boolean> {
    return true;
  }

  async append(room: string, message: ChatMessageOut, keep: number): Promise<void> {
    const list = this.#history.get(room) ?? [];
    list.push(message);
    if (list.length > keep) list.splice(0, list.length - keep);
    this.#history.set(room, list);
  }

  async recent(room: string, limit: number): Promise<ChatMessageOut[]> {
    return (this.#history.get(room) ?? []).slice(-limit);
  }

  async addRoom(room: string): Promise<void> {
    this.#rooms.add(room);
  }

  async rooms(): Promise<string[]> {
    return [...this.#rooms];
  }
}

/** Keys: `<prefix>chat:history:<room>` (a list, newest first) and `<prefix>chat:rooms` (a set). */
export class RedisStore implements ChatStore {
  readonly kind = "redis";
  readonly #redis: Redis;
  readonly #prefix: string;

  constructor(url: string, prefix: string) {
    this.#redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, commandTimeout: 2000, enableOfflineQueue: false });
    this.#redis.on("error", () => {}); // reported through ping() (readiness) and failing commands
    this.#prefix = prefix;
  }

  async connect(): Promise<void> {
    await this.#redis.connect();
  }

  async close(): Promise<void> {
    this.#redis.disconnect();
  }

  async ping(): Promise<boolean> {
    try {
      return (await this.#redis.ping()) === "PONG";
    } catch {
      return false;
    }
  }

  async append(room: string, message: ChatMessageOut, keep: number): Promise<void> {
    const key = this.#historyKey(room);
    await this.#redis.multi().lpush(key, JSON.stringify(message)).ltrim(key, 0, keep - 1).exec();
  }

  async recent(room: string, limit: number): Promise<ChatMessageOut[]> {
    const items = await this.#redis.lrange(this.#historyKey(room), 0, limit - 1);
    return items.map((item) => JSON.parse(item) as ChatMessageOut).reverse();
  }

  async addRoom(room: string): Promise<void> {
    await this.#redis.sadd(`${this.#prefix}chat:rooms`, room);
  }

  async rooms(): Promise<string[]> {
    return this.#redis.smembers(`${this.#prefix}chat:rooms`);
  }

  #historyKey(room: string): string {
    return `${this.#prefix}chat:history:${room}`;
  }
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
