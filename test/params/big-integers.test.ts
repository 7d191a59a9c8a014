import { test } from "node:test";
import assert from "node:assert/strict";
import { App, t } from "skiffjs";
import { TestClient } from "skiffjs/testing";

const MAX = Number.MAX_SAFE_INTEGER;
const tooBig = { type: "less_than_equal", msg: `Input should be less than or equal to ${MAX}`, ctx: { le: MAX } };

const app = () =>
  new App()
    .get("/items/{item_id}", { path: { item_id: t.Integer() } }, ({ path }) => path.item_id)
    .get("/query", { query: { n: t.Integer() } }, ({ query }) => query.n)
    .get("/header", { headers: { "x-n": t.Integer() } }, ({ headers }) => headers["x-n"])
    .get("/cookie", { cookies: { n: t.Integer() } }, ({ cookies }) => cookies.n)
    .post("/body", { body: t.Object({ n: t.Integer() }) }, ({ body }) => body.n)
    .post("/float", { body: t.Object({ x: t.Number() }) }, ({ body }) => body.x);

function detail(res: { json(): unknown }): Array<Record<string, unknown>> {
  return (res.json() as { detail: Array<Record<string, unknown>> }).detail;
}

test("an integer beyond 2^53 in the path, query, header or cookie is a 422 naming the limit", async () => {
  const client = new TestClient(app());
  const big = "99999999999999999999";
  const cases = [
    [await client.get(`/items/${big}`), ["path", "item_id"]],
    [await client.get("/query", { query: { n: big } }), ["query", "n"]],
    [await client.get("/header", { headers: { "x-n": big } }), ["header", "x-n"]],
    [await client.get("/cookie", { cookies: { n: big } }), ["cookie", "n"]],
  ] as const;
  for (const [res, loc] of cases) {
    assert.equal(res.status, 422, loc.join("."));
    assert.deepEqual(detail(res), [{ ...tooBig, loc, input: big }]);
  }
});

test("400 nines in a query never reach the handler as Infinity", async () => {
  const res = await new TestClient(app()).get("/query", { query: { n: "9".repeat(400) } });
  assert.equal(res.status, 422);
  assert.equal(detail(res)[0]!.type, "less_than_equal");
});

test("a JSON body integer beyond 2^53 is refused instead of rounded; negative ones too", async () => {
  const client = new TestClient(app());
  const res = await client.post("/body", { body: '{"n": 99999999999999999999}', headers: { "content-type": "application/json" } });
  assert.equal(res.status, 422);
  assert.deepEqual(
    detail(res).map((d) => [d.type, d.loc]),
    [["less_than_equal", ["body", "n"]]],
  );
  const negative = await client.post("/body", { body: '{"n": -99999999999999999999}', headers: { "content-type": "application/json" } });
  assert.deepEqual(detail(negative)[0], {
    type: "greater_than_equal",
    loc: ["body", "n"],
    msg: `Input should be greater than or equal to ${Number.MIN_SAFE_INTEGER}`,
    input: -1e20,
    ctx: { ge: Number.MIN_SAFE_INTEGER },
  });
});

test("the largest safe integer is taken exactly; one more is refused", async () => {
  const client = new TestClient(app());
  assert.equal((await client.get("/query", { query: { n: String(MAX) } })).json(), MAX);
  assert.equal((await client.post("/body", { json: { n: MAX } })).json(), MAX);
  assert.equal((await client.get("/query", { query: { n: "9007199254740992" } })).status, 422);
});

test("a float schema still takes large numbers: a float is a float", async () => {
  const res = await new TestClient(app()).post("/float", { json: { x: 1e20 } });
  assert.equal(res.json(), 1e20);
});
