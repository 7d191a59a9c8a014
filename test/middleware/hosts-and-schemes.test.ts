import { test } from "node:test";
import assert from "node:assert/strict";
import { App, httpsRedirect, trustedHost } from "skiffjs";
import { TestClient } from "skiffjs/testing";
import { silent } from "./helpers.ts";

function appWith(...middleware: Parameters<App["use"]>): TestClient {
  const app = new App({ logger: silent }).get("/path", ({ request }) => ({ url: request.url.href }));
  app.use(...middleware);
  return new TestClient(app);
}

test("trustedHost: allowed hosts pass, ports ignored; others get 400 Invalid host header", async () => {
  const client = appWith(trustedHost({ allowedHosts: ["testserver", "*.example.com"] }));
  assert.equal((await client.get("/path", { headers: { host: "testserver" } })).status, 200);
  assert.equal((await client.get("/path", { headers: { host: "testserver:8000" } })).status, 200);
  assert.equal((await client.get("/path", { headers: { host: "api.example.com" } })).status, 200);
  assert.equal((await client.get("/path", { headers: { host: "a.b.example.com" } })).status, 200);
  for (const host of ["example.com", "evilexample.com", "example.com.evil.org", "other"]) {
    const res = await client.get("/path", { headers: { host } });
    assert.equal(res.status, 400, host);
    assert.equal(res.text, "Invalid host header");
    assert.equal(res.headers.get("content-type"), "text/plain; charset=utf-8");
  }
});

test("trustedHost: a bare domain is redirected to its allowed www. form", async () => {
  const client = appWith(trustedHost({ allowedHosts: ["www.example.com"] }));
  const res = await client.get("/path?x=1", { headers: { host: "example.com" } });
  assert.equal(res.status, 307);
  assert.equal(res.headers.get("location"), "http://www.example.com/path?x=1");
  const off = appWith(trustedHost({ allowedHosts: ["www.example.com"], wwwRedirect: false }));
  assert.equal((await off.get("/path", { headers: { host: "example.com" } })).status, 400);
});

test("trustedHost: default and '*' allow any host; bad wildcard patterns are refused at startup", async () => {
  assert.equal((await appWith(trustedHost()).get("/path", { headers: { host: "anything" } })).status, 200);
  assert.equal((await appWith(trustedHost({ allowedHosts: ["*"] })).get("/path", { headers: { host: "x" } })).status, 200);
  for (const pattern of ["*example.com", "api.*.com", "example.*"]) {
    assert.throws(() => trustedHost({ allowedHosts: [pattern] }), /domain wildcard patterns must be like "\*\.example\.com"/);
  }
});

test("trustedHost: IPv6 literal hosts", async () => {
  const client = appWith(trustedHost({ allowedHosts: ["[::1]"] }));
  assert.equal((await client.get("/path", { headers: { host: "[::1]:8000" } })).status, 200);
  assert.equal((await client.get("/path", { headers: { host: "[::2]:8000" } })).status, 400);
});

test("httpsRedirect: plain http gets a 307 to https, default ports dropped, others kept", async () => {
  const client = appWith(httpsRedirect());
  const res = await client.get("/path?q=1", { headers: { host: "example.com" } });
  assert.equal(res.status, 307);
  assert.equal(res.headers.get("location"), "https://example.com/path?q=1");
  const port80 = await client.get("/path", { headers: { host: "example.com:80" } });
  assert.equal(port80.headers.get("location"), "https://example.com/path");
  const custom = await client.get("/path", { headers: { host: "example.com:8080" } });
  assert.equal(custom.headers.get("location"), "https://example.com:8080/path");
  const post = await client.post("/path", { headers: { host: "example.com" }, json: {} });
  assert.equal(post.status, 307);
});

test("httpsRedirect: behind a trusted proxy, x-forwarded-proto https passes", async () => {
  const app = new App({ logger: silent, trustProxy: true }).get("/path", () => "ok");
  app.use(httpsRedirect());
  const client = new TestClient(app);
  assert.equal((await client.get("/path", { headers: { "x-forwarded-proto": "https" } })).status, 200);
  assert.equal((await client.get("/path", { headers: { "x-forwarded-proto": "http" } })).status, 307);
  const untrusted = appWith(httpsRedirect());
  assert.equal((await untrusted.get("/path", { headers: { "x-forwarded-proto": "https" } })).status, 307);
});
