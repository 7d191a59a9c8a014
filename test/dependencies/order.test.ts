import { test } from "node:test";
import assert from "node:assert/strict";
import { App, Depends, HTTPException, OAuth2PasswordBearer, t } from "skiffjs";
import { TestClient } from "skiffjs/testing";
import { deferred, tick } from "./helpers.ts";

// FastAPI's docs_src "dependencies in path operation decorators": two header-checking dependencies.
const verifyToken = Depends({ headers: { "x-token": t.String() } }, ({ headers }) => {
  if (headers["x-token"] !== "fake-super-secret-token") throw new HTTPException(400, "X-Token header invalid");
});
const verifyKey = Depends({ headers: { "x-key": t.String() } }, ({ headers }) => {
  if (headers["x-key"] !== "fake-super-secret-key") throw new HTTPException(400, "X-Key header invalid");
  return headers["x-key"];
});
const items = () => new App().get("/items/", { deps: [verifyToken, verifyKey] }, () => [{ item: "Foo" }, { item: "Bar" }]);

test("an earlier dependency's HTTPException wins over a later dependency's missing header", async () => {
  const client = new TestClient(items());
  const res = await client.get("/items/", { headers: { "x-token": "invalid" } });
  assert.equal(res.status, 400);
  assert.deepEqual(res.json(), { detail: "X-Token header invalid" });
  const second = await client.get("/items/", { headers: { "x-token": "fake-super-secret-token", "x-key": "invalid" } });
  assert.equal(second.status, 400);
  assert.deepEqual(second.json(), { detail: "X-Key header invalid" });
  const ok = await client.get("/items/", { headers: { "x-token": "fake-super-secret-token", "x-key": "fake-super-secret-key" } });
  assert.deepEqual(ok.json(), [{ item: "Foo" }, { item: "Bar" }]);
});

test("with both headers missing, both errors come back in declaration order", async () => {
  const res = await new TestClient(items()).get("/items/");
  assert.equal(res.status, 422);
  assert.deepEqual(res.json(), {
    detail: [
      { type: "missing", loc: ["header", "x-token"], msg: "Field required", input: null },
      { type: "missing", loc: ["header", "x-key"], msg: "Field required", input: null },
    ],
  });
});

test("a 422 lists sub-dependencies first, in declaration order, then the route's own params", async () => {
  const inner = Depends({ headers: { "x-inner": t.Integer() } }, () => "inner");
  const first = Depends({ query: { page: t.Integer() }, deps: { inner } }, () => "first");
  const second = Depends({ cookies: { session: t.String() } }, () => "second");
  const app = new App().get("/items/{item_id}", { path: { item_id: t.Integer() }, query: { q: t.String() }, deps: { first, second } }, () => "never");
  const res = await new TestClient(app).get("/items/x", { headers: { "x-inner": "y" }, query: { page: "z" } });
  assert.equal(res.status, 422);
  const locs = (res.json() as { detail: { loc: string[] }[] }).detail.map((d) => d.loc.join("."));
  assert.deepEqual(locs, ["header.x-inner", "query.page", "cookie.session", "path.item_id", "query.q"]);
});

test("within one dependant: path, query, header, cookie, then body", async () => {
  const app = new App().post(
    "/things/{id}",
    {
      path: { id: t.Integer() },
      query: { q: t.Integer() },
      headers: { "x-h": t.Integer() },
      cookies: { c: t.Integer() },
      body: t.Object({ name: t.String() }),
    },
    () => "never",
  );
  const res = await new TestClient(app).post("/things/a", { query: { q: "b" }, headers: { "x-h": "c" }, cookies: { c: "d" }, json: {} });
  const locs = (res.json() as { detail: { loc: string[] }[] }).detail.map((d) => d.loc.join("."));
  assert.deepEqual(locs, ["path.id", "query.q", "header.x-h", "cookie.c", "body.name"]);
});

test("a dependency below an invalid one does not run; its siblings still do", async () => {
  const ran: string[] = [];
  const invalid = Depends({ query: { n: t.Integer() } }, () => void ran.push("invalid"));
  const above = Depends({ deps: { invalid } }, () => void ran.push("above"));
  const sibling = Depends(() => void ran.push("sibling"));
  const app = new App().get("/", { deps: { above, sibling } }, () => "never");
  const res = await new TestClient(app).get("/", { query: { n: "x" } });
  assert.equal(res.status, 422);
  assert.deepEqual(ran, ["sibling"]);
});

test("a dependency's error wins over the route's own invalid params and body (401 before 422)", async () => {
  const oauth2 = OAuth2PasswordBearer({ tokenUrl: "token" });
  const app = new App().post(
    "/items",
    { query: { limit: t.Integer() }, body: t.Object({ name: t.String() }), deps: { token: oauth2 } },
    () => "never",
  );
  const client = new TestClient(app);
  const res = await client.post("/items", { query: { limit: "x" }, json: {} });
  assert.equal(res.status, 401);
  assert.deepEqual(res.json(), { detail: "Not authenticated" });
  const authorized = await client.post("/items", { query: { limit: "x" }, json: {}, headers: { authorization: "Bearer t" } });
  assert.equal(authorized.status, 422);
});

test("each dependency gets its own params validated by its own schema", async () => {
  const asNumber = Depends({ query: { id: t.Integer() } }, ({ query }) => query.id);
  const asText = Depends({ query: { id: t.String() } }, ({ query }) => query.id);
  const app = new App().get("/", { deps: { asNumber, asText } }, ({ deps }) => [deps.asNumber, deps.asText]);
  assert.deepEqual((await new TestClient(app).get("/", { query: { id: "7" } })).json(), [7, "7"]);
});

test("running concurrently, the earliest declared dependency's error still wins", async () => {
  const late = deferred();
  const first = Depends(async () => {
    await late.promise;
    throw new HTTPException(400, "first");
  });
  const second = Depends(async () => {
    throw new HTTPException(403, "second");
  });
  const app = new App().get("/", { deps: { first, second } }, () => "never");
  const pending = new TestClient(app).get("/");
  await tick(10);
  late.resolve();
  const res = await pending;
  assert.equal(res.status, 400);
  assert.deepEqual(res.json(), { detail: "first" });
});

test("app-level dependencies come first in the 422 too", async () => {
  const appLevel = Depends({ headers: { "x-app": t.String() } }, () => undefined);
  const app = new App({ deps: [appLevel] }).get("/", { query: { q: t.String() } }, () => "never");
  const res = await new TestClient(app).get("/");
  const locs = (res.json() as { detail: { loc: string[] }[] }).detail.map((d) => d.loc.join("."));
  assert.deepEqual(locs, ["header.x-app", "query.q"]);
});
