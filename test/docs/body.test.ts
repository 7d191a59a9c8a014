// docs/tutorial/body.md: each sample answers what the page shows.
import { test } from "node:test";
import assert from "node:assert/strict";
import { TestClient } from "skiffjs/testing";
import { app } from "../../docs/samples/body/main.ts";
import { app as withPath } from "../../docs/samples/body/with-path.ts";

test("request body: validated, unknown fields dropped, optional fields optional", async () => {
  await using client = new TestClient(app);
  assert.deepEqual((await client.post("/items", { json: { name: "Foo", price: 35.4 } })).json(), { name: "Foo", price: 35.4 });
  const taxed = await client.post("/items", { json: { name: "Foo", price: 35.4, tax: 3.2, color: "red" } });
  assert.deepEqual(taxed.json(), { name: "Foo", price: 35.4, tax: 3.2, price_with_tax: 35.4 + 3.2 });
  const missing = await client.post("/items", { json: { name: "Foo" } });
  assert.equal(missing.status, 422);
  assert.deepEqual(missing.json(), {
    detail: [{ type: "missing", loc: ["body", "price"], msg: "Field required", input: { name: "Foo" } }],
  });
  const empty = await client.post("/items");
  assert.deepEqual(empty.json(), { detail: [{ type: "missing", loc: ["body"], msg: "Field required", input: null }] });
});

test("request body: the schema's $id names it in OpenAPI", async () => {
  await using client = new TestClient(app);
  const schema = (await client.get("/openapi.json")).json();
  assert.deepEqual(schema.paths["/items"].post.requestBody.content["application/json"].schema, { $ref: "#/components/schemas/Item" });
  assert.deepEqual(schema.components.schemas.Item.required, ["name", "price"]);
});

test("request body: with path and query parameters", async () => {
  await using client = new TestClient(withPath);
  const response = await client.put("/items/5?q=x", { json: { name: "Foo", price: 35.4 } });
  assert.deepEqual(response.json(), { item_id: 5, name: "Foo", price: 35.4, q: "x" });
});
