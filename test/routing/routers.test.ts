import { test } from "node:test";
import assert from "node:assert/strict";
import { App, APIRouter } from "skiffjs";
import { TestClient } from "skiffjs/testing";

test("routers nest, prefixes add up, tags accumulate, app.route covers several methods", async () => {
  const users = new APIRouter({ prefix: "/users", tags: ["users"] })
    .get("/{user_id:int}", { tags: ["read"] }, ({ path }) => ({ id: path.user_id }))
    .get("/", () => ["all"]);
  const api = new APIRouter({ prefix: "/api", tags: ["api"] });
  api.includeRouter(users);
  const app = new App().includeRouter(api, { prefix: "/v1" });
  app.route(["GET", "POST"], "/echo", ({ request }) => request.method);
  const client = new TestClient(app);
  assert.deepEqual((await client.get("/v1/api/users/7")).json(), { id: 7 });
  assert.deepEqual((await client.get("/v1/api/users/")).json(), ["all"]);
  assert.equal((await client.post("/echo")).json(), "POST");
  assert.equal((await client.get("/echo")).json(), "GET");
  const route = app.routes.find((r) => r.path === "/v1/api/users/{user_id:int}")!;
  assert.deepEqual(route.tags, ["api", "users", "read"]);
});

test("a router prefix must start and must not end with a slash", () => {
  assert.throws(() => new APIRouter({ prefix: "/ws/" as "/ws" }), /must not end with "\/"/);
  assert.throws(() => new APIRouter({ prefix: "ws" as "/ws" }), /must start with "\/"/);
});
