import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { Redis } from "ioredis";
import { App, MemoryRateLimitStore, RedisRateLimitStore, rateLimit, type RateLimitOptions } from "skiffjs";
import { TestClient } from "skiffjs/testing";
import { silent } from "./helpers.ts";
import { track } from "../helpers/processes.ts";

function appWith(options: RateLimitOptions): TestClient {
  const app = new App({ logger: silent }).get("/", () => "ok");
  app.use(rateLimit(options));
  return new TestClient(app);
}

test("over the limit: 429 with retry-after; every response carries the x-ratelimit headers", async () => {
  const client = appWith({ max: 2, windowMs: 30_000 });
  const first = await client.get("/");
  assert.equal(first.status, 200);
  assert.equal(first.headers.get("x-ratelimit-limit"), "2");
  assert.equal(first.headers.get("x-ratelimit-remaining"), "1");
  assert.equal(first.headers.get("x-ratelimit-reset"), "30");
  const second = await client.get("/");
  assert.equal(second.headers.get("x-ratelimit-remaining"), "0");
  const third = await client.get("/");
  assert.equal(third.status, 429);
  assert.deepEqual(third.json(), { detail: "Too Many Requests" });
  assert.equal(third.headers.get("retry-after"), "30");
  assert.equal(third.headers.get("x-ratelimit-remaining"), "0");
  assert.equal(third.headers.get("x-ratelimit-limit"), "2");
});

test("keys are counted separately; a null key is not counted", async () => {
  const client = appWith({ max: 1, key: (request) => request.headers.get("x-api-key") });
  assert.equal((await client.get("/", { headers: { "x-api-key": "a" } })).status, 200);
  assert.equal((await client.get("/", { headers: { "x-api-key": "a" } })).status, 429);
  assert.equal((await client.get("/", { headers: { "x-api-key": "b" } })).status, 200);
  for (let i = 0; i < 3; i++) {
    const anonymous = await client.get("/");
    assert.equal(anonymous.status, 200);
    assert.equal(anonymous.headers.get("x-ratelimit-limit"), null);
  }
});

test("the window resets; expired windows are swept", async () => {
  let now = 1_000_000;
  const store = new MemoryRateLimitStore(() => now);
  const client = appWith({ max: 1, windowMs: 1000, store, key: (request) => request.headers.get("x-key") ?? "anon" });
  assert.equal((await client.get("/")).status, 200);
  now += 400;
  const limited = await client.get("/");
  assert.equal(limited.status, 429);
  assert.equal(limited.headers.get("retry-after"), "1");
  now += 600;
  assert.equal((await client.get("/")).status, 200);
  for (let i = 0; i < 5; i++) await client.get("/", { headers: { "x-key": `k${i}` } });
  assert.equal(store.size, 6);
  now += 5000;
  await client.get("/");
  assert.equal(store.size, 1);
});

test("an exception handler for 429 shapes the answer", async () => {
  const app = new App({ logger: silent }).get("/", () => "ok");
  app.exceptionHandler(429, () => ({ error: "slow down" }));
  app.use(rateLimit({ max: 0 }));
  const res = await new TestClient(app).get("/");
  assert.equal(res.status, 429);
  assert.deepEqual(res.json(), { error: "slow down" });
});

test("a failing store lets requests through by default, or answers 503", async () => {
  const broken = { hit: () => Promise.reject(new Error("store down")) };
  assert.equal((await appWith({ store: broken }).get("/")).status, 200);
  const strict = await appWith({ store: broken, onStoreError: "reject" }).get("/");
  assert.equal(strict.status, 503);
});

// ---- Redis: a throwaway redis-server, so nothing else's keys or config matter ----------------------------------

const hasRedis = spawnSync("redis-server", ["--version"]).status === 0;
const redisSkip = hasRedis || process.env.CI === "true" ? false : "redis-server not installed";

async function freePort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

async function startRedis(): Promise<{ url: string; process: ChildProcess }> {
  const port = await freePort();
  const child = track(spawn("redis-server", ["--port", String(port), "--save", "", "--appendonly", "no"], { stdio: "ignore" }));
  const url = `redis://127.0.0.1:${port}`;
  // A fresh probe per attempt, without ioredis's own reconnecting: once a first connect() has failed, a client that
  // reconnects by itself rejects every later connect() at once, and this loop used to spin until its deadline (60 s).
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(50)) {
    const probe = new Redis(url, { lazyConnect: true, retryStrategy: () => null });
    probe.on("error", () => {});
    try {
      await probe.connect();
      break;
    } catch {
      // not listening yet
    } finally {
      probe.disconnect();
    }
  }
  return { url, process: child };
}

test("Redis store: two apps (as two processes would) share one limit; the window is a Redis TTL", { skip: redisSkip }, async () => {
  assert.ok(hasRedis, "redis-server is required under CI=true");
  const redis = await startRedis();
  const storeA = new RedisRateLimitStore(redis.url, { prefix: "t1:" });
  const client = new Redis(redis.url);
  const storeB = new RedisRateLimitStore(client, { prefix: "t1:" });
  try {
    const a = appWith({ max: 3, windowMs: 2000, store: storeA, key: () => "shared" });
    const b = appWith({ max: 3, windowMs: 2000, store: storeB, key: () => "shared" });
    assert.equal((await a.get("/")).status, 200);
    assert.equal((await b.get("/")).status, 200);
    const third = await a.get("/");
    assert.equal(third.headers.get("x-ratelimit-remaining"), "0");
    const limited = await b.get("/");
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get("retry-after"), "2");
    const ttl = await client.pttl("t1:shared");
    assert.ok(ttl > 0 && ttl <= 2000, String(ttl));

    // Scripts flushed (a Redis restart, a failover): the store loads it again.
    await client.script("FLUSH");
    await client.del("t1:shared");
    assert.equal((await a.get("/")).status, 200);
    assert.equal(await client.get("t1:shared"), "1");

    // A key that lost its TTL gets one back on the next hit.
    await client.set("t1:stuck", "5");
    await storeB.hit("stuck", 1000);
    assert.ok((await client.pttl("t1:stuck")) > 0);
  } finally {
    await storeA.close();
    client.disconnect();
    redis.process.kill();
  }
});

test("Redis store: Redis down → requests pass (logged), not hang", { skip: redisSkip }, async () => {
  const store = new RedisRateLimitStore(`redis://127.0.0.1:${await freePort()}`);
  try {
    const started = Date.now();
    const res = await appWith({ store }).get("/");
    assert.equal(res.status, 200);
    assert.ok(Date.now() - started < 3000);
  } finally {
    await store.close();
  }
});
