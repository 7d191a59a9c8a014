import type { Redis } from "ioredis";
import type { PresenceMember, PresenceStore } from "./backend.ts";
import { LUA_NOW_MS, luaScript, runScript } from "./redis-scripts.ts";

// Per channel: a sorted set of entries scored by expiry time (server clock) and a hash of their data. An entry is
// "<instance id>:<member id>", so the same member joined from two processes stays present until both leave; a
// process that dies stops refreshing its entries and they expire. Both keys also expire, so abandoned channels
// leave nothing behind.

const PUT = luaScript(`${LUA_NOW_MS}
local ttl = tonumber(ARGV[1])
local expiry = string.format('%.0f', now + ttl)
for i = 2, #ARGV, 2 do
  redis.call('ZADD', KEYS[1], expiry, ARGV[i])
  redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1])
end
for _, key in ipairs(KEYS) do
  if redis.call('PTTL', key) < ttl then redis.call('PEXPIRE', key, ttl) end
end
return 0`);

const LIST = luaScript(`${LUA_NOW_MS}
local nowText = string.format('%.0f', now)
local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', nowText)
for i = 1, #expired do redis.call('HDEL', KEYS[2], expired[i]) end
if #expired > 0 then redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', nowText) end
local live = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. nowText, '+inf')
local out = {}
for i = 1, #live do
  out[#out + 1] = live[i]
  out[#out + 1] = redis.call('HGET', KEYS[2], live[i]) or ''
end
return out`);

const INSTANCE_ID_LENGTH = 16;

export interface RedisPresenceKeys {
  members(channel: string): string;
  data(channel: string): string;
}

/** Presence shared by every process on the same Redis and prefix. */
export class RedisPresenceStore implements PresenceStore {
  readonly expires = true;
  readonly #instanceId: string;
  readonly #keys: RedisPresenceKeys;
  readonly #run: <T>(what: string, command: (client: Redis) => Promise<T>) => Promise<T>;

  /** `run` executes a command on the command connection, failing fast when Redis is unavailable. */
  constructor(instanceId: string, keys: RedisPresenceKeys, run: <T>(what: string, command: (client: Redis) => Promise<T>) => Promise<T>) {
    if (instanceId.length !== INSTANCE_ID_LENGTH) throw new RangeError(`instance id must be ${INSTANCE_ID_LENGTH} characters`);
    this.#instanceId = instanceId;
    this.#keys = keys;
    this.#run = run;
  }

  async put(channel: string, members: readonly PresenceMember[], ttlMs: number): Promise<void> {
    if (members.length === 0) return;
    const args: (string | number)[] = [Math.max(1, Math.round(ttlMs))];
    for (const member of members) args.push(this.#entry(member.id), JSON.stringify(member.data ?? null));
    await this.#run("presence join", (client) => runScript(client, PUT, [this.#keys.members(channel), this.#keys.data(channel)], args));
  }

  async remove(channel: string, memberId: string): Promise<void> {
    const entry = this.#entry(memberId);
    await this.#run("presence leave", (client) =>
      client.multi().zrem(this.#keys.members(channel), entry).hdel(this.#keys.data(channel), entry).exec(),
    );
  }

  async list(channel: string): Promise<PresenceMember[]> {
    const reply = (await this.#run("presence list", (client) =>
      runScript(client, LIST, [this.#keys.members(channel), this.#keys.data(channel)], []),
    )) as string[];
    const members = new Map<string, unknown>();
    for (let i = 0; i < reply.length; i += 2) {
      const id = reply[i].slice(INSTANCE_ID_LENGTH + 1);
      members.set(id, reply[i + 1] === "" ? null : JSON.parse(reply[i + 1]));
    }
    return [...members].map(([id, data]) => ({ id, data })).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  #entry(memberId: string): string {
    return `${this.#instanceId}:${memberId}`;
  }
}
