// Settings from the environment, read once by `loadConfig(process.env)`. Tests build their own with overrides.
import { fileURLToPath } from "node:url";
import type { LoginLimits } from "./login-limits.ts";
import { MAX_EVENT_BYTES } from "./messages.ts";

export interface ChatConfig {
  /** `SERVICE_NAME`; also the JWT issuer. */
  serviceName: string;
  /** DEBUG when a `-`/`_`-separated segment of SERVICE_NAME is "dev", "test" or "local" — docs on, tracebacks in 500s. */
  debug: boolean;
  host: string;
  port: number;
  /** HS256 key for the JWTs. */
  jwtSecret: string;
  /** True when JWT_SECRET was not set and the public development default is used: loopback only (see `checkListenHost`). */
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
  /** Most rooms at once (default rooms included); a new one past it is refused. */
  roomLimit: number;
  /** Bytes each room's history keeps, and (divided by the largest event) how many events its replay log keeps. */
  roomLogBytes: number;
  /** A room nobody joined or spoke in for this long loses its history and replay log, and leaves the list. */
  roomIdleSeconds: number;
  /** Messages one user may send per window, over all connections; twice that closes the connection. */
  sayLimit: { max: number; windowSeconds: number };
  /** Serve the browser UI at `/` (bundled with esbuild at startup). */
  ui: boolean;
  /** Rate limits of POST /token. */
  loginLimits: LoginLimits;
  /** Password hashes computed at once; more logins wait (up to 16 per slot), the rest get 503. */
  hashConcurrency: number;
}

const DEV_SECRET = "skiff-chat-development-secret-change-me";

const DEBUG_SEGMENTS = new Set(["dev", "test", "local"]);

/**
 * The seed turns DEBUG on when SERVICE_NAME contains "dev" or "test"; as a substring that also matches "chat-latest",
 * "contest" and "attestation" (docs, tracebacks and the public secret in production). Whole segments only.
 */
export function isDebug(serviceName: string): boolean {
  return serviceName
    .toLowerCase()
    .split(/[-_]/)
    .some((segment) => DEBUG_SEGMENTS.has(segment));
}

/**
 * Refuses (throws, naming JWT_SECRET) to serve on anything but loopback while tokens are signed with the built-in
 * secret: it is in the source, so anyone who can reach the server could forge a token for any user.
 */
export function checkListenHost(config: Pick<ChatConfig, "jwtSecretDefaulted">, host: string): void {
  if (!config.jwtSecretDefaulted || isLoopback(host)) return;
  throw new Error(
    `JWT_SECRET is required to listen on ${host}: without it tokens are signed with the public development secret, which is only allowed on loopback (127.0.0.1, ::1, localhost)`,
  );
}

function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  return bare === "localhost" || bare === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare);
}

/** Reads the config; refuses (throws) to run outside dev/test/local without JWT_SECRET. */
export function loadConfig(env: Record<string, string | undefined> = process.env): ChatConfig {
  const serviceName = env.SERVICE_NAME || "chat-dev";
  const debug = isDebug(serviceName);
  const secret = env.JWT_SECRET || undefined;
  if (!secret && !debug) {
    throw new Error(`JWT_SECRET is required when SERVICE_NAME ("${serviceName}") has no "dev", "test" or "local" segment`);
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
    defaultRooms: (env.DEFAULT_ROOMS ?? "general,random")
      .split(",")
      .map((r) => r.trim())
      .filter(Boolean),
    ui: env.CHAT_UI !== "0",
    roomLimit: Math.max(1, integer(env, "ROOM_LIMIT", 100)),
    roomLogBytes: atLeast(env, "ROOM_LOG_BYTES", 1024 * 1024, MAX_EVENT_BYTES),
    roomIdleSeconds: Math.max(1, integer(env, "ROOM_IDLE_SECONDS", 24 * 3600)),
    sayLimit: { max: Math.max(1, integer(env, "SAY_LIMIT", 20)), windowSeconds: Math.max(1, integer(env, "SAY_LIMIT_WINDOW_SECONDS", 10)) },
    loginLimits: {
      perAddress: integer(env, "LOGIN_LIMIT_PER_ADDRESS", 20),
      perUsername: integer(env, "LOGIN_LIMIT_PER_USERNAME", 10),
      windowSeconds: integer(env, "LOGIN_LIMIT_WINDOW_SECONDS", 60),
    },
    hashConcurrency: Math.max(1, integer(env, "HASH_CONCURRENCY", 2)),
  };
}

function atLeast(env: Record<string, string | undefined>, name: string, fallback: number, minimum: number): number {
  const value = integer(env, name, fallback);
  if (value < minimum) throw new Error(`${name} must be at least ${minimum} (one message of the largest size)`);
  return value;
}

function integer(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === "") return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer (got "${text}")`);
  return value;
}
