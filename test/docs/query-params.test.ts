// docs/tutorial/query-params.md: each sample answers what the page shows.
import { test } from "node:test";
import assert from "node:assert/strict";
import { TestClient } from "skiffjs/testing";
import { app as paging } from "../../docs/samples/query-params/main.ts";
import { app as optional } from "../../docs/samples/query-params/optional.ts";
import { app as validation } from "../../docs/samples/query-params/validation.ts";

test("query parameters: defaults fill in, strings are converted to the schema's type", async () => {
  await using client = new TestClient(paging);
  assert.deepEqual((await client.get("/items")).json(), [{ item_name: "Foo" }, { item_name: "Bar" }, { item_name: "Baz" }]);
  assert.deepEqual((await client.get("/items?skip=1&limit=1")).json(), [{ item_name: "Bar" }]);
  const invalid = await client.get("/items", { query: { skip: "x" } });
  assert.equal(invalid.status, 422);
  assert.deepEqual(invalid.json().detail[0].loc, ["query", "skip"]);
});

test("query parameters: required, optional and boolean", async () => {
  await using client = new TestClient(optional);
  assert.deepEqual((await client.get("/items/foo?needy=sooooneedy")).json(), {
    item_id: "foo",
    needy: "sooooneedy",
    description: "This is an amazing item that has a long description",
  });
  assert.deepEqual((await client.get("/items/foo?needy=a&q=x&short=yes")).json(), { item_id: "foo", needy: "a", q: "x" });
  const missing = await client.get("/items/foo");
  assert.equal(missing.status, 422);
  assert.deepEqual(missing.json(), { detail: [{ type: "missing", loc: ["query", "needy"], msg: "Field required", input: null }] });
  const notBool = await client.get("/items/foo?needy=a&short=maybe");
  assert.equal(notBool.json().detail[0].type, "bool_parsing");
});

test("query parameters: string and number constraints, repeated keys", async () => {
  await using client = new TestClient(validation);
  assert.deepEqual((await client.get("/items?q=fixedquery")).json(), { items: [{ item_id: "Foo" }, { item_id: "Bar" }], q: "fixedquery" });
  assert.deepEqual((await client.get("/items")).json(), { items: [{ item_id: "Foo" }, { item_id: "Bar" }] });
  const short = await client.get("/items?q=fi");
  assert.deepEqual(short.json().detail[0], {
    type: "string_too_short",
    loc: ["query", "q"],
    msg: "String should have at least 3 characters",
    input: "fi",
    ctx: { min_length: 3 },
  });
  assert.equal((await client.get("/items?q=nonfixed")).json().detail[0].type, "string_pattern_mismatch");

  assert.deepEqual((await client.get("/tags?tag=a&tag=b")).json(), { tags: ["a", "b"] });
  assert.deepEqual((await client.get("/tags")).json(), { tags: [] });

  assert.deepEqual((await client.get("/pages")).json(), { page: 1, size: 20 });
  const bounds = await client.get("/pages?page=0&size=0");
  assert.equal(bounds.status, 422);
  assert.deepEqual(
    bounds.json().detail.map((issue: { type: string; ctx: unknown }) => [issue.type, issue.ctx]),
    [
      ["greater_than_equal", { ge: 1 }],
      ["greater_than", { gt: 0 }],
    ],
  );
});
