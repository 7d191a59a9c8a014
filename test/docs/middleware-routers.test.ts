// docs/tutorial/middleware.md, cors.md, bigger-applications.md and background-tasks.md: each sample answers what its page shows.
import { test } from "node:test";
import assert from "node:assert/strict";
import { gunzipSync } from "node:zlib";
import { setImmediate as tick } from "node:timers/promises";
import { TestClient } from "skiffjs/testing";
import { app as middleware } from "../../docs/samples/middleware/main.ts";
import { app as corsApp } from "../../docs/samples/cors/main.ts";
import { app as bigger } from "../../docs/samples/bigger-apps/main.ts";
import { app as background, sent } from "../../docs/samples/background-tasks/main.ts";

test("middleware: your own timing header, gzip past the minimum size", async () => {
  await using client = new TestClient(middleware);
  const small = await client.get("/", { headers: { "accept-encoding": "gzip" } });
  assert.match(small.headers.get("x-process-time") ?? "", /^\d+\.\d{6}$/);
  assert.equal(small.headers.get("content-encoding"), null);
  const large = await client.get("/report", { headers: { "accept-encoding": "gzip" } });
  assert.equal(large.headers.get("content-encoding"), "gzip");
  assert.equal(JSON.parse(gunzipSync(large.body).toString()).rows.length, 200);
});

test("CORS: allowed origins get their preflight and headers, others a 400 or no CORS headers", async () => {
  await using client = new TestClient(corsApp);
  const preflight = await client.options("/items", {
    headers: {
      origin: "http://localhost:8080",
      "access-control-request-method": "DELETE",
      "access-control-request-headers": "authorization, x-request-id",
    },
  });
  assert.deepEqual([preflight.status, preflight.text], [200, "OK"]);
  assert.equal(preflight.headers.get("access-control-allow-origin"), "http://localhost:8080");
  assert.equal(preflight.headers.get("access-control-allow-methods"), "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT");
  assert.equal(preflight.headers.get("access-control-allow-headers"), "authorization, x-request-id");
  assert.equal(preflight.headers.get("access-control-allow-credentials"), "true");
  assert.equal(preflight.headers.get("access-control-max-age"), "600");

  const ask = (origin: string) => client.options("/items", { headers: { origin, "access-control-request-method": "GET" } });
  const preview = await ask("https://pr-42.preview.shop.example");
  assert.equal(preview.headers.get("access-control-allow-origin"), "https://pr-42.preview.shop.example");
  for (const origin of ["https://pr-42.preview.shop.example.evil.example", "http://localhost:3000"]) {
    const foreign = await ask(origin);
    assert.deepEqual([foreign.status, foreign.text], [400, "Disallowed CORS origin"], origin);
    assert.equal(foreign.headers.get("access-control-allow-origin"), null, origin);
  }

  const allowed = await client.get("/items", { headers: { origin: "https://shop.example" } });
  assert.deepEqual(allowed.json(), [{ name: "Foo" }, { name: "Bar" }]);
  assert.equal(allowed.headers.get("access-control-allow-origin"), "https://shop.example");
  assert.equal(allowed.headers.get("access-control-expose-headers"), "x-total-count");
  assert.equal(allowed.headers.get("vary"), "Origin");
  const other = await client.get("/items", { headers: { origin: "https://evil.example" } });
  assert.deepEqual([other.status, other.headers.get("access-control-allow-origin")], [200, null]);
});

test("bigger applications: routers with prefixes, tags and dependencies", async () => {
  await using client = new TestClient(bigger);
  const token = { "x-token": "fake-super-secret-token" };
  assert.deepEqual((await client.get("/")).json(), { message: "Hello Bigger Applications!" });
  assert.deepEqual((await client.get("/users/")).json(), [{ username: "Rick" }, { username: "Morty" }]);
  assert.deepEqual((await client.get("/users/me")).json(), { username: "fakecurrentuser" });
  assert.deepEqual((await client.get("/users/bob")).json(), { username: "bob" });
  assert.equal((await client.get("/items/")).status, 422);
  assert.deepEqual((await client.get("/items/gun", { headers: token })).json(), { name: "Portal Gun", item_id: "gun" });
  assert.equal((await client.get("/items/nope", { headers: token })).status, 404);
  assert.deepEqual((await client.post("/admin/?token=a")).json(), { message: "Admin getting schwifty" });
  assert.deepEqual((await client.post("/admin/")).json().detail[0].loc, ["query", "token"]);

  const paths = (await client.get("/openapi.json")).json().paths;
  assert.deepEqual(paths["/users/me"].get.tags, ["users"]);
  assert.deepEqual(paths["/items/{item_id}"].get.tags, ["items"]);
  assert.deepEqual(paths["/admin/"].post.tags, ["admin"]);
});

test("background tasks: run after the response, in order", async () => {
  await using client = new TestClient(background);
  sent.length = 0;
  const response = await client.post("/send-notification/rick@example.com?q=portal");
  assert.deepEqual(response.json(), { message: "Notification sent in the background" });
  await tick();
  assert.deepEqual(sent, ["notification for rick@example.com: some notification", "notification for rick@example.com: found query: portal"]);
});
