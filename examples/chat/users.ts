// Users from a JSON file; passwords stored as scrypt hashes ("scrypt$N$r$p$salt$hash", base64 parts).
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { readFileSync } from "node:fs";
import { HashGate } from "./hash-gate.ts";

export interface User {
  username: string;
  fullName: string;
}

interface StoredUser extends User {
  passwordHash: string;
}

const KEY_LENGTH = 32;
const DEFAULT_COST = { N: 16384, r: 8, p: 1 };

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize("NFC"), salt, KEY_LENGTH, { ...options, maxmem: 64 * 1024 * 1024 }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/** A new "scrypt$…" hash of `password` with a random salt. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const { N, r, p } = DEFAULT_COST;
  const key = await derive(password, salt, { N, r, p });
  return ["scrypt", N, r, p, salt.toString("base64"), key.toString("base64")].join("$");
}

/** Whether `password` matches `hash`, compared in constant time. A malformed hash never matches. */
export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  const [scheme, N, r, p, salt, key] = hash.split("$");
  if (scheme !== "scrypt" || !salt || !key) return false;
  const expected = Buffer.from(key, "base64");
  const actual = await derive(password, Buffer.from(salt, "base64"), { N: Number(N), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export class UserStore {
  readonly #users: Map<string, StoredUser>;
  // Checked when the username is unknown, so a miss costs as long as a wrong password.
  #decoy: Promise<string> | undefined;

  constructor(
    users: StoredUser[],
    private readonly gate = new HashGate(2, 32),
  ) {
    this.#users = new Map(users.map((u) => [u.username, u]));
  }

  /** Reads (at startup, once) `{ "users": [{ "username", "fullName", "passwordHash" }] }`. */
  static load(path: string, gate?: HashGate): UserStore {
    let parsed: { users?: unknown };
    try {
      parsed = JSON.parse(readFileSync(path, "utf8"));
    } catch (error) {
      throw new Error(`Cannot read the users file ${path}: ${(error as Error).message}`, { cause: error });
    }
    if (!Array.isArray(parsed.users)) throw new Error(`${path}: expected {"users": [...]}`);
    for (const [i, u] of parsed.users.entries()) {
      if (typeof u?.username !== "string" || typeof u?.passwordHash !== "string") {
        throw new Error(`${path}: users[${i}] needs "username" and "passwordHash" strings`);
      }
    }
    return new UserStore(
      (parsed.users as StoredUser[]).map((u) => ({ ...u, fullName: u.fullName ?? u.username })),
      gate,
    );
  }

  get(username: string): User | undefined {
    const user = this.#users.get(username);
    return user && { username: user.username, fullName: user.fullName };
  }

  /**
   * The user when the password is right; undefined otherwise (unknown users take as long). Throws LoginBusyError
   * when too many hashes are already running and waiting.
   */
  async authenticate(username: string, password: string): Promise<User | undefined> {
    const stored = this.#users.get(username);
    const hash = stored?.passwordHash ?? (await (this.#decoy ??= hashPassword(randomBytes(12).toString("hex"))));
    const ok = await this.gate.run(() => verifyPassword(password, hash));
    return ok && stored ? this.get(username) : undefined;
  }
}
