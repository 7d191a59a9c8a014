import { test } from "node:test";
import assert from "node:assert/strict";
import { App, t } from "skiffjs";
import { TestClient } from "skiffjs/testing";

const Item = t.Object({ name: t.String(), price: t.Number() });
const data = '{"name": "Foo", "price": 50.5}';
const routes = (app: App) =>
  app.post("/items/", { body: Item }, ({ body }) => body).post("/login", { form: t.Object({ username: t.String() }) }, ({ body }) => body);

test("by default a body of the wrong content type is a 415 naming what to send", async () => {
  const client = new TestClient(routes(new App()));
  const res = await client.post("/items/", { body: data, headers: { "content-type": "text/plain" } });
  assert.equal(res.status, 415);
  assert.deepEqual(res.json(), { detail: 'Unsupported media type "text/plain": send application/json' });
});

// FastAPI's body tutorial test "wrong headers": the text is validated as it is, and is no object.
test("wrongContentType: 422 answers as FastAPI: the body validated as text", async () => {
  const client = new TestClient(routes(new App({ wrongContentType: 422 })));
  for (const contentType of ["text/plain", "application/geo+json-seq", "application/not-really-json"]) {
    const res = await client.post("/items/", { body: data, headers: { "content-type": contentType } });
    assert.equal(res.status, 422, contentType);
    assert.deepEqual(res.json(), {
      detail: [
        { type: "model_attributes_type", loc: ["body"], msg: "Input should be a valid dictionary or object to extract fields from", input: data },
      ],
    });
  }
  const json = await client.post("/items/", { body: data, headers: { "content-type": "application/geo+json" } });
  assert.deepEqual(json.json(), { name: "Foo", price: 50.5 });
});

test("wrongContentType: 422 reads a form route's JSON body as an empty form", async () => {
  const client = new TestClient(routes(new App({ wrongContentType: 422 })));
  const res = await client.post("/login", { json: { username: "ann" } });
  assert.equal(res.status, 422);
  assert.deepEqual(res.json(), { detail: [{ type: "missing", loc: ["body", "username"], msg: "Field required", input: null }] });
});
