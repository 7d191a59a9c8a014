// The ChatStore shared through Redis. Keys: `<prefix>chat:history:<room>` (a list, newest first) with its byte
// count `<prefix>chat:history-bytes:<room>`, both expiring when the room goes quiet, and `<prefix>chat:rooms:used`
// (a sorted set: room → when it was last used, in ms); `<prefix>chat:sent:<user>:<client id>` remembers for ten
// minutes which message a `say` became, so a retry that reaches another instance is not posted twice.
import { Redis } from "ioredis";
import type { ChatMessageOut } from "./messages.ts";
import type { ChatStore, HistoryLimits } from "./store.ts";

// Push, then drop the oldest until both the count and the byte limits hold; one atomic step.
const APPEND = `
redis.call('LPUSH', KEYS[1], ARGV[1])
local bytes = redis.call('INCRBY', KEYS[2], string.len(ARGV[1]))
while bytes > tonumber(ARGV[3]) or redis.call('LLEN', KEYS[1]) > tonumber(ARGV[2]) do
  local oldest = redis.call('RPOP', KEYS[1])
  if not oldest then break end
  bytes = redis.call('DECRBY', KEYS[2], string.len(oldest))
end
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('PEXPIRE', KEYS[2], ARGV[4])
`;

// Removes a room only if it is still idle: a join racing the sweep keeps its room.
const REMOVE_IDLE = `
local usedAt = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not usedAt or tonumber(usedAt) >= tonumber(ARGV[2]) then return 0 end
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('DEL', KEYS[2], KEYS[3])
return 1
`;

type Scripts = {
  chatAppend(...args: (string | number)[]): Promise<unknown>;
  chatRemoveIdle(...args: (string | number)[]): Promise<number>;
};

export class RedisStore implements ChatStore {
  readonly kind = "redis";
  readonly #redis: Redis;
  readonly #prefix: string;

  constructor(url: string, prefix: string) {
    this.#redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, commandTimeout: 2000, enableOfflineQueue: false });
    this.#redis.on("error", () => {}); // reported through ping() (readiness) and failing commands
    this.#redis.defineCommand("chatAppend", { numberOfKeys: 2, lua: APPEND });
    this.#redis.defineCommand("chatRemoveIdle", { numberOfKeys: 3, lua: REMOVE_IDLE });
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

  async append(room: string, message: ChatMessageOut, limits: HistoryLimits): Promise<void> {
    await this.#scripts.chatAppend(
      this.#key("history", room),
      this.#key("history-bytes", room),
      JSON.stringify(message),
      limits.keep,
      limits.maxBytes,
      limits.idleMs,
    );
  }

  async recent(room: string, limit: number): Promise<ChatMessageOut[]> {
    const items = await this.#redis.lrange(this.#key("history", room), 0, limit - 1);
    return items.map((item) => JSON.parse(item) as ChatMessageOut).reverse();
  }

  async findSent(user: string, clientId: string): Promise<ChatMessageOut | undefined> {
    const json = await this.#redis.get(this.#sentKey(user, clientId));
    return json === null ? undefined : (JSON.parse(json) as ChatMessageOut);
  }

  async rememberSent(user: string, clientId: string, message: ChatMessageOut, ttlMs: number): Promise<void> {
    await this.#redis.set(this.#sentKey(user, clientId), JSON.stringify(message), "PX", ttlMs, "NX");
  }

  #sentKey(user: string, clientId: string): string {
    return `${this.#prefix}chat:sent:${user}:${clientId}`;
  }

  async touchRoom(room: string): Promise<void> {
    await this.#redis.zadd(this.#usedKey, Date.now(), room);
  }

  async hasRoom(room: string): Promise<boolean> {
    return (await this.#redis.zscore(this.#usedKey, room)) !== null;
  }

  rooms(): Promise<string[]> {
    return this.#redis.zrange(this.#usedKey, "0", "-1");
  }

  idleRooms(before: number): Promise<string[]> {
    return this.#redis.zrangebyscore(this.#usedKey, "-inf", `(${before}`);
  }

  async removeIdleRoom(room: string, before: number): Promise<boolean> {
    return (await this.#scripts.chatRemoveIdle(this.#usedKey, this.#key("history", room), this.#key("history-bytes", room), room, before)) === 1;
  }

  get #scripts(): Scripts {
    return this.#redis as unknown as Scripts;
  }

  get #usedKey(): string {
    return `${this.#prefix}chat:rooms:used`;
  }

  #key(kind: string, room: string): string {
    return `${this.#prefix}chat:${kind}:${room}`;
  }
}
