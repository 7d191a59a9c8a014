import { test } from "node:test";
import assert from "node:assert/strict";
import { App, Depends, t } from "skiffjs";
import { TestClient } from "skiffjs/testing";

const pagination = Depends({ query: { skip: t.Integer({ default: 0 }), limit: t.Integer() } }, ({ query }) => ({
  skip: query.skip,
  limit: query.limit,
}));
const tenant = Depends({ headers: { "x-tenant": t.String() } }, ({ headers }) => headers["x-tenant"]);

test("a dependency's declared params are validated and converted for it", async () => {
  const app = new App().get("/items", { deps: { page: pagination } }, ({ deps }) => deps.page);
  const res = await new TestClient(app).get("/items", { query: { limit: "5" } });
  assert.equal(res.status, 200);
  assert.deepEqual(res.json(), { skip: 0, limit: 5 });
});

test("the route's and every dependency's params are validated together: all errors in one 422", async () => {
  const nested = Depends({ cookies: { session: t.String() }, deps: { tenant } }, ({ cookies, deps }) => `${deps.tenant}:${cookies.session}`);
  const app = new App().get("/items/{item_id}", { path: { item_id: t.Integer() }, deps: { page: pagination, who: nested } }, ({ path, deps }) => ({
    id: path.item_id,
    ...deps,
  }));
  const client = new TestClient(app);
  const res = await client.get("/items/abc", { query: { limit: "many" } });
  assert.equal(res.status, 422);
  const locs = (res.json() as { detail: { loc: string[]; type: string }[] }).detail.map((issue) => `${issue.loc.join(".")}:${issue.type}`);
  assert.deepEqual(locs.sort(), ["cookie.session:missing", "header.x-tenant:missing", "path.item_id:int_parsing", "query.limit:int_parsing"].sort());

  const ok = await client.get("/items/3", { query: { limit: "2" }, headers: { "x-tenant": "acme" }, cookies: { session: "s1" } });
  assert.deepEqual(ok.json(), { id: 3, page: { skip: 0, limit: 2 }, who: "acme:s1" });
});

test("no dependency runs when params are invalid", async () => {
  let ran = false;
  const sideEffect = Depends({ query: { n: t.Integer() } }, () => {
    ran = true;
  });
  const app = new App().get("/", { deps: [sideEffect] }, () => "x");
  assert.equal((await new TestClient(app).get("/", { query: { n: "x" } })).status, 422);
  assert.equal(ran, false);
});

test("Depends(SomeClass), FastAPI's class dependency, is refused at declaration with what to write instead", () => {
  class CommonQueryParams {
    constructor(readonly q?: string) {}
  }
  // @ts-expect-error -- a class is not a dependency: TypeScript refuses it, plain JavaScript gets the error below
  assert.throws(() => Depends(CommonQueryParams), {
    name: "TypeError",
    message: /^Depends\(CommonQueryParams\) got a class, which cannot be called without `new`: .*new CommonQueryParams\(…\)/,
  });
  assert.throws(() => Depends({ query: {} }, CommonQueryParams as never), /got a class/);
  // Functions of every kind are still dependencies.
  for (const fn of [() => 1, async () => 1, function* () {}, async function* () {}, function classic() {}]) assert.doesNotThrow(() => Depends(fn));
});
