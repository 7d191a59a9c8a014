import { test } from "node:test";
import assert from "node:assert/strict";
import { App, Depends, HTTPException } from "skiffjs";
import { TestClient } from "skiffjs/testing";
import { capturingLogger, deferred, tick } from "./helpers.ts";

test("teardown runs after the client has the whole body, over a real socket", async () => {
  const events: string[] = [];
  const release = deferred();
  const finished = deferred();
  const db = Depends(async function* db() {
    events.push("open");
    try {
      yield "connection";
    } finally {
      events.push("teardown started");
      await release.promise;
      events.push("teardown finished");
      finished.resolve();
    }
  });
  const app = new App().get("/", { deps: { db } }, ({ deps }) => ({ used: deps.db, padding: "x".repeat(256 * 1024) }));
  const server = await app.listen({ port: 0 });
  try {
    const res = await fetch(`${server.url}/`);
    const body = (await res.json()) as { used: string; padding: string };
    assert.equal(body.used, "connection");
    assert.equal(body.padding.length, 256 * 1024);
    await tick(10);
    assert.deepEqual(events, ["open", "teardown started"], "the body arrived while teardown was still waiting");
    release.resolve();
    await finished.promise;
    assert.deepEqual(events, ["open", "teardown started", "teardown finished"]);
  } finally {
    release.resolve();
    await server.close();
  }
});

test("teardown runs in reverse order of setup", async () => {
  const events: string[] = [];
  const done = deferred();
  const outer = Depends(function* outer() {
    events.push("outer up");
    yield "outer";
    events.push("outer down");
    done.resolve();
  });
  const inner = Depends({ deps: { outer } }, async function* inner({ deps }) {
    events.push("inner up");
    yield `inner on ${deps.outer}`;
    await tick();
    events.push("inner down");
  });
  const app = new App().get("/", { deps: { inner } }, ({ deps }) => {
    events.push("handler");
    return deps.inner;
  });
  assert.equal((await new TestClient(app).get("/")).json(), "inner on outer");
  await done.promise;
  assert.deepEqual(events, ["outer up", "inner up", "handler", "inner down", "outer down"]);
});

test("a handler's error is thrown into generator dependencies: the rollback pattern", async () => {
  const events: string[] = [];
  const done = deferred();
  const transaction = Depends(async function* transaction() {
    const tx = { id: "tx1" };
    try {
      yield tx;
      events.push("commit");
    } catch (error) {
      events.push(`rollback: ${(error as Error).message}`);
      throw error;
    } finally {
      done.resolve();
    }
  });
  const { logger, lines } = capturingLogger();
  const app = new App({ logger }).post("/orders", { deps: { tx: transaction } }, () => {
    throw new Error("insert failed");
  });
  const res = await new TestClient(app).post("/orders");
  assert.equal(res.status, 500);
  await done.promise;
  assert.deepEqual(events, ["rollback: insert failed"]);
  const reported = lines.filter((line) => line.err?.message === "insert failed");
  assert.equal(reported.length, 1, "the handler's error is logged once, not again by the teardown that re-raised it");
});

test("an HTTPException from the handler reaches the generator too, and its response is unchanged", async () => {
  const seen: unknown[] = [];
  const done = deferred();
  const session = Depends(function* session() {
    try {
      yield "s";
    } catch (error) {
      seen.push(error);
    } finally {
      done.resolve();
    }
  });
  const app = new App().get("/items/{id}", { deps: { session } }, () => {
    throw new HTTPException(404, "Item not found");
  });
  const res = await new TestClient(app).get("/items/1");
  assert.equal(res.status, 404);
  assert.deepEqual(res.json(), { detail: "Item not found" });
  await done.promise;
  assert.ok(seen[0] instanceof HTTPException);
});

test("a later dependency's failure is thrown into generators already set up", async () => {
  const events: string[] = [];
  const done = deferred();
  const tx = Depends(async function* tx() {
    try {
      yield "tx";
    } catch (error) {
      events.push(`rollback: ${(error as HTTPException).detail}`);
    } finally {
      done.resolve();
    }
  });
  const permission = Depends({ deps: { tx } }, () => {
    throw new HTTPException(403, "Forbidden");
  });
  const app = new App().get("/", { deps: { tx, permission } }, () => "never");
  const res = await new TestClient(app).get("/");
  assert.equal(res.status, 403);
  await done.promise;
  assert.deepEqual(events, ["rollback: Forbidden"]);
});

test("a dependency failing while another is still setting up: the other's teardown still runs", async () => {
  const events: string[] = [];
  const done = deferred();
  const slowGenerator = Depends(async function* slowGenerator() {
    await tick(20);
    events.push("slow up");
    try {
      yield "slow";
    } catch (error) {
      events.push(`slow saw ${(error as Error).message}`);
    } finally {
      done.resolve();
    }
  });
  const failing = Depends(async () => {
    throw new HTTPException(400, "bad");
  });
  const app = new App().get("/", { deps: { slowGenerator, failing } }, () => "never");
  const res = await new TestClient(app).get("/");
  assert.equal(res.status, 400);
  await done.promise;
  assert.deepEqual(events, ["slow up", "slow saw bad"]);
});

test("a teardown that throws is logged; other teardowns and later requests are unaffected", async () => {
  const events: string[] = [];
  let done = deferred();
  const { logger, lines } = capturingLogger();
  const first = Depends(function* first() {
    yield 1;
    events.push("first down");
    done.resolve();
  });
  const second = Depends(function* brokenTeardown() {
    yield 2;
    throw new Error("close failed");
  });
  const app = new App({ logger }).get("/", { deps: { first, second } }, ({ deps }) => deps.first + deps.second);
  const client = new TestClient(app);
  assert.equal((await client.get("/")).json(), 3);
  await done.promise;
  done = deferred();
  assert.equal((await client.get("/")).json(), 3);
  await done.promise;
  assert.deepEqual(events, ["first down", "first down"]);
  const errors = lines.filter((line) => line.err?.message === "close failed");
  assert.equal(errors.length, 2);
  assert.equal(errors[0].path, "/");
});

test("a generator that yields twice is finished and reported, not left hanging", async () => {
  const { logger, lines } = capturingLogger();
  let closed = false;
  const twice = Depends(function* twice() {
    try {
      yield 1;
      yield 2;
    } finally {
      closed = true;
    }
  });
  const app = new App({ logger }).get("/", { deps: { twice } }, ({ deps }) => deps.twice);
  assert.equal((await new TestClient(app).get("/")).json(), 1);
  await tick(10);
  assert.equal(closed, true);
  assert.match(lines.find((line) => line.err)?.err.message, /Dependency twice yielded more than once/);
});

test("background tasks run once, before dependency teardown", async () => {
  const events: string[] = [];
  const done = deferred();
  const db = Depends(function* db() {
    yield "db";
    events.push("teardown");
    done.resolve();
  });
  const app = new App().get("/", { deps: { db } }, ({ background }) => {
    background.add(() => void events.push("task"));
    return "ok";
  });
  assert.equal((await new TestClient(app).get("/")).json(), "ok");
  await done.promise;
  await tick(10);
  assert.deepEqual(events, ["task", "teardown"]);
});
