// docs/tutorial/body-nested.md, cookies-headers.md, response-model.md, status-codes.md: each sample answers what
// its page shows.
import { test } from "node:test";
import assert from "node:assert/strict";
import { TestClient } from "skiffjs/testing";
import { app as nested, describe } from "../../docs/samples/body-nested/main.ts";
import { app as cookiesHeaders } from "../../docs/samples/cookies-headers/main.ts";
import { app as responseModel } from "../../docs/samples/response-model/main.ts";
import { app as responseHeaders } from "../../docs/samples/response-model/headers.ts";
import { app as shaping } from "../../docs/samples/response-model/shaping.ts";
import { app as statusCodes } from "../../docs/samples/status-codes/main.ts";

test("nested models: several bodies in one object, nested items validated with their full loc", async () => {
  await using client = new TestClient(nested);
  const item = { name: "Foo", price: 35.4, images: [{ url: "http://example.com/baz.jpg", name: "The Foo live" }] };
  const ok = await client.put("/items/5", { json: { item, user: { username: "dave" }, importance: 5 } });
  assert.deepEqual(ok.json(), { item_id: 5, item: { ...item, tags: [] }, user: { username: "dave" }, importance: 5 });

  const bad = await client.put("/items/5", {
    json: { item: { name: "", price: 0, tags: ["a", "a"], images: [{ url: "nope", name: "x" }] }, user: {}, importance: 0 },
  });
  assert.equal(bad.status, 422);
  assert.deepEqual(
    bad.json().detail.map((issue: { type: string; loc: unknown[] }) => [issue.type, issue.loc.join(".")]),
    [
      ["string_too_short", "body.item.name"],
      ["greater_than", "body.item.price"],
      ["unique_items", "body.item.tags"],
      ["url_parsing", "body.item.images.0.url"],
      ["missing", "body.user.username"],
      ["greater_than_equal", "body.importance"],
    ],
  );
  const empty = await client.put("/items/5");
  assert.deepEqual(
    empty.json().detail.map((issue: { type: string; loc: unknown[] }) => [issue.type, issue.loc.join(".")]),
    [
      ["missing", "body.item"],
      ["missing", "body.user"],
      ["missing", "body.importance"],
    ],
  );
  const schema = (await client.get("/openapi.json")).json().paths["/items/{item_id}"].put.requestBody.content["application/json"].schema;
  assert.deepEqual(schema, { $ref: "#/components/schemas/Body_put_items_item_id" });
  assert.deepEqual((await client.post("/images/multiple", { json: [{ url: "http://e.com/x.png", name: "x" }] })).json(), ["x"]);
  assert.deepEqual((await client.post("/index-weights", { json: { "1": 2.5, "2": 3 } })).json(), { "1": 2.5, "2": 3 });
  assert.deepEqual((await client.post("/index-weights", { json: { b: "x" } })).json().detail[0].loc, ["body", "b"]);
  assert.equal(describe({ name: "Foo", price: 1, tags: [] }), "Foo (no tags)");
});

test("cookies and headers: declared, typed, repeated headers as arrays, FastAPI's underscore spelling", async () => {
  await using client = new TestClient(cookiesHeaders);
  assert.deepEqual((await client.get("/items", { cookies: { ads_id: "abc" } })).json(), { ads_id: "abc" });
  assert.deepEqual((await client.get("/items")).json(), {});
  const headers = await client.get("/headers", { headers: { "user-agent": "curl/8.5.0", "x-token": "foo" } });
  assert.deepEqual(headers.json(), { "User-Agent": "curl/8.5.0", "X-Token values": ["foo"] });
  const repeated = await client.get("/headers", { headers: { "user-agent": "curl/8.5.0", "x-token": "foo, bar" } });
  assert.deepEqual(repeated.json(), { "User-Agent": "curl/8.5.0", "X-Token values": ["foo", "bar"] });
  assert.deepEqual((await client.get("/agent", { headers: { "user-agent": "curl/8.5.0" } })).json(), { "User-Agent": "curl/8.5.0" });
  const documented = (await client.get("/openapi.json")).json().paths["/agent"].get.parameters;
  assert.deepEqual(
    documented.map((p: { name: string; in: string }) => [p.in, p.name]),
    [["header", "user-agent"]],
  );
  assert.deepEqual((await client.get("/raw", { headers: { accept: "text/html" } })).json(), { accept: "text/html" });
});

test("response model: filters what is sent, fills defaults, documents the schema", async () => {
  await using client = new TestClient(responseModel);
  const created = await client.post("/user", { json: { username: "alice", password: "secret", email: "alice@example.com" } });
  assert.equal(created.status, 201);
  assert.deepEqual(created.json(), { username: "alice", email: "alice@example.com" });
  const badEmail = await client.post("/user", { json: { username: "alice", password: "secret", email: "nope" } });
  assert.equal(badEmail.status, 422);
  assert.deepEqual(badEmail.json().detail[0].loc, ["body", "email"]);
  assert.deepEqual((await client.get("/items/foo")).json(), { name: "Foo", price: 50.2, tax: 10.5 });
  assert.deepEqual((await client.get("/items/bar")).json(), { name: "bar", price: 62, tax: 20.2 });
  const schema = (await client.get("/openapi.json")).json();
  assert.deepEqual(schema.paths["/user"].post.responses["201"].content["application/json"].schema, { $ref: "#/components/schemas/UserOut" });
});

test("response model: leaving out unset fields, including or excluding some", async () => {
  await using client = new TestClient(shaping);
  assert.deepEqual((await client.get("/items/foo")).json(), { name: "Foo", price: 50.2 });
  assert.deepEqual((await client.get("/items/baz")).json(), { name: "Baz", description: null, price: 50.2, tax: 10.5, tags: [] });
  assert.equal((await client.get("/items/qux")).status, 404);
  assert.deepEqual((await client.get("/items/bar/name")).json(), { name: "Bar", description: "The bartenders" });
  assert.deepEqual((await client.get("/items/bar/public")).json(), { name: "Bar", description: "The bartenders", price: 62, tags: [] });
  const schema = (await client.get("/openapi.json")).json().paths["/items/{item_id}/name"].get.responses["200"].content["application/json"].schema;
  assert.deepEqual(Object.keys(schema.properties), ["name", "description", "price", "tax", "tags"]); // documented whole
});

test("response headers and cookies: set on the default response, or returned in a Response", async () => {
  await using client = new TestClient(responseHeaders);
  const login = await client.get("/login");
  assert.deepEqual(login.json(), { ok: true });
  assert.equal(login.headers.get("x-cat-dog"), "alone in the world");
  assert.equal(login.headers.get("set-cookie"), "session=abc; Path=/; HttpOnly; SameSite=Lax");
  const page = await client.get("/page");
  assert.equal(page.text, "<h1>Hello</h1>");
  assert.equal(page.headers.get("content-type"), "text/html; charset=utf-8");
  assert.equal(page.headers.get("cache-control"), "no-store");
});

test("status codes: fixed per route, or chosen per request", async () => {
  await using client = new TestClient(statusCodes);
  assert.equal((await client.post("/items", { json: { name: "a" } })).status, 201);
  const created = await client.put("/tasks/1", { json: { title: "write docs" } });
  assert.equal(created.status, 201);
  const replaced = await client.put("/tasks/1", { json: { title: "test docs" } });
  assert.equal(replaced.status, 200);
  assert.deepEqual(replaced.json(), { id: "1", title: "test docs" });
  const deleted = await client.delete("/tasks/1");
  assert.equal(deleted.status, 204);
  assert.equal(deleted.text, "");
  assert.equal(deleted.headers.get("content-type"), null);
});
