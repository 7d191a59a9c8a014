// Validation through real routes: what a client sees for bad input is FastAPI's 422, all errors at once.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { pino } from "pino";
import { App, t } from "skiffjs";
import { TestClient } from "skiffjs/testing";

const Item = t.Object(
  { name: t.String({ minLength: 1 }), price: t.Number({ minimum: 0 }), tags: t.Array(t.String(), { default: [] }) },
  { $id: "Item" },
);
const ItemOut = t.Object({ name: t.String(), price: t.Number() });

function shop() {
  return new App({ logger: pino({ level: "silent" }) })
    .get(
      "/items/{item_id}",
      {
        path: { item_id: t.Integer() },
        query: {
          q: t.Optional(t.String({ maxLength: 5 })),
          limit: t.Integer({ default: 10, minimum: 1, maximum: 100 }),
          flag: t.Boolean({ default: false }),
        },
        headers: { "x-token": t.Optional(t.String()) },
        response: ItemOut,
      },
      ({ path, query, headers }) => ({
        name: `item ${path.item_id} ${query.q ?? ""} ${query.limit} ${query.flag} ${headers["x-token"] ?? ""}`,
        price: 1,
        secret: "never sent",
      }),
    )
    .post("/items", { body: Item, status: 201 }, ({ body }) => body)
    .get("/search", { query: { tag: t.Array(t.String()), page: t.Integer({ default: 1 }) } }, ({ query }) => query);
}

test("valid input is coerced, defaulted, and the response filtered to its schema", async () => {
  const client = new TestClient(shop());
  const res = await client.get("/items/42", { query: { q: "abc", flag: "yes" }, headers: { "X-Token": "t1" } });
  assert.equal(res.status, 200);
  assert.deepEqual(res.json(), { name: "item 42 abc 10 true t1", price: 1 });
  const created = await client.post("/items", { json: { name: "pen", price: "1.5" } });
  assert.equal(created.status, 201);
  assert.deepEqual(created.json(), { name: "pen", price: 1.5, tags: [] });
  const search = await client.get("/search?tag=a&tag=b");
  assert.deepEqual(search.json(), { tag: ["a", "b"], page: 1 });
});

const cases: Array<{ name: string; request: (c: TestClient) => Promise<{ status: number; json(): any }>; detail: unknown[] }> = [
  {
    name: "path, query and header errors together, in FastAPI's order",
    request: (c) => c.get("/items/abc", { query: { q: "toolong", limit: "0", flag: "maybe" } }),
    detail: [
      { type: "int_parsing", loc: ["path", "item_id"], msg: "Input should be a valid integer, unable to parse string as an integer", input: "abc" },
      { type: "string_too_long", loc: ["query", "q"], msg: "String should have at most 5 characters", input: "toolong", ctx: { max_length: 5 } },
      { type: "greater_than_equal", loc: ["query", "limit"], msg: "Input should be greater than or equal to 1", input: "0", ctx: { ge: 1 } },
      { type: "bool_parsing", loc: ["query", "flag"], msg: "Input should be a valid boolean, unable to interpret input", input: "maybe" },
    ],
  },
  {
    name: "missing required query param",
    request: (c) => c.get("/search"),
    detail: [{ type: "missing", loc: ["query", "tag"], msg: "Field required", input: null }],
  },
  {
    name: "missing body",
    request: (c) => c.post("/items"),
    detail: [{ type: "missing", loc: ["body"], msg: "Field required", input: null }],
  },
  {
    name: "body fields",
    request: (c) => c.post("/items", { json: { name: "", price: -1, tags: "x" } }),
    detail: [
      { type: "string_too_short", loc: ["body", "name"], msg: "String should have at least 1 character", input: "", ctx: { min_length: 1 } },
      { type: "greater_than_equal", loc: ["body", "price"], msg: "Input should be greater than or equal to 0", input: -1, ctx: { ge: 0 } },
      { type: "list_type", loc: ["body", "tags"], msg: "Input should be a valid list", input: "x" },
    ],
  },
  {
    name: "invalid JSON names the position",
    request: (c) => c.post("/items", { body: '{"name": "x",}', headers: { "content-type": "application/json" } }),
    detail: [
      {
        type: "json_invalid",
        loc: ["body", 13],
        msg: "JSON decode error",
        input: {},
        ctx: { error: "Expecting property name enclosed in double quotes" },
      },
    ],
  },
];

for (const { name, request, detail } of cases) {
  test(`422 as FastAPI: ${name}`, async () => {
    const res = await request(new TestClient(shop()));
    assert.equal(res.status, 422);
    assert.deepEqual(res.json(), { detail });
  });
}

test("wrong content type → 415 naming the accepted type; oversize body → 413", async () => {
  const client = new TestClient(shop());
  const text = await client.post("/items", { body: "name=x", headers: { "content-type": "text/plain" } });
  assert.equal(text.status, 415);
  assert.match(text.json().detail, /application\/json/);
  const big = await client.post("/items", { json: { name: "x".repeat(2 * 1024 * 1024), price: 1 } });
  assert.equal(big.status, 413);
});

test("property: random paths, query strings and JSON bodies never produce a 5xx", async () => {
  const client = new TestClient(shop());
  const segment = fc.string({ maxLength: 12 }).map((s) => encodeURIComponent(s));
  const query = fc.dictionary(
    fc.constantFrom("q", "limit", "flag", "tag", "page", "__proto__", "constructor"),
    fc.oneof(fc.string({ maxLength: 8 }), fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 })),
    { maxKeys: 5 },
  );
  await fc.assert(
    fc.asyncProperty(fc.constantFrom("/items/", "/search", "/"), segment, query, fc.jsonValue({ maxDepth: 4 }), async (base, seg, q, json) => {
      const path = base.endsWith("/") ? base + seg : base;
      const get = await client.get(path, { query: q as Record<string, string | string[]> });
      assert.ok(get.status < 500, `GET ${path} ${JSON.stringify(q)} → ${get.status} ${get.text}`);
      if (get.status === 422) assert.ok(Array.isArray(get.json().detail));
      const post = await client.post("/items", { json });
      assert.ok(post.status < 500, `POST ${JSON.stringify(json)} → ${post.status} ${post.text}`);
      if (post.status === 422) assert.ok(post.json().detail.every((d: { loc: unknown[] }) => d.loc[0] === "body"));
    }),
    { numRuns: 300 },
  );
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});
