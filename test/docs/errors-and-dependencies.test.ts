// docs/tutorial/handling-errors.md and dependencies.md: each sample answers what its page shows.
import { test } from "node:test";
import assert from "node:assert/strict";
import { setImmediate as tick } from "node:timers/promises";
import { TestClient } from "skiffjs/testing";
import { app as errors, plainErrors } from "../../docs/samples/handling-errors/main.ts";
import { app as commons } from "../../docs/samples/dependencies/main.ts";
import { app as subDependencies } from "../../docs/samples/dependencies/sub-dependencies.ts";
import { app as withYield, events } from "../../docs/samples/dependencies/with-yield.ts";
import { app as global, routeLevel } from "../../docs/samples/dependencies/global.ts";
import { app as classes } from "../../docs/samples/dependencies/classes.ts";

test("handling errors: HTTPException with headers, a handler for your own error class", async () => {
  await using client = new TestClient(errors);
  assert.deepEqual((await client.get("/items/foo")).json(), { item: "The Foo Wrestlers" });
  const missing = await client.get("/items/bar");
  assert.equal(missing.status, 404);
  assert.deepEqual(missing.json(), { detail: "Item not found" });
  assert.equal(missing.headers.get("x-error"), "There goes my error");
  const teapot = await client.get("/unicorns/yolo");
  assert.equal(teapot.status, 418);
  assert.deepEqual(teapot.json(), { message: "Oops! yolo did something. There goes a rainbow..." });
});

test("handling errors: validation errors as plain text through an exception handler", async () => {
  await using client = new TestClient(plainErrors);
  const invalid = await client.get("/items/x");
  assert.equal(invalid.status, 400);
  assert.equal(invalid.headers.get("content-type"), "text/plain; charset=utf-8");
  assert.equal(invalid.text, "path.item_id: Input should be a valid integer, unable to parse string as an integer");
  assert.deepEqual((await client.get("/items/3")).json(), { item_id: 3 });
});

test("dependencies: shared parameters, validated and typed", async () => {
  await using client = new TestClient(commons);
  assert.deepEqual((await client.get("/items?q=x&skip=1&limit=1")).json(), { q: "x", skip: 1, limit: 1, items: [{ item_name: "Bar" }] });
  assert.deepEqual((await client.get("/users")).json(), { skip: 0, limit: 100 });
  assert.deepEqual((await client.get("/users?limit=a")).json().detail[0].loc, ["query", "limit"]);
  const parameters = (await client.get("/openapi.json")).json().paths["/users"].get.parameters;
  assert.deepEqual(
    parameters.map((p: { name: string }) => p.name),
    ["q", "skip", "limit"],
  );
});

test("dependencies: sub-dependencies, resolved once per request", async () => {
  await using client = new TestClient(subDependencies);
  assert.deepEqual((await client.get("/items?q=x")).json(), { q_or_cookie: "x", same_value_twice: true });
  assert.deepEqual((await client.get("/items", { cookies: { last_query: "y" } })).json(), { q_or_cookie: "y", same_value_twice: true });
});

test("dependencies with yield: teardown after the response, and after a failure", async () => {
  await using client = new TestClient(withYield);
  events.length = 0;
  assert.deepEqual((await client.get("/session")).json(), { session: 0 });
  await tick();
  assert.deepEqual(events, ["open", "handler", "close"]);
  events.length = 0;
  assert.equal((await client.get("/fails")).status, 500);
  await tick();
  assert.deepEqual(events, ["open", "close"]);
});

test("dependencies: a list on the route, and for the whole app", async () => {
  const good = { "x-token": "fake-super-secret-token", "x-key": "fake-super-secret-key" };
  await using route = new TestClient(routeLevel);
  assert.deepEqual((await route.get("/items", { headers: good })).json(), [{ item: "Foo" }, { item: "Bar" }]);
  const badKey = await route.get("/items", { headers: { ...good, "x-key": "no" } });
  assert.equal(badKey.status, 400);
  assert.deepEqual(badKey.json(), { detail: "X-Key header invalid" });
  const none = await route.get("/items");
  assert.equal(none.status, 422);
  assert.deepEqual(
    none
      .json()
      .detail.map((issue: { loc: string[] }) => issue.loc.join("."))
      .sort(),
    ["header.x-key", "header.x-token"],
  );

  await using app = new TestClient(global);
  assert.deepEqual((await app.get("/users/", { headers: good })).json(), [{ username: "Rick" }, { username: "Morty" }]);
  assert.deepEqual((await app.get("/items", { headers: { ...good, "x-token": "bad" } })).json(), { detail: "X-Token header invalid" });
});

test("classes as dependencies: an instance with its methods, a configured checker, a factory", async () => {
  await using client = new TestClient(classes);
  assert.deepEqual((await client.get("/items?q=x&skip=1&limit=1")).json(), { q: "x", items: [{ item_name: "Bar" }] });
  assert.deepEqual((await client.get("/items?limit=a")).json().detail[0].loc, ["query", "limit"]);
  assert.deepEqual((await client.get("/query-checker?q=foobar")).json(), { fixed_content_in_query: true });
  assert.deepEqual((await client.get("/query-checker")).json(), { fixed_content_in_query: false });
  assert.deepEqual((await client.get("/client", { headers: { "x-client": "mobile" } })).json(), { mobile: true });
  assert.deepEqual((await client.get("/client")).json(), { mobile: false });
  const paths = (await client.get("/openapi.json")).json().paths;
  assert.deepEqual(
    paths["/items"].get.parameters.map((p: { name: string }) => p.name),
    ["q", "skip", "limit"],
  );
  assert.deepEqual(
    paths["/client"].get.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`),
    ["header:x-client"],
  );
});
