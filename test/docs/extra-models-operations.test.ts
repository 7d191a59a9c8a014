// docs/tutorial/extra-models.md and path-operation-configuration.md: each sample answers what its page shows.
import { test } from "node:test";
import assert from "node:assert/strict";
import { TestClient } from "skiffjs/testing";
import type { App } from "skiffjs";
import { app as extraModels, db } from "../../docs/samples/extra-models/main.ts";
import { app as operations } from "../../docs/samples/path-operation-config/main.ts";

test("extra models: one base, an input, an output and a stored model; the hash never leaves", async () => {
  await using client = new TestClient(extraModels);
  db.clear();
  const john = { username: "john", password: "secret", email: "john@example.com", fullName: "John Doe" };
  const created = await client.post("/user", { json: john });
  assert.equal(created.status, 201);
  assert.deepEqual(created.json(), { username: "john", email: "john@example.com", fullName: "John Doe" });
  assert.deepEqual(db.get("john"), { username: "john", email: "john@example.com", fullName: "John Doe", hashedPassword: "supersecretsecret" });

  const patched = await client.patch("/user/john", { json: { fullName: "J. Doe", password: "new" } });
  assert.deepEqual(patched.json(), { username: "john", email: "john@example.com", fullName: "J. Doe" });
  assert.equal(db.get("john")?.hashedPassword, "supersecretnew");
  assert.equal((await client.patch("/user/nobody", { json: {} })).status, 404);
  assert.deepEqual((await client.patch("/user/john", { json: { email: "nope" } })).json().detail[0].loc, ["body", "email"]);

  const schemas = (await client.get("/openapi.json")).json().components.schemas;
  assert.deepEqual(Object.keys(schemas.UserOut.properties), ["username", "email", "fullName"]);
  assert.deepEqual(schemas.UserUpdate.required, undefined);
  assert.deepEqual(Object.keys(schemas.UserUpdate.properties), ["email", "fullName", "password"]);
});

test("extra models: a union, a list and a dict as the response", async () => {
  await using client = new TestClient(extraModels);
  assert.deepEqual((await client.get("/items/item1")).json(), { type: "car", description: "All my friends drive a low rider" });
  assert.deepEqual((await client.get("/items/item2")).json(), { type: "plane", description: "Music is my aeroplane, it's my aeroplane", size: 5 });
  assert.equal((await client.get("/items/item3")).status, 404);
  assert.equal((await client.get("/items")).json().length, 2);
  assert.deepEqual((await client.get("/keyword-weights")).json(), { foo: 2.3, bar: 3.4 });
  const ok = (await client.get("/openapi.json")).json().paths["/items/{item_id}"].get.responses["200"];
  assert.deepEqual(ok.content["application/json"].schema, {
    anyOf: [{ $ref: "#/components/schemas/PlaneItem" }, { $ref: "#/components/schemas/CarItem" }],
  });
});

test("path operation configuration: status, tags, summary, description, response description, deprecated", async () => {
  await using client = new TestClient(operations);
  const created = await client.post("/items", { json: { name: "Foo", price: 1 } });
  assert.equal(created.status, 201);
  assert.deepEqual(created.json(), { name: "Foo", price: 1, tags: [] });
  assert.deepEqual((await client.get("/internal/stats")).json(), { requests: 1 }); // answers, undocumented

  const paths = (await client.get("/openapi.json")).json().paths;
  const create = paths["/items"].post;
  assert.deepEqual(create.tags, ["items"]);
  assert.equal(create.summary, "Create an item");
  assert.match(create.description, /^Create an item with all the information:\n\n- \*\*name\*\*/);
  assert.equal(create.responses["201"].description, "The created item");
  assert.deepEqual(create.responses["201"].content["application/json"].schema, { $ref: "#/components/schemas/Item" });
  assert.equal(paths["/items"].get.summary, "Read Items");
  assert.equal(paths["/items"].get.operationId, "read_items_items_get");
  assert.equal(paths["/users"].get.operationId, "listUsers");
  assert.deepEqual(paths["/users"].get.tags, ["users"]);
  assert.equal(paths["/elements"].get.deprecated, true);
  assert.equal(paths["/internal/stats"], undefined);
});

test("path operation configuration: a plain JavaScript handler's doc comment is its description", async () => {
  // A .js file: tsx, which runs these tests, leaves JavaScript as written, comments included.
  const sample = new URL("../../docs/samples/path-operation-config/docstring.js", import.meta.url).href;
  const { app } = (await import(sample)) as { app: App };
  await using client = new TestClient(app);
  const operation = (await client.get("/openapi.json")).json().paths["/items"].get;
  assert.equal(operation.description, "List every item.\n\nSupports **Markdown**, as the description option does.");
  assert.equal(operation.summary, "Read Items");
});
