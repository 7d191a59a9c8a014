import { test } from "node:test";
import assert from "node:assert/strict";
import { App, APIKeyCookie, APIKeyHeader, APIKeyQuery } from "skiffjs";
import { TestClient } from "skiffjs/testing";

test("APIKeyHeader reads the header case-insensitively and gives the key", async () => {
  const app = new App().get("/", { deps: { key: APIKeyHeader({ name: "X-API-Key" }) } }, ({ deps }) => deps.key);
  const client = new TestClient(app);
  assert.equal((await client.get("/", { headers: { "x-api-key": "k1" } })).json(), "k1");
  const res = await client.get("/");
  assert.equal(res.status, 401);
  assert.deepEqual(res.json(), { detail: "Not authenticated" });
  assert.equal(res.headers.get("www-authenticate"), "APIKey");
});

test("APIKeyQuery and APIKeyCookie; an empty key counts as missing", async () => {
  const app = new App()
    .get("/q", { deps: { key: APIKeyQuery({ name: "api_key" }) } }, ({ deps }) => deps.key)
    .get("/c", { deps: { key: APIKeyCookie({ name: "session" }) } }, ({ deps }) => deps.key);
  const client = new TestClient(app);
  assert.equal((await client.get("/q", { query: { api_key: "k2" } })).json(), "k2");
  assert.equal((await client.get("/q", { query: { api_key: "" } })).status, 401);
  assert.equal((await client.get("/c", { cookies: { session: "k3" } })).json(), "k3");
  const missing = await client.get("/c");
  assert.equal(missing.status, 401);
  assert.equal(missing.headers.get("www-authenticate"), "APIKey");
});

test("{ autoError: false } gives undefined", async () => {
  const app = new App().get("/", { deps: { key: APIKeyQuery({ name: "k", autoError: false }) } }, ({ deps }) => ({ key: deps.key ?? null }));
  assert.deepEqual((await new TestClient(app).get("/")).json(), { key: null });
});

test("a scheme without a name is refused when declared", () => {
  assert.throws(() => APIKeyHeader({ name: "" }), /APIKeyHeader\(\) needs the header name/);
});
