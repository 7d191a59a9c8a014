import { test } from "node:test";
import assert from "node:assert/strict";
import { App, t } from "skiffjs";
import { TestClient } from "skiffjs/testing";

// FastAPI's docs_src response_model: an Item with defaults, and three stored items setting more or fewer fields.
const Item = t.Object({
  name: t.String(),
  description: t.Union([t.String(), t.Null()], { default: null }),
  price: t.Number(),
  tax: t.Number({ default: 10.5 }),
  tags: t.Array(t.String(), { default: [] }),
});
type ItemIn = { name: string; description?: string | null; price: number; tax?: number; tags?: string[] };
const items: Record<string, ItemIn> = {
  foo: { name: "Foo", price: 50.2 },
  bar: { name: "Bar", description: "The bartenders", price: 62, tax: 20.2 },
  baz: { name: "Baz", description: null, price: 50.2, tax: 10.5, tags: [] },
};

test("responseExcludeUnset sends only what the handler set (FastAPI's response_model_exclude_unset)", async () => {
  const app = new App().get("/items/{item_id}", { response: Item, responseExcludeUnset: true }, ({ path }) => items[path.item_id]!);
  const client = new TestClient(app);
  assert.deepEqual((await client.get("/items/foo")).json(), { name: "Foo", price: 50.2 });
  assert.deepEqual((await client.get("/items/bar")).json(), { name: "Bar", description: "The bartenders", price: 62, tax: 20.2 });
  assert.deepEqual((await client.get("/items/baz")).json(), { name: "Baz", description: null, price: 50.2, tax: 10.5, tags: [] });
});

test("without options the defaults are filled in", async () => {
  const app = new App().get("/items/{item_id}", { response: Item }, ({ path }) => items[path.item_id]!);
  assert.deepEqual((await new TestClient(app).get("/items/foo")).json(), { name: "Foo", description: null, price: 50.2, tax: 10.5, tags: [] });
});

test("responseExcludeDefaults and responseExcludeNone", async () => {
  const app = new App()
    .get("/defaults/{item_id}", { response: Item, responseExcludeDefaults: true }, ({ path }) => items[path.item_id]!)
    .get("/none/{item_id}", { response: Item, responseExcludeNone: true }, ({ path }) => items[path.item_id]!);
  const client = new TestClient(app);
  assert.deepEqual((await client.get("/defaults/baz")).json(), { name: "Baz", price: 50.2 });
  assert.deepEqual((await client.get("/defaults/bar")).json(), { name: "Bar", description: "The bartenders", price: 62, tax: 20.2 });
  assert.deepEqual((await client.get("/none/baz")).json(), { name: "Baz", price: 50.2, tax: 10.5, tags: [] });
});

// FastAPI's response_model_include / response_model_exclude example.
test("responseInclude and responseExclude pick and drop fields", async () => {
  const Item5 = t.Object({
    name: t.String(),
    description: t.Union([t.String(), t.Null()], { default: null }),
    price: t.Number(),
    tax: t.Number({ default: 10.5 }),
  });
  const bar = { name: "Bar", description: "The Bar fighters", price: 62, tax: 20.2 };
  const app = new App()
    .get("/items/{item_id}/name", { response: Item5, responseInclude: ["name", "description"] }, () => bar)
    .get("/items/{item_id}/public", { response: Item5, responseExclude: ["tax"] }, () => bar);
  const client = new TestClient(app);
  assert.deepEqual((await client.get("/items/bar/name")).json(), { name: "Bar", description: "The Bar fighters" });
  assert.deepEqual((await client.get("/items/bar/public")).json(), { name: "Bar", description: "The Bar fighters", price: 62 });
});

test("selections reach nested objects and every item of a list", async () => {
  const Owner = t.Object({ name: t.String(), email: t.String() });
  const Pet = t.Object({ name: t.String(), owner: Owner, nickname: t.Optional(t.String()) });
  const pets = [{ name: "Rex", owner: { name: "Ann", email: "ann@example.com" } }];
  const app = new App().get("/pets", { response: t.Array(Pet), responseExclude: { owner: ["email"] }, responseExcludeUnset: true }, () => pets);
  assert.deepEqual((await new TestClient(app).get("/pets")).json(), [{ name: "Rex", owner: { name: "Ann" } }]);
});

test("the options still validate: a response breaking its schema is a 500", async () => {
  const app = new App().get("/", { response: Item, responseExcludeUnset: true }, () => ({ name: "x" }) as never);
  assert.equal((await new TestClient(app).get("/")).status, 500);
});

test("the OpenAPI schema stays the full model, as FastAPI documents it", async () => {
  const app = new App().get("/items/{item_id}/name", { response: Item, responseInclude: ["name"] }, () => items.bar!);
  const doc = (await new TestClient(app).get("/openapi.json")).json() as {
    paths: Record<string, { get: { responses: Record<string, { content: Record<string, { schema: { properties: object } }> }> } }>;
  };
  const schema = doc.paths["/items/{item_id}/name"]!.get.responses["200"]!.content["application/json"]!.schema;
  assert.deepEqual(Object.keys(schema.properties), ["name", "description", "price", "tax", "tags"]);
});

test("the options without a response schema are refused at registration, naming the fix", () => {
  assert.throws(() => new App().get("/", { responseExcludeNone: true }, () => ({})), /add a `response` schema/);
});
