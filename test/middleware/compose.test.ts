import { test } from "node:test";
import assert from "node:assert/strict";
import { App, PlainTextResponse, websocketAware, type Middleware } from "skiffjs";
import { TestClient } from "skiffjs/testing";
import { silent } from "./helpers.ts";

test("middleware runs in the order added, outermost first, and sees the response on the way out", async () => {
  const seen: string[] = [];
  const tag =
    (name: string): Middleware =>
    async (request, next) => {
      seen.push(`${name}:in`);
      const response = await next(request);
      seen.push(`${name}:out`);
      response.headers.append("x-order", name);
      return response;
    };
  const app = new App({ logger: silent }).get("/", () => "ok");
  app.use(tag("a"), tag("b"));
  const res = await new TestClient(app).get("/");
  assert.equal(res.status, 200);
  assert.deepEqual(seen, ["a:in", "b:in", "b:out", "a:out"]);
  assert.equal(res.headers.get("x-order"), "b, a");
});

test("a middleware may answer without calling next", async () => {
  let reached = false;
  const app = new App({ logger: silent }).get("/", () => {
    reached = true;
    return "ok";
  });
  app.middleware((request) => new PlainTextResponse(`blocked ${request.path}`, { status: 403 }));
  const res = await new TestClient(app).get("/");
  assert.equal(res.status, 403);
  assert.equal(res.text, "blocked /");
  assert.equal(reached, false);
});

test("websocketAware marks a middleware without changing it", () => {
  const fn: Middleware = (request, next) => next(request);
  const marked = websocketAware(fn);
  assert.equal(marked, fn);
  assert.equal(marked.websocket, true);
});
