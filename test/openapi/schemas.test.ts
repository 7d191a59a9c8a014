import { test } from "node:test";
import assert from "node:assert/strict";
import { z } from "zod";
import { App, t } from "skiffjs";

type Doc = { [key: string]: any };

test("models nested in models become components too, referenced wherever they appear", () => {
  const Tag = t.Object({ label: t.String() }, { $id: "Tag" });
  const Item = t.Object({ name: t.String(), tags: t.Array(Tag) }, { $id: "Item" });
  const doc: Doc = new App()
    .post("/items", { body: Item, response: t.Array(Item) }, function createItems() {
      return [];
    })
    .get("/tags", { response: t.Array(Tag) }, function tags() {
      return [];
    })
    .openapi();
  assert.deepEqual(doc.components.schemas.Item, {
    type: "object",
    required: ["name", "tags"],
    properties: { name: { type: "string" }, tags: { type: "array", items: { $ref: "#/components/schemas/Tag" } } },
    title: "Item",
  });
  assert.deepEqual(doc.components.schemas.Tag, { type: "object", required: ["label"], properties: { label: { type: "string" } }, title: "Tag" });
  assert.deepEqual(doc.paths["/items"].post.responses["200"].content["application/json"].schema, {
    type: "array",
    items: { $ref: "#/components/schemas/Item" },
  });
});

test("a reference by name (t.Ref) points at the component with that $id", () => {
  const Node = t.Object({ name: t.String() }, { $id: "Node" });
  const Pair = t.Object({ first: Node, second: t.Ref("Node") });
  const doc: Doc = new App().get("/pair", { response: Pair }, () => ({ first: { name: "a" }, second: { name: "b" } })).openapi();
  assert.deepEqual(doc.paths["/pair"].get.responses["200"].content["application/json"].schema, {
    type: "object",
    required: ["first", "second"],
    properties: { first: { $ref: "#/components/schemas/Node" }, second: { $ref: "#/components/schemas/Node" } },
  });
});

test("a reference to a schema no route uses is an error that says what to do", () => {
  const app = new App().websocket("/ws", { messages: { out: t.Array(t.Ref("Missing")) } }, async (ws) => ws.accept());
  assert.throws(() => app.asyncapi(), /references "Missing", but no schema with \$id "Missing" is used by any route/);
});

test("two different schemas with one $id are an error naming it", () => {
  const app = new App()
    .get("/a", { response: t.Object({ a: t.String() }, { $id: "Thing" }) }, () => ({ a: "x" }))
    .get("/b", { response: t.Object({ b: t.String() }, { $id: "Thing" }) }, () => ({ b: "y" }));
  assert.throws(() => app.openapi(), /Two different schemas share the \$id "Thing"/);
});

test("literal values that look like schemas are data: defaults and enums are not searched for $id", () => {
  const doc: Doc = new App().get("/x", { query: { mode: t.Unsafe<string>({ type: "object", default: { $id: "NotAModel" } }) } }, () => 1).openapi();
  assert.deepEqual(doc.paths["/x"].get.parameters[0].schema, { type: "object", default: { $id: "NotAModel" }, title: "Mode" });
  assert.equal(doc.components.schemas.NotAModel, undefined);
});

test("Zod schemas are documented through their own JSON Schema; optional Zod params are not required", () => {
  const Body = z.object({ name: z.string(), size: z.number().int().optional() });
  const doc: Doc = new App()
    .post("/things", { body: Body, query: { q: z.string().optional(), page: z.coerce.number().default(1) } }, function addThing() {
      return 1;
    })
    .openapi();
  const operation = doc.paths["/things"].post;
  assert.deepEqual(operation.requestBody.content["application/json"].schema, {
    type: "object",
    properties: { name: { type: "string" }, size: { type: "integer", minimum: -9007199254740991, maximum: 9007199254740991 } },
    required: ["name"],
  });
  assert.deepEqual(
    operation.parameters.map((p: Doc) => [p.name, p.required]),
    [
      ["q", false],
      ["page", false],
    ],
  );
});

test("a schema's local $defs move to the components and their references follow", () => {
  const Tree = t.Unsafe<unknown>({
    type: "object",
    properties: { leaf: { $ref: "#/$defs/Leaf" } },
    $defs: { Leaf: { type: "object", properties: { value: { type: "number" } } } },
  });
  const doc: Doc = new App().get("/tree", { response: Tree }, () => ({})).openapi();
  assert.deepEqual(doc.paths["/tree"].get.responses["200"].content["application/json"].schema, {
    type: "object",
    properties: { leaf: { $ref: "#/components/schemas/Leaf" } },
  });
  assert.deepEqual(doc.components.schemas.Leaf, { type: "object", properties: { value: { type: "number" } }, title: "Leaf" });
});

test("TypeBox's draft-07 tuples are written in the 2020-12 dialect of OpenAPI 3.1", () => {
  const doc: Doc = new App().post("/pair", { body: t.Tuple([t.String(), t.Number()]) }, () => 1).openapi();
  assert.deepEqual(doc.paths["/pair"].post.requestBody.content["application/json"].schema, {
    type: "array",
    prefixItems: [{ type: "string" }, { type: "number" }],
    items: false,
    minItems: 2,
  });
});
