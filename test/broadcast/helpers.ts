// Shared by the broadcast tests: Redis availability (skip, or fail under SKIFF_REQUIRE_REDIS=1), per-run key
// prefixes, event collection with deadlines, and a throwaway redis-server for restart tests.
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { connect, createServer, Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { test } from "node:test";
import { Redis } from "ioredis";
import type { BroadcastEvent, Subscription } from "skiffjs/broadcast";
import { track } from "../helpers/processes.ts";

export const REDIS_URL = process.env.SKIFF_REDIS_URL ?? "redis://127.0.0.1:6379";
const REQUIRE_REDIS = process.env.SKIFF_REQUIRE_REDIS === "1";
/** How long to wait for an event that should come: generous for a loaded machine, and over as soon as it comes. */
export const EVENT_WAIT_MS = 30_000;

/** A prefix no other test run uses, so parallel test files never see each other's channels or keys. */
export function uniquePrefix(): string {
  return `skiff-test:${randomBytes(6).toString("hex")}:`;
}

/** Answers PING within `timeoutMs`? */
export function pingRedis(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("error", () => done(false));
    socket.once("data", (data) => done(data.toString().startsWith("+PONG")));
    socket.connect(port, host, () => socket.write("PING\r\n"));
  });
}

/**
 * `false` when the shared Redis answers; otherwise the reason to skip. With SKIFF_REQUIRE_REDIS=1 it never skips:
 * it registers a failing test naming the problem (and the Redis tests fail on their own).
 */
export async function redisSkipReason(): Promise<string | false> {
  const url = new URL(REDIS_URL);
  // A refused connection answers at once; a Redis that is up may take seconds to answer on a loaded machine.
  if (await pingRedis(url.hostname, Number(url.port || 6379), 30_000)) return false;
  const reason = `Redis is not reachable at ${REDIS_URL} (start one, or set SKIFF_REDIS_URL)`;
  if (!REQUIRE_REDIS) return reason;
  test("Redis is reachable (SKIFF_REQUIRE_REDIS=1)", () => assert.fail(reason));
  return false;
}

/** Like {@link redisSkipReason}, and also needs the `redis-server` and `redis-cli` binaries. */
export async function redisServerSkipReason(): Promise<string | false> {
  const missing = ["redis-server", "redis-cli"].filter((bin) => spawnSync(bin, ["--version"]).error);
  if (missing.length === 0) return false;
  const reason = `${missing.join(" and ")} not installed`;
  if (!REQUIRE_REDIS) return reason;
  test("redis-server is installed (SKIFF_REQUIRE_REDIS=1)", () => assert.fail(reason));
  return false;
}

/** Deletes every key under `prefix` on the shared Redis. */
export async function deleteKeys(prefix: string): Promise<void> {
  const client = quietClient();
  try {
    await client.connect();
    const keys: string[] = [];
    for await (const batch of client.scanStream({ match: `${prefix}*`, count: 500 })) keys.push(...(batch as string[]));
    if (keys.length > 0) await client.del(...keys);
  } finally {
    client.disconnect();
  }
}

/** Runs one command on the shared Redis with a short-lived connection. */
export async function redisCommand(...args: [string, ...(string | number)[]]): Promise<unknown> {
  const client = quietClient();
  try {
    await client.connect();
    return await client.call(...args);
  } finally {
    client.disconnect();
  }
}

function quietClient(): Redis {
  const client = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0 });
  client.on("error", () => {}); // the awaited command reports it
  return client;
}

/** Reads a subscription in the background, so tests can wait for what it received. */
export class Collector<T = unknown> {
  readonly events: BroadcastEvent<T>[] = [];
  /** Settles when the loop ends: with its error, or undefined. */
  readonly done: Promise<unknown>;
  /** Set once the loop ended. */
  ended: { error: unknown } | undefined;

  constructor(subscription: Subscription<T>) {
    this.done = (async () => {
      for await (const event of subscription) this.events.push(event);
    })().then(
      () => undefined,
      (error: unknown) => error,
    );
    void this.done.then((error) => (this.ended = { error }));
  }

  get messages(): T[] {
    return this.events.map((event) => event.message);
  }

  /** Waits until `count` events arrived (or fails after `timeoutMs`, showing what did). */
  async waitFor(count: number, timeoutMs = EVENT_WAIT_MS): Promise<T[]> {
    await until(
      () => this.events.length >= count,
      timeoutMs,
      () => `expected ${count} events, got ${JSON.stringify(this.messages)}`,
    );
    return this.messages;
  }
}

/** Polls `condition` every 10 ms; fails with `describe()` after `timeoutMs`. */
export async function until(condition: () => boolean, timeoutMs: number, describe: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms: ${describe()}`);
    await sleep(10);
  }
}

/** The next event of an iterator, or a failure after `timeoutMs`. */
export async function nextEvent<T>(subscription: Subscription<T>, timeoutMs = EVENT_WAIT_MS): Promise<IteratorResult<BroadcastEvent<T>>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no event within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([subscription.next(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  assert.ok(address && typeof address === "object");
  return address.port;
}

/** A redis-server of the test's own, on its own port, that the test may stop and start again. */
export class ThrowawayRedis {
  readonly port: number;
  #process: ChildProcess | undefined;

  constructor(port: number) {
    this.port = port;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = track(
      spawn("redis-server", ["--port", String(this.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" }),
    );
    this.#process = child;
    const deadline = Date.now() + 60_000; // a start-up wait: generous, it ends as soon as Redis answers
    while (!(await pingRedis("127.0.0.1", this.port, 5000))) {
      if (child.exitCode !== null) assert.fail(`redis-server exited with code ${child.exitCode}`);
      if (Date.now() > deadline) assert.fail(`redis-server did not answer on port ${this.port}`);
      await sleep(20);
    }
  }

  /** `redis-cli shutdown nosave`, then waits for the server process to be gone. */
  async stop(): Promise<void> {
    const child = this.#process;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    spawnSync("redis-cli", ["-p", String(this.port), "shutdown", "nosave"]);
    const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
    await exited;
    clearTimeout(timer);
  }
}

type ProxiedRole = "command" | "subscriber";

/**
 * A TCP proxy in front of the shared Redis that plays the network for the two connections of a RedisBackend,
 * told apart by the `-command` / `-subscriber` suffix of their connection names: it can cut every connection
 * (what a Redis restart or a network cut does), hold back new connections of one role so a test decides which
 * one reconnects first (a held connection is accepted but not answered: ioredis sits in status "connect"), and
 * delay what Redis sends to connections of one role.
 */
export class RedisProxy {
  readonly #target = new URL(REDIS_URL);
  readonly #server = createServer((client) => this.#accept(client));
  readonly #sockets = new Set<Socket>();
  readonly #held = new Set<ProxiedRole>();
  readonly #waiting = new Map<ProxiedRole, (() => void)[]>();
  readonly #delays = new Map<ProxiedRole, number>();
  #port = 0;

  get url(): string {
    return `redis://127.0.0.1:${this.#port}${this.#target.pathname === "/" ? "" : this.#target.pathname}`;
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.listen(0, "127.0.0.1", resolve));
    this.#port = (this.#server.address() as { port: number }).port;
  }

  /** Drops every proxied connection. */
  cut(): void {
    for (const socket of this.#sockets) socket.destroy();
    this.#sockets.clear();
  }

  /** New connections of `role` get no answer until {@link release}. */
  hold(role: ProxiedRole): void {
    this.#held.add(role);
  }

  /** Lets held connections of `role` (and new ones) through. */
  release(role: ProxiedRole): void {
    this.#held.delete(role);
    const waiting = this.#waiting.get(role) ?? [];
    this.#waiting.delete(role);
    for (const open of waiting) open();
  }

  /** What Redis sends from now on to connections of `role` reaches them `ms` later (order kept). */
  delay(role: ProxiedRole, ms: number): void {
    this.#delays.set(role, ms);
  }

  async stop(): Promise<void> {
    this.cut();
    await new Promise((resolve) => this.#server.close(resolve));
  }

  #accept(client: Socket): void {
    const upstream = connect(Number(this.#target.port || 6379), this.#target.hostname);
    const pair = [client, upstream];
    for (const socket of pair) {
      this.#sockets.add(socket);
      socket.on("error", () => {});
      socket.on("close", () => {
        for (const other of pair) other.destroy();
        this.#sockets.delete(socket);
      });
    }
    let role: ProxiedRole | undefined;

    // Redis → client, each chunk after the role's delay, in order.
    const delayed: { at: number; chunk: Buffer }[] = [];
    let timer: NodeJS.Timeout | undefined;
    const pump = () => {
      timer = undefined;
      while (delayed.length > 0 && delayed[0].at <= Date.now()) client.write(delayed.shift()!.chunk);
      if (delayed.length > 0) timer = setTimeout(pump, delayed[0].at - Date.now());
    };
    upstream.on("data", (chunk: Buffer) => {
      const ms = (role && this.#delays.get(role)) || 0;
      if (ms === 0 && delayed.length === 0) return void client.write(chunk);
      delayed.push({ at: Math.max(Date.now() + ms, delayed.at(-1)?.at ?? 0), chunk });
      timer ??= setTimeout(pump, Math.max(0, delayed[0].at - Date.now()));
    });
    client.on("close", () => clearTimeout(timer));

    // Client → Redis: buffered until the connection name tells the role, then forwarded — or held.
    let state: "sniffing" | "held" | "open" = "sniffing";
    let pending: Buffer[] = [];
    const open = () => {
      state = "open";
      for (const chunk of pending) upstream.write(chunk);
      pending = [];
    };
    client.on("data", (chunk: Buffer) => {
      if (state === "open") return void upstream.write(chunk);
      pending.push(chunk);
      if (state === "held") return;
      const head = Buffer.concat(pending).toString("latin1");
      role = /-(command|subscriber)\r\n/.exec(head)?.[1] as ProxiedRole | undefined;
      if (!role && !/setname/i.test(head)) return open(); // an unnamed connection plays no role: straight through
      if (!role && head.length < 1024) return;
      if (!role || !this.#held.has(role)) return open();
      state = "held";
      this.#waiting.set(role, [...(this.#waiting.get(role) ?? []), open]);
    });
  }
}
