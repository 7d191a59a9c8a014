import { test } from "node:test";
import assert from "node:assert/strict";
import { App, HTTPException, JSONResponse, PlainTextResponse } from "skiffjs";
import { TestClient } from "skiffjs/testing";
import { pino } from "pino";

const silent = pino({ level: "silent" });

test("404 and 405 bodies as FastAPI's; Allow lists every method of the path", async () => {
  const app = new App({ logger: silent })
    .get("/items", () => [])
    .post("/items", () => ({}))
    .delete("/items", () => null);
  const client = new TestClient(app);
  const missing = await client.get("/nothing");
  assert.equal(missing.status, 404);
  assert.deepEqual(missing.json(), { detail: "Not Found" });
  const wrong = await client.put("/items");
  assert.equal(wrong.status, 405);
  assert.deepEqual(wrong.json(), { detail: "Method Not Allowed" });
  assert.deepEqual(wrong.headers.get("allow")!.split(", ").sort(), ["DELETE", "GET", "HEAD", "POST"]);
});

test("HEAD is answered for GET routes; an explicit head route wins", async () => {
  const app = new App({ logger: silent })
    .get("/a", () => ({ a: 1 }))
    .get("/b", () => ({ b: 1 }))
    .head("/b", ({ response }) => {
      response.headers.set("x-head", "explicit");
      return null;
    });
  const client = new TestClient(app);
  const a = await client.head("/a");
  assert.equal(a.status, 200);
  assert.equal(a.text, "");
  assert.equal(a.headers.get("content-length"), "7");
  const b = await client.head("/b");
  assert.equal(b.headers.get("x-head"), "explicit");
});

test("HTTPException answers {detail} with its status and headers", async () => {
  const app = new App({ logger: silent })
    .get("/teapot", () => {
      throw new HTTPException(418, "I'm a teapot", { "x-reason": "tea" });
    })
    .get("/structured", async () => {
      throw new HTTPException(400, { code: "bad", fields: ["a"] });
    })
    .get("/default-detail", () => {
      throw new HTTPException(403);
    });
  const client = new TestClient(app);
  const teapot = await client.get("/teapot");
  assert.equal(teapot.status, 418);
  assert.deepEqual(teapot.json(), { detail: "I'm a teapot" });
  assert.equal(teapot.headers.get("x-reason"), "tea");
  assert.deepEqual((await client.get("/structured")).json(), { detail: { code: "bad", fields: ["a"] } });
  assert.deepEqual((await client.get("/default-detail")).json(), { detail: "Forbidden" });
});

test("an unhandled error is a plain 500 without details; debug shows the stack", async () => {
  const boom = () => {
    throw new Error("secret database password in message");
  };
  const quiet = new App({ logger: silent }).get("/boom", boom);
  const res = await new TestClient(quiet).get("/boom");
  assert.equal(res.status, 500);
  assert.equal(res.text, "Internal Server Error");
  assert.equal(res.headers.get("content-type"), "text/plain; charset=utf-8");

  const debug = new App({ debug: true, logger: silent }).get("/boom", boom);
  const client = new TestClient(debug);
  const text = await client.get("/boom");
  assert.match(text.text, /Error: secret database password in message\n\s+at /);
  const html = await client.get("/boom", { headers: { accept: "text/html" } });
  assert.equal(html.headers.get("content-type"), "text/html; charset=utf-8");
  assert.match(html.text, /<h1>500 Server Error<\/h1>/);
});

test("exception handlers by class (and subclass) and by status", async () => {
  class DomainError extends Error {}
  class NotFoundError extends DomainError {}
  const app = new App({ logger: silent })
    .get("/domain", () => {
      throw new NotFoundError("no such thing");
    })
    .get("/teapot", () => {
      throw new HTTPException(418);
    });
  app.exceptionHandler(DomainError, (_request, error) => new JSONResponse({ error: error.message }, { status: 409 }));
  app.exceptionHandler(404, (request) => new PlainTextResponse(`nothing at ${request.path}`, { status: 404 }));
  app.exceptionHandler(418, () => ({ custom: "tea" }));
  const client = new TestClient(app);
  const domain = await client.get("/domain");
  assert.equal(domain.status, 409);
  assert.deepEqual(domain.json(), { error: "no such thing" });
  const missing = await client.get("/missing");
  assert.equal(missing.status, 404);
  assert.equal(missing.text, "nothing at /missing");
  const teapot = await client.get("/teapot");
  assert.equal(teapot.status, 418);
  assert.deepEqual(teapot.json(), { custom: "tea" });
});

test("trailing slashes redirect with a relative Location (never to http:// behind a TLS proxy)", async () => {
  const app = new App({ logger: silent }).get("/items/", () => []).get("/users", () => []);
  const client = new TestClient(app);
  const toSlash = await client.get("/items?limit=2", { headers: { "x-forwarded-proto": "https", host: "api.example" } });
  assert.equal(toSlash.status, 307);
  assert.equal(toSlash.headers.get("location"), "/items/?limit=2");
  const fromSlash = await client.get("/users/");
  assert.equal(fromSlash.status, 307);
  assert.equal(fromSlash.headers.get("location"), "/users");
  const off = new App({ logger: silent, redirectSlashes: false }).get("/users", () => []);
  assert.equal((await new TestClient(off).get("/users/")).status, 404);
});

test("request.url uses x-forwarded-proto only when the proxy is trusted", async () => {
  const handler = ({ request }: { request: { url: URL } }) => request.url.href;
  const untrusted = new App({ logger: silent }).get("/u", handler);
  const trusted = new App({ logger: silent, trustProxy: true }).get("/u", handler);
  const headers = { "x-forwarded-proto": "https", host: "api.example" };
  assert.equal((await new TestClient(untrusted).get("/u", { headers })).json(), "http://api.example/u");
  assert.equal((await new TestClient(trusted).get("/u", { headers })).json(), "https://api.example/u");
});
