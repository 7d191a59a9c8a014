import { test } from "node:test";
import assert from "node:assert/strict";
import { App, APIRouter, Depends, HTTPException, type Dependency } from "skiffjs";
import { TestClient } from "skiffjs/testing";
import { capturingLogger, deferred, tick } from "./helpers.ts";

test("a diamond resolves each dependency once, deps before dependants, in declaration order", async () => {
  const calls: string[] = [];
  const root = Depends(function root() {
    calls.push("root");
    return { id: 1 };
  });
  const left = Depends({ deps: { root } }, function left({ deps }) {
    calls.push("left");
    return `left of ${deps.root.id}`;
  });
  const right = Depends({ deps: { root } }, async function right({ deps }) {
    calls.push("right");
    return `right of ${deps.root.id}`;
  });
  const top = Depends({ deps: { left, right, root } }, function top({ deps }) {
    calls.push("top");
    return [deps.left, deps.right, deps.root === undefined];
  });
  const app = new App().get("/", { deps: { top, root } }, ({ deps }) => ({ top: deps.top, root: deps.root }));
  const res = await new TestClient(app).get("/");
  assert.deepEqual(res.json(), { top: ["left of 1", "right of 1", false], root: { id: 1 } });
  assert.deepEqual(calls, ["root", "left", "right", "top"]);
});

test("the same dependency object shares one value across the route and its deps", async () => {
  let made = 0;
  const session = Depends(() => ({ n: ++made }));
  const repo = Depends({ deps: { session } }, ({ deps }) => deps.session);
  const app = new App().get("/", { deps: { session, repo } }, ({ deps }) => deps.session === deps.repo);
  const client = new TestClient(app);
  assert.equal((await client.get("/")).json(), true);
  assert.equal((await client.get("/")).json(), true);
  assert.equal(made, 2, "once per request, not once per use and not once per app");
});

test("cache: false calls the dependency at every place it is used", async () => {
  let n = 0;
  const fresh = Depends(() => ++n, { cache: false });
  const a = Depends({ deps: { fresh } }, ({ deps }) => deps.fresh);
  const b = Depends({ deps: { fresh } }, ({ deps }) => deps.fresh);
  const app = new App().get("/", { deps: { a, b, fresh } }, ({ deps }) => [deps.a, deps.b, deps.fresh]);
  const values = (await new TestClient(app).get("/")).json() as number[];
  assert.deepEqual([...values].sort(), [1, 2, 3]);
});

test("independent async dependencies run concurrently", async () => {
  const started: string[] = [];
  const gateA = deferred();
  const gateB = deferred();
  const slow = (name: string, gate: Promise<void>) =>
    Depends(async () => {
      started.push(name);
      await gate;
      return name;
    });
  const a = slow("a", gateA.promise);
  const b = slow("b", gateB.promise);
  const app = new App().get("/", { deps: { a, b } }, ({ deps }) => [deps.a, deps.b]);
  const pending = new TestClient(app).get("/");
  await tick(20);
  assert.deepEqual(started, ["a", "b"], "b started while a was still waiting");
  gateB.resolve();
  gateA.resolve();
  assert.deepEqual((await pending).json(), ["a", "b"]);
});

test("a dependant waits for its async deps; a sync chain never waits", async () => {
  const order: string[] = [];
  const gate = deferred();
  const slow = Depends(async function slow() {
    await gate.promise;
    order.push("slow");
    return 2;
  });
  const quick = Depends(function quick() {
    order.push("quick");
    return 3;
  });
  const product = Depends({ deps: { slow, quick } }, function product({ deps }) {
    order.push("product");
    return deps.slow * deps.quick;
  });
  const app = new App().get("/", { deps: { product } }, ({ deps }) => deps.product);
  const pending = new TestClient(app).get("/");
  await tick(10);
  assert.deepEqual(order, ["quick"]);
  gate.resolve();
  assert.equal((await pending).json(), 6);
  assert.deepEqual(order, ["quick", "slow", "product"]);
});

test("sync, async, sync generator and async generator dependencies give their values", async () => {
  const sync = Depends(() => "sync");
  const promised = Depends(async () => "async");
  const generator = Depends(function* () {
    yield "generator";
  });
  const asyncGenerator = Depends(async function* () {
    await tick();
    yield "async generator";
  });
  const app = new App().get("/", { deps: { sync, promised, generator, asyncGenerator } }, ({ deps }) => deps);
  assert.deepEqual((await new TestClient(app).get("/")).json(), {
    sync: "sync",
    promised: "async",
    generator: "generator",
    asyncGenerator: "async generator",
  });
});

test("a generator that never yields is a 500, logged naming the dependency", async () => {
  const { logger, lines } = capturingLogger();
  const broken = Depends(function* brokenSession() {});
  const app = new App({ logger }).get("/", { deps: { broken } }, () => "unreachable");
  const res = await new TestClient(app).get("/");
  assert.equal(res.status, 500);
  assert.match(lines.find((line) => line.err)?.err.message, /Dependency brokenSession is a generator that returned without yielding/);
});

test("app, include, router and route deps all run, outer before inner, each level finishing first", async () => {
  const order: string[] = [];
  const step = (name: string, ms: number): Dependency<void> =>
    Depends(async () => {
      order.push(`${name} start`);
      await tick(ms);
      order.push(`${name} end`);
    });
  const router = new APIRouter({ prefix: "/r", deps: [step("router", 5)] });
  router.get("/", { deps: [step("route list", 1)] }, () => {
    order.push("handler");
    return "ok";
  });
  const app = new App({ deps: [step("app", 15)] });
  app.includeRouter(router, { deps: [step("include", 10)] });
  assert.equal((await new TestClient(app).get("/r/")).json(), "ok");
  assert.deepEqual(order, [
    "app start",
    "app end",
    "include start",
    "include end",
    "router start",
    "router end",
    "route list start",
    "route list end",
    "handler",
  ]);
});

test("an outer dependency that refuses stops the inner ones from running", async () => {
  const ran: string[] = [];
  const guard = Depends(async () => {
    throw new HTTPException(401, "Not authenticated");
  });
  const inner = Depends(() => void ran.push("inner"));
  const app = new App({ deps: [guard] }).get("/", { deps: { inner } }, () => "x");
  assert.equal((await new TestClient(app).get("/")).status, 401);
  assert.deepEqual(ran, []);
});

test("a cycle is a registration-time error that names the cycle", () => {
  const aDeps: Record<string, Dependency<any, any>> = {};
  const a = Depends({ deps: aDeps }, function loadA() {});
  const b = Depends({ deps: { a } }, function loadB() {});
  const c = Depends({ deps: { b } }, function loadC() {});
  aDeps.c = c;
  assert.throws(() => new App().get("/", { deps: { a } }, () => "x"), /Dependency cycle: loadA → loadC → loadB → loadA\./);
  const router = new APIRouter().get("/", { deps: [b] }, () => "x");
  assert.throws(() => new App().includeRouter(router), /Dependency cycle: loadB → loadA → loadC → loadB\./);
});

test("an anonymous dependency in a cycle is named by where it was declared", () => {
  const spec: { deps: Record<string, Dependency<any, any>> } = { deps: {} };
  const self = Depends(spec, () => 1);
  spec.deps.self = self;
  assert.throws(
    () => new App().get("/", { deps: [self] }, () => "x"),
    /Dependency cycle: anonymous dependency \(declared at .*graph\.test\.ts:\d+:\d+\)/,
  );
});

test("a value that is not a dependency is refused at registration with the fix", () => {
  const plain = () => 1;
  assert.throws(
    // @ts-expect-error deps take Depends(...) values, not bare functions
    () => new App().get("/", { deps: { plain } }, () => "x"),
    /Dependency "plain" is not a Depends\(\.\.\.\) value\. Wrap the function: Depends\(fn\)\./,
  );
});
