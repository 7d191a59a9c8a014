import { test } from "node:test";
import assert from "node:assert/strict";
import { App, Depends, HTTPException, t } from "skiffjs";
import { TestClient } from "skiffjs/testing";
import { deferred } from "./helpers.ts";

// FastAPI's docs_src "dependencies with yield and HTTPException": the owner check raises OwnerError in the handler,
// the dependency turns it into a 400.
class OwnerError extends Error {}
const data: Record<string, { description: string; owner: string }> = {
  plumbus: { description: "Freshly pickled plumbus", owner: "Morty" },
  "portal-gun": { description: "Gun to create portals", owner: "Rick" },
};
const getUsername = Depends(function* getUsername() {
  try {
    yield "Rick";
  } catch (error) {
    if (error instanceof OwnerError) throw new HTTPException(400, `Owner error: ${error.message}`);
    throw error;
  }
});
const ownerApp = () =>
  new App().get("/items/{item_id}", { deps: { username: getUsername } }, ({ path, deps }) => {
    const item = data[path.item_id];
    if (!item) throw new HTTPException(404, "Item not found");
    if (item.owner !== deps.username) throw new OwnerError(deps.username);
    return item;
  });

test("an HTTPException raised at a generator's yield becomes the response (FastAPI's owner error)", async () => {
  const client = new TestClient(ownerApp());
  const res = await client.get("/items/plumbus");
  assert.equal(res.status, 400);
  assert.deepEqual(res.json(), { detail: "Owner error: Rick" });
  assert.deepEqual((await client.get("/items/portal-gun")).json(), data["portal-gun"]);
  const missing = await client.get("/items/nonexistent");
  assert.equal(missing.status, 404);
  assert.deepEqual(missing.json(), { detail: "Item not found" });
});

test("the error reaches the innermost generator first; an error it raises is what outer ones see", async () => {
  const events: string[] = [];
  const outer = Depends(function* outer() {
    try {
      yield "outer";
    } catch (error) {
      events.push(`outer saw ${(error as HTTPException).status ?? (error as Error).message}`);
      throw error;
    } finally {
      events.push("outer down");
    }
  });
  const inner = Depends({ deps: { outer } }, async function* inner() {
    try {
      yield "inner";
    } catch (error) {
      events.push(`inner saw ${(error as Error).message}`);
      throw new HTTPException(409, "Conflict");
    } finally {
      events.push("inner down");
    }
  });
  const app = new App().post("/", { deps: { inner } }, () => {
    throw new Error("write failed");
  });
  const res = await new TestClient(app).post("/");
  assert.equal(res.status, 409);
  // Teardown ran before the error response was made: every event is in before the response arrived.
  assert.deepEqual(events, ["inner saw write failed", "inner down", "outer saw 409", "outer down"]);
});

test("teardown runs exactly once when an error was thrown in", async () => {
  let teardowns = 0;
  const resource = Depends(async function* resource() {
    try {
      yield 1;
    } finally {
      teardowns++;
    }
  });
  const app = new App().get("/", { deps: { resource } }, () => {
    throw new HTTPException(418, "teapot");
  });
  const res = await new TestClient(app).get("/");
  assert.equal(res.status, 418);
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(teardowns, 1);
});

test("a 422 of the route's own params is thrown into the generators that ran", async () => {
  const seen: string[] = [];
  const done = deferred();
  const session = Depends(function* session() {
    try {
      yield "s";
    } catch (error) {
      seen.push((error as Error).name);
      throw error;
    } finally {
      done.resolve();
    }
  });
  const app = new App().get("/", { query: { n: t.Integer() }, deps: { session } }, () => "never");
  const res = await new TestClient(app).get("/", { query: { n: "x" } });
  assert.equal(res.status, 422);
  await done.promise;
  assert.deepEqual(seen, ["RequestValidationError"]);
});

test("when all goes well, teardown still waits until after the response", async () => {
  const events: string[] = [];
  const done = deferred();
  const resource = Depends(async function* resource() {
    yield "r";
    events.push("teardown");
    done.resolve();
  });
  const app = new App().get("/", { deps: { resource } }, () => {
    events.push("handler");
    return "ok";
  });
  const res = await new TestClient(app).get("/");
  assert.equal(res.json(), "ok");
  await done.promise;
  assert.deepEqual(events, ["handler", "teardown"]);
});
