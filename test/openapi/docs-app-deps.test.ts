import { test } from "node:test";
import assert from "node:assert/strict";
import { App, Depends, HTTPException } from "skiffjs";
import { TestClient } from "skiffjs/testing";

test("app-level dependencies guard the routes but not the docs pages, as in FastAPI", async () => {
  const guard = Depends(({ request }) => {
    if (request.headers.get("x-key") !== "secret") throw new HTTPException(401, "Not authenticated");
  });
  const app = new App({ deps: [guard] }).get("/items", () => []);
  const client = new TestClient(app);
  assert.equal((await client.get("/items")).status, 401);
  assert.equal((await client.get("/items", { headers: { "x-key": "secret" } })).status, 200);
  assert.equal((await client.get("/openapi.json")).status, 200);
  assert.equal((await client.get("/docs")).status, 200);
  assert.equal((await client.get("/redoc")).status, 200);
});

test("openapiVersion 3.0.3 is an app option", async () => {
  const app = new App({ openapiVersion: "3.0.3" }).get("/", () => null);
  assert.equal(app.openapi().openapi, "3.0.3");
});
