// The typed client over a real socket: requests built as the server reads them, answers decoded and discriminated.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { RunningServer } from "skiffjs";
import { createClient } from "skiffjs/client";
import { createFixtureApp, type FixtureApp } from "./fixture-app.ts";

let server: RunningServer;
before(async () => {
  server = await createFixtureApp().listen({ port: 0 });
});
after(() => server.close());

const api = () => createClient<FixtureApp>(server.url);

test("200: data typed by the route's response schema", async () => {
  const r = await api().get("/items/{item_id}", { path: { item_id: 1 } });
  assert.equal(r.ok, true);
  assert.equal(r.status, 200);
  if (!r.ok) return;
  assert.deepEqual(r.data, { name: "kayak", price: 450, tags: ["boat"] });
  assert.equal(r.error, undefined);
  assert.equal(r.response.headers.get("content-type"), "application/json");
});

test("201 with a JSON body; defaults filled by the server", async () => {
  const r = await api().post("/items", { json: { name: "canoe", price: 300 } });
  assert.equal(r.status, 201);
  assert.deepEqual(r.ok && r.data, { name: "canoe", price: 300, tags: [] });
});

test("422: the validation detail arrives as the typed error", async () => {
  const r = await api().post("/items", { json: { name: "canoe", price: "cheap" as unknown as number } });
  assert.deepEqual([r.ok, r.status], [false, 422]);
  if (r.ok || r.status !== 422) return;
  assert.equal(r.data, undefined);
  assert.deepEqual(
    r.error.detail.map((d) => [d.type, d.loc]),
    [["float_parsing", ["body", "price"]]],
  );
});

test("404: the declared error body", async () => {
  const r = await api().get("/items/{item_id}", { path: { item_id: 99 } });
  assert.deepEqual([r.ok, r.status], [false, 404]);
  if (r.ok || r.status !== 404) return;
  assert.deepEqual(r.error, { detail: "Item not found" });
});

test("path params are percent-encoded; query arrays repeat keys; numbers and booleans become text", async () => {
  const seen: string[] = [];
  const client = createClient<FixtureApp>(server.url, {
    fetch: (url, init) => {
      seen.push(url);
      return fetch(url, init);
    },
  });
  const r = await client.get("/echo/{name}", { path: { name: "a b?#%/é" }, query: { tag: ["x", "y&z"], n: 1.5, flag: false } });
  assert.equal(seen[0], `${server.url}/echo/a%20b%3F%23%25%2F%C3%A9?tag=x&tag=y%26z&n=1.5&flag=false`);
  assert.deepEqual(r.ok && r.data, { name: "a b?#%/é", tag: ["x", "y&z"], n: 1.5, flag: false });
});

test("a Date goes out as an ISO 8601 string", async () => {
  const at = new Date("2026-03-04T05:06:07.089Z");
  const r = await api().get("/since", { query: { at } });
  assert.deepEqual(r.ok && r.data, { iso: at.toISOString() });
});

test("headers: a function is called for every request; a call's own headers win and keep their types", async () => {
  let n = 0;
  const client = createClient<FixtureApp>(server.url, { headers: async () => ({ authorization: `Bearer token-${++n}` }) });
  const a = await client.get("/whoami", { headers: { "x-count": 3 } });
  const b = await client.get("/whoami");
  const c = await client.get("/whoami", { headers: { authorization: "Bearer mine" } });
  assert.deepEqual(
    [a.ok && a.data, b.ok && b.data, c.ok && c.data],
    [{ authorization: "Bearer token-1", count: 3 }, { authorization: "Bearer token-2" }, { authorization: "Bearer mine" }],
  );
  assert.equal(n, 3);
  const fixed = createClient<FixtureApp>(server.url, { headers: new Headers({ authorization: "Basic x" }) });
  const d = await fixed.get("/whoami");
  assert.deepEqual(d.ok && d.data, { authorization: "Basic x" });
});

test("cookies become a cookie header (Node; browsers send their own)", async () => {
  const r = await api().get("/cookie", { cookies: { session: "a b;c" } });
  assert.deepEqual(r.ok && r.data, { session: "a b;c" });
});

test("form bodies are URL-encoded, or multipart when a value is a Blob", async () => {
  const sent: RequestInit[] = [];
  const client = createClient<FixtureApp>(server.url, {
    fetch: async (_url, init) => {
      sent.push(init);
      return new Response(null, { status: 204 });
    },
  });
  await client.post("/login", { form: { username: "ann&bob", password: "p=1" } });
  assert.ok(sent[0]!.body instanceof URLSearchParams);
  assert.equal(String(sent[0]!.body), "username=ann%26bob&password=p%3D1");
  assert.equal(new Headers(sent[0]!.headers).get("content-type"), null); // fetch sets it from the body
  await client.post("/login", { form: { username: new Blob(["ann"]) as unknown as string, password: "p" } });
  assert.ok(sent[1]!.body instanceof FormData);
});

test("form bodies reach the server", async () => {
  const r = await api().post("/login", { form: { username: "ann&bob", password: "p=1" } });
  assert.deepEqual(r.ok && r.data, { user: "ann&bob" });
});

test("empty answers: 204 and HEAD give undefined data; text stays text", async () => {
  const del = await api().delete("/items/{item_id}", { path: { item_id: 1 } });
  assert.deepEqual([del.ok, del.status, del.data], [true, 204, undefined]);
  const head = await api().head("/items/{item_id}", { path: { item_id: 1 } });
  assert.deepEqual([head.ok, head.status, head.data], [true, 200, undefined]);
  const text = await api().get("/text");
  assert.equal(text.ok && text.data, "plain");
});

test("routes of an included router, under its prefix", async () => {
  const r = await api().get("/v1/users/{user_id}", { path: { user_id: 42 } });
  assert.deepEqual(r.ok && r.data, { id: 42 });
});

test("an undeclared failure still resolves with ok: false and the body as sent", async () => {
  const client = createClient<FixtureApp>(server.url);
  const r = await client.get("/items/{item_id}", { path: { item_id: "nope" as unknown as number } });
  assert.equal(r.status, 422);
  const base = createClient<FixtureApp>(`${server.url}/missing-prefix/`);
  const missing = await base.get("/text");
  assert.deepEqual([missing.ok, missing.status, missing.error], [false, 404, { detail: "Not Found" }]);
});

test("a base URL with a path and a trailing slash; abort signals reach fetch", async () => {
  const r = await createClient<FixtureApp>(`${server.url}/`).get("/text");
  assert.equal(r.ok && r.data, "plain");
  await assert.rejects(api().get("/text", { signal: AbortSignal.abort() }), { name: "AbortError" });
});

test("a missing path param is a clear error, not a request to a literal {name}", async () => {
  await assert.rejects(
    api().get("/items/{item_id}", { path: {} as { item_id: number } }),
    /Missing path parameter "item_id" for \/items\/\{item_id\}/,
  );
});
