// Settings from the environment, read once by `loadConfig(process.env)`. Tests build their own with overrides.
import { fileURLToPath } from "node:url";

export interface ChatConfig {
  /** `SERVICE_NAME`; also the JWT issuer. */
  serviceName: string;
  /** As the seed: DEBUG when SERVICE_NAME contains "dev" or "test" — docs on, tracebacks in 500s. */
  debug: boolean;
  host: string;
  port: number;
  /** HS256 key for the JWTs. */
  jwtSecret: string;
  /** True when JWT_SECRET was not set and the development default is used (logged as a warning). */
  jwtSecretDefaulted: boolean;
  /** Lifetime of an issued token, in seconds. */
  tokenTtl: number;
  /** `memory://` (one process) or `redis://host:port/db[?prefix=…]` (every instance sharing that Redis forms one chat). */
  broadcastUrl: string;
  /** JSON file with the users and their scrypt password hashes. */
  usersFile: string;
  /** How many messages each room keeps for `history`. */
  historySize: number;
  /** Rooms listed even before anyone spoke in them. */
  defaultRooms: string[];
  /** Serve the browser UI at `/` (bundled with esbuild at startup). */
  ui: boolean;
}

const DEV_SECRET = "skiff-chat-development-secret-change-me";

export function isDebug(serviceName: string): boolean {
  return ["dev", "test"].some((s) => serviceName.includes(s));
}

/** Reads the config; refuses (throws) to run outside dev/test without JWT_SECRET. */
export function loadConfig(env: Record<string, string | undefined> = process.env): ChatConfig {
  const serviceName = env.SERVICE_NAME || "chat-dev";
  const debug = isDebug(serviceName);
  const secret = env.JWT_SECRET || undefined;
  if (!secret && !debug) {
    throw new Error(`JWT_SECRET is required when SERVICE_NAME ("${serviceName}") contains neither "dev" nor "test"`);
  }
  if (secret !== undefined && secret.length < 32) throw new Error("JWT_SECRET must be at least 32 characters");
  return {
    serviceName,
    debug,
    host: env.HOST || "127.0.0.1",
    port: integer(env, "PORT", 8000),
    jwtSecret: secret ?? DEV_SECRET,
    jwtSecretDefaulted: secret === undefined,
    tokenTtl: integer(env, "TOKEN_TTL_SECONDS", 3600),
    broadcastUrl: env.BROADCAST_URL || "memory://",
    usersFile: env.USERS_FILE || fileURLToPath(new URL("./users.json", import.meta.url)),
    historySize: integer(env, "HISTORY_SIZE", 100),
    defaultRooms: (env.DEFAULT_ROOMS ?? "general,random").split(",").map((r) => r.trim()).filter(Boolean),
    ui: env.CHAT_UI !== "0",
  };
}

function integer(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === "") return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer (got "${text}")`);
  return value;
}
