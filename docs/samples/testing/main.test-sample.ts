// Run with: node --import tsx --test main.test.ts
import { test } from "node:test";
import assert from "node:assert/strict";
import { Depends } from "skiffjs";
import { TestClient } from "skiffjs/testing";
import { app, currentUser } from "./main.ts";

test("read an item", async () => {
  await using client = new TestClient(app); // runs the lifespan; `await using` stops it at the end of the test
  const response = await client.get("/items/foo", { headers: { "x-token": "coneofsilence" } });
  assert.equal(response.status, 200);
  assert.deepEqual(response.json(), { id: "foo", title: "Foo", description: "There goes my hero" });
});

test("a bad token", async () => {
  await using client = new TestClient(app);
  const response = await client.get("/items/foo", { headers: { "x-token": "hailhydra" } });
  assert.equal(response.status, 400);
  assert.deepEqual(response.json(), { detail: "Invalid X-Token header" });
});

test("a dependency replaced for a test", async () => {
  app.dependencyOverrides.set(
    currentUser,
    Depends(() => ({ name: "test user" })),
  );
  try {
    await using client = new TestClient(app);
    // The replacement declares no x-token header, so none is needed (the real dependency would answer 422).
    const response = await client.get("/me");
    assert.deepEqual(response.json(), { name: "test user" });
  } finally {
    app.dependencyOverrides.clear();
  }
});

test("a WebSocket", async () => {
  await using client = new TestClient(app);
  const ws = await client.websocketConnect("/ws");
  assert.deepEqual(await ws.receiveJson({ timeout: 1000 }), { msg: "Hello WebSocket" });
  assert.deepEqual(await ws.closed, { code: 1000, reason: "" });
});
