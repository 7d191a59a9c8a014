import { createHash } from "node:crypto";
import type { Redis } from "ioredis";

/** A Lua script sent by SHA1, and in full only the first time a server hasn't seen it. */
export interface LuaScript {
  readonly source: string;
  readonly sha: string;
}

export function luaScript(source: string): LuaScript {
  return { source, sha: createHash("sha1").update(source).digest("hex") };
}

export async function runScript(client: Redis, script: LuaScript, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
  try {
    return await client.evalsha(script.sha, keys.length, ...keys, ...args);
  } catch (error) {
    if (!(error instanceof Error && error.message.startsWith("NOSCRIPT"))) throw error;
    return client.eval(script.source, keys.length, ...keys, ...args);
  }
}

/** Milliseconds of the Redis server's clock, so processes with skewed clocks agree on expiry. */
export const LUA_NOW_MS = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
`;
