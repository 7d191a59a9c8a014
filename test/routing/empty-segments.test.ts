import { test } from "node:test";
import assert from "node:assert/strict";
import { App } from "skiffjs";
import { TestClient } from "skiffjs/testing";

test("{param} never matches an empty segment: /users/ is a 404, and /users does not redirect into it", async () => {
  let reached = false;
  const app = new App().get("/users/{user_id}", ({ path }) => {
    reached = true;
    return { user_id: path.user_id };
  });
  const client = new TestClient(app);
  const slash = await client.get("/users/");
  assert.equal(slash.status, 404);
  assert.deepEqual(slash.json(), { detail: "Not Found" });
  const bare = await client.get("/users");
  assert.equal(bare.status, 404);
  assert.equal(reached, false);
  assert.deepEqual((await client.get("/users/7")).json(), { user_id: "7" });
});

test("an empty segment in the middle of a path matches nothing either", async () => {
  const app = new App().get("/users/{user_id}/items", ({ path }) => path.user_id);
  const client = new TestClient(app);
  assert.equal((await client.get("/users//items")).status, 404);
  assert.equal((await client.get("/users/a/items")).json(), "a");
});

test("where the other form has a route, the empty segment gets the slash redirect", async () => {
  const app = new App().get("/users", () => "list").get("/users/{user_id}", ({ path }) => path.user_id);
  const client = new TestClient(app);
  const res = await client.get("/users/");
  assert.equal(res.status, 307);
  assert.equal(res.headers.get("location"), "/users");
});

test("an empty segment is no 405 either: no route of any method matches it", async () => {
  const app = new App().post("/users/{user_id}", ({ path }) => path.user_id);
  const res = await new TestClient(app).get("/users/");
  assert.equal(res.status, 404);
});

test("{rest:path} may still be empty, as Starlette's path convertor", async () => {
  const app = new App().get("/files/{rest:path}", ({ path }) => ({ rest: path.rest }));
  assert.deepEqual((await new TestClient(app).get("/files/")).json(), { rest: "" });
});
