import { test } from "node:test";
import assert from "node:assert/strict";
import { App, Depends, type DependencySpec } from "skiffjs";
import { TestClient } from "skiffjs/testing";

/** A spec that counts how often the dependency planner reads its deps (once per plan compilation). */
function countingSpec(): { spec: DependencySpec; reads: () => number } {
  let reads = 0;
  const spec: DependencySpec = {
    get deps() {
      reads++;
      return undefined;
    },
  };
  return { spec, reads: () => reads };
}

test("an override replaces a dependency everywhere; deleting it restores the original", async () => {
  const realDb = Depends(() => "real db");
  const repo = Depends({ deps: { db: realDb } }, ({ deps }) => `repo on ${deps.db}`);
  const app = new App().get("/", { deps: { repo, db: realDb } }, ({ deps }) => [deps.repo, deps.db]);
  const client = new TestClient(app);
  assert.deepEqual((await client.get("/")).json(), ["repo on real db", "real db"]);

  app.dependencyOverrides.set(
    realDb,
    Depends(() => "fake db"),
  );
  assert.deepEqual((await client.get("/")).json(), ["repo on fake db", "fake db"]);

  app.dependencyOverrides.delete(realDb);
  assert.deepEqual((await client.get("/")).json(), ["repo on real db", "real db"]);
});

test("a plain function is accepted as a replacement and gets the same context", async () => {
  const currentUser = Depends(({ request }) => request.headers.get("x-user") ?? "nobody");
  const app = new App().get("/me", { deps: { user: currentUser } }, ({ deps }) => deps.user);
  app.dependencyOverrides.set(currentUser, ({ request }: { request: { path: string } }) => `test user at ${request.path}`);
  assert.equal((await new TestClient(app).get("/me")).json(), "test user at /me");
  app.dependencyOverrides.clear();
  assert.equal((await new TestClient(app).get("/me", { headers: { "x-user": "ann" } })).json(), "ann");
});

test("overriding an app-level dependency and a generator dependency", async () => {
  const events: string[] = [];
  const audit = Depends(() => void events.push("real audit"));
  const session = Depends(function* () {
    yield "real";
  });
  const app = new App({ deps: [audit] }).get("/", { deps: { session } }, ({ deps }) => deps.session);
  app.dependencyOverrides.set(audit, () => void events.push("fake audit"));
  app.dependencyOverrides.set(
    session,
    Depends(function* () {
      yield "fake";
      events.push("fake teardown");
    }),
  );
  assert.equal((await new TestClient(app).get("/")).json(), "fake");
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.deepEqual(events, ["fake audit", "fake teardown"]);
});

test("the plan is recompiled once per change of the overrides, not per request", async () => {
  const original = countingSpec();
  const replacement = countingSpec();
  const dep = Depends(original.spec, () => "original");
  const fake = Depends(replacement.spec, () => "fake");
  const app = new App().get("/", { deps: { dep } }, ({ deps }) => deps.dep);
  const client = new TestClient(app);
  const compiledAtRegistration = original.reads();
  assert.ok(compiledAtRegistration >= 1);

  for (let i = 0; i < 3; i++) assert.equal((await client.get("/")).json(), "original");
  assert.equal(original.reads(), compiledAtRegistration, "no recompilation without a change");

  app.dependencyOverrides.set(dep, fake);
  for (let i = 0; i < 3; i++) assert.equal((await client.get("/")).json(), "fake");
  assert.equal(replacement.reads(), 1);

  app.dependencyOverrides.delete(dep);
  for (let i = 0; i < 3; i++) assert.equal((await client.get("/")).json(), "original");
  assert.equal(replacement.reads(), 1);
  assert.equal(original.reads(), compiledAtRegistration + 1);
});

test("an override that creates a cycle is reported, naming it", async () => {
  const base = Depends(function base() {
    return 1;
  });
  const user = Depends({ deps: { base } }, function user() {
    return 2;
  });
  const { logger, lines } = await import("./helpers.ts").then((m) => m.capturingLogger());
  const app = new App({ logger }).get("/", { deps: { user } }, ({ deps }) => deps.user);
  app.dependencyOverrides.set(
    base,
    Depends({ deps: { user } }, function fakeBase() {}),
  );
  assert.equal((await new TestClient(app).get("/")).status, 500);
  assert.match(lines.find((line) => line.err)?.err.message, /Dependency cycle: user → fakeBase → user/);
});

test("overriding something that is not a dependency is refused with the fix", () => {
  const app = new App();
  assert.throws(() => app.dependencyOverrides.set((() => 1) as never, () => 2), /the original must be the Depends\(\.\.\.\) value routes use/);
  assert.throws(
    () =>
      app.dependencyOverrides.set(
        Depends(() => 1),
        42 as never,
      ),
    /must be a Depends\(\.\.\.\) value or a function/,
  );
});

test("overrides changed after a first request rebuild HTTP and WebSocket routes together, each once", async () => {
  const original = countingSpec();
  const replacement = countingSpec();
  const user = Depends(original.spec, () => "real");
  const fake = Depends(replacement.spec, () => "fake");
  const app = new App()
    .get("/me", { deps: { user } }, ({ deps }) => deps.user)
    .websocket("/ws", { deps: { user } }, async (ws, { deps }) => {
      await ws.accept();
      await ws.sendJson(deps.user);
      await ws.close();
    });
  await using client = new TestClient(app);
  assert.equal((await client.get("/me")).json(), "real");
  const before = await client.websocketConnect("/ws");
  assert.equal(await before.receiveJson(), "real");

  app.dependencyOverrides.set(user, fake);
  // The WebSocket route first: the change is noticed whichever kind of request comes next, for both kinds.
  const after = await client.websocketConnect("/ws");
  assert.equal(await after.receiveJson(), "fake");
  assert.equal((await client.get("/me")).json(), "fake");
  assert.equal(replacement.reads(), 2, "one rebuild per route (HTTP and WebSocket), not per request");

  app.dependencyOverrides.clear();
  assert.equal((await client.get("/me")).json(), "real");
  const restored = await client.websocketConnect("/ws");
  assert.equal(await restored.receiveJson(), "real");
});
