import { test } from "node:test";
import assert from "node:assert/strict";
import { App, requestId } from "skiffjs";
import { TestClient } from "skiffjs/testing";
import { silent } from "./helpers.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function appWith(options?: Parameters<typeof requestId>[0]): TestClient {
  const app = new App({ logger: silent }).get("/", ({ request }) => ({ id: request.id }));
  app.use(requestId(options));
  return new TestClient(app);
}

test("a new UUID per request, on the response and as request.id", async () => {
  const client = appWith();
  const a = await client.get("/");
  const b = await client.get("/");
  assert.match(a.headers.get("x-request-id")!, UUID);
  assert.equal(a.json().id, a.headers.get("x-request-id"));
  assert.notEqual(a.headers.get("x-request-id"), b.headers.get("x-request-id"));
});

test("a sane incoming id is kept; an unsafe one is replaced", async () => {
  const client = appWith();
  const kept = await client.get("/", { headers: { "x-request-id": "edge-7f3a:42" } });
  assert.equal(kept.headers.get("x-request-id"), "edge-7f3a:42");
  assert.equal(kept.json().id, "edge-7f3a:42");
  for (const bad of ["has space", "x".repeat(129), "<script>", "a\tb"]) {
    const res = await client.get("/", { headers: { "x-request-id": bad } });
    assert.match(res.headers.get("x-request-id")!, UUID, bad);
  }
});

test("custom header, generator, and not trusting the client", async () => {
  let n = 0;
  const client = appWith({ header: "X-Correlation-ID", generate: () => `gen-${++n}` });
  const fresh = await client.get("/");
  assert.equal(fresh.headers.get("x-correlation-id"), "gen-1");
  assert.equal(fresh.headers.get("x-request-id"), null);
  const given = await client.get("/", { headers: { "x-correlation-id": "abc" } });
  assert.equal(given.json().id, "abc");

  const distrustful = appWith({ trustIncoming: false, generate: () => "mine" });
  const res = await distrustful.get("/", { headers: { "x-request-id": "theirs" } });
  assert.equal(res.headers.get("x-request-id"), "mine");
});

test("error responses carry the id too", async () => {
  const app = new App({ logger: silent }).get("/boom", () => {
    throw new Error("boom");
  });
  app.use(requestId());
  const res = await new TestClient(app).get("/boom", { headers: { "x-request-id": "err-1" } });
  assert.equal(res.status, 500);
  assert.equal(res.headers.get("x-request-id"), "err-1");
  const missing = await new TestClient(app).get("/nowhere", { headers: { "x-request-id": "err-2" } });
  assert.equal(missing.status, 404);
  assert.equal(missing.headers.get("x-request-id"), "err-2");
});
