import { test } from "node:test";
import assert from "node:assert/strict";
import { App } from "skiffjs";
import { TestClient } from "skiffjs/testing";

test("lifespan startup runs before the first request, shutdown on dispose; yielded state lands in app.state", async () => {
  const events: string[] = [];
  const app = new App({
    lifespan: async function* () {
      events.push("startup");
      yield { db: "connected" };
      events.push("shutdown");
    },
  }).get("/", ({ request }) => ({ db: request.app.state.db }));
  {
    await using client = new TestClient(app);
    assert.deepEqual(events, []);
    assert.deepEqual((await client.get("/")).json(), { db: "connected" });
    assert.deepEqual((await client.get("/")).json(), { db: "connected" });
    assert.deepEqual(events, ["startup"]);
  }
  assert.deepEqual(events, ["startup", "shutdown"]);
});

test("app.listen serves on a real port and close() drains then runs shutdown", async () => {
  const events: string[] = [];
  let started!: () => void;
  const handlerStarted = new Promise<void>((resolve) => (started = resolve));
  const app = new App({
    lifespan: async function* () {
      events.push("up");
      yield;
      events.push("down");
    },
  }).get("/slow", async () => {
    started();
    await new Promise((r) => setTimeout(r, 200));
    return { slow: true };
  });
  const server = await app.listen({ port: 0 });
  assert.deepEqual(events, ["up"]);
  const inFlight = fetch(`${server.url}/slow`).then((r) => r.json());
  // Closed while the request is in the handler, however long the loaded machine took to deliver it.
  await handlerStarted;
  await server.close();
  assert.deepEqual(await inFlight, { slow: true });
  assert.deepEqual(events, ["up", "down"]);
  await assert.rejects(fetch(`${server.url}/slow`));
});
