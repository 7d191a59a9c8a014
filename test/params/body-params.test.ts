import { test } from "node:test";
import assert from "node:assert/strict";
import { App, Body, t } from "skiffjs";
import { TestClient } from "skiffjs/testing";

const Item = t.Object({ name: t.String(), price: t.Number(), description: t.Optional(t.String()) }, { $id: "Item" });
const User = t.Object({ username: t.String(), full_name: t.Optional(t.String()) }, { $id: "User" });

// FastAPI's docs_src body_multiple_params: item, user and a singular importance, all from one JSON body.
const multiple = () =>
  new App().put(
    "/items/{item_id}",
    { path: { item_id: t.Integer() }, body: Body({ item: Item, user: User, importance: t.Integer() }) },
    function update_item({ path, body }) {
      return { item_id: path.item_id, item: body.item, user: body.user, importance: body.importance };
    },
  );

test("several body parameters are read from one object keyed by their names", async () => {
  const res = await new TestClient(multiple()).put("/items/5", {
    json: { importance: 2, item: { name: "Foo", price: 50.5 }, user: { username: "Dave" } },
  });
  assert.equal(res.status, 200);
  assert.deepEqual(res.json(), { item_id: 5, item: { name: "Foo", price: 50.5 }, user: { username: "Dave" }, importance: 2 });
});

test("errors inside a body parameter are located under its name", async () => {
  const res = await new TestClient(multiple()).put("/items/5", { json: { importance: "x", item: { price: 1 }, user: { username: "Dave" } } });
  assert.equal(res.status, 422);
  assert.deepEqual(
    (res.json() as { detail: { loc: unknown[]; type: string }[] }).detail.map((d) => [d.loc, d.type]),
    [
      [["body", "item", "name"], "missing"],
      [["body", "importance"], "int_parsing"],
    ],
  );
});

test("a missing or empty body gives one error per required parameter at [body, name]", async () => {
  const missing = (name: string) => ({ type: "missing", loc: ["body", name], msg: "Field required", input: null });
  const client = new TestClient(multiple());
  const none = await client.put("/items/5");
  assert.equal(none.status, 422);
  assert.deepEqual(none.json(), { detail: [missing("item"), missing("user"), missing("importance")] });
  const empty = await client.put("/items/5", { json: {} });
  assert.deepEqual(empty.json(), { detail: [missing("item"), missing("user"), missing("importance")] });
});

test("a defaulted or Optional body parameter may be left out", async () => {
  const app = new App().post(
    "/",
    { body: Body({ item: Item, importance: t.Integer({ default: 1 }), q: t.Optional(t.String()) }) },
    ({ body }) => body,
  );
  const res = await new TestClient(app).post("/", { json: { item: { name: "a", price: 1 } } });
  assert.deepEqual(res.json(), { item: { name: "a", price: 1 }, importance: 1 });
});

// FastAPI's Body(embed=True): a single parameter still keyed by its name.
test("one embedded parameter expects {item: {...}}; the bare object is refused at [body, item]", async () => {
  const app = new App().put("/items/{item_id}", { path: { item_id: t.Integer() }, body: Body({ item: Item }) }, ({ path, body }) => ({
    item_id: path.item_id,
    item: body.item,
  }));
  const client = new TestClient(app);
  const ok = await client.put("/items/5", { json: { item: { name: "Foo", price: 50.5 } } });
  assert.deepEqual(ok.json(), { item_id: 5, item: { name: "Foo", price: 50.5 } });
  const bare = await client.put("/items/5", { json: { name: "Foo", price: 50.5 } });
  assert.equal(bare.status, 422);
  assert.deepEqual(bare.json(), { detail: [{ type: "missing", loc: ["body", "item"], msg: "Field required", input: null }] });
});

test("OpenAPI documents the parameters as one Body_<operationId> component, as FastAPI", async () => {
  const doc = (await new TestClient(multiple()).get("/openapi.json")).json() as {
    paths: Record<string, Record<string, { operationId: string; requestBody: unknown }>>;
    components: { schemas: Record<string, unknown> };
  };
  const operation = doc.paths["/items/{item_id}"]!.put!;
  const name = `Body_${operation.operationId}`;
  assert.equal(name, "Body_update_item_items__item_id__put");
  assert.deepEqual(operation.requestBody, { required: true, content: { "application/json": { schema: { $ref: `#/components/schemas/${name}` } } } });
  assert.deepEqual(doc.components.schemas[name], {
    properties: {
      item: { $ref: "#/components/schemas/Item" },
      user: { $ref: "#/components/schemas/User" },
      importance: { type: "integer", title: "Importance" },
    },
    type: "object",
    required: ["item", "user", "importance"],
    title: name,
  });
});
