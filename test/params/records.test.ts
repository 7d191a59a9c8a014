import { test } from "node:test";
import assert from "node:assert/strict";
import { App, t } from "skiffjs";
import { TestClient } from "skiffjs/testing";

// FastAPI's docs_src body_nested_models "index-weights": a dict[int, float] body.
const weightsApp = () => new App().post("/index-weights/", { body: t.Record(t.Integer(), t.Number()) }, ({ body }) => body);

test("a record with integer keys takes integer keys", async () => {
  const res = await new TestClient(weightsApp()).post("/index-weights/", { json: { "2": 2.2, "3": 3.3 } });
  assert.equal(res.status, 200);
  assert.deepEqual(res.json(), { "2": 2.2, "3": 3.3 });
});

test("a key that is not an integer is refused at [body, key, '[key]'], never dropped", async () => {
  const res = await new TestClient(weightsApp()).post("/index-weights/", { json: { foo: 3.0, "2": 1 } });
  assert.equal(res.status, 422);
  assert.deepEqual(res.json(), {
    detail: [
      {
        type: "int_parsing",
        loc: ["body", "foo", "[key]"],
        msg: "Input should be a valid integer, unable to parse string as an integer",
        input: "foo",
      },
    ],
  });
});

test("number keys, pattern keys, and any string key (newlines included)", async () => {
  const app = new App()
    .post("/numbers", { body: t.Record(t.Number(), t.Integer()) }, ({ body }) => body)
    .post("/prefixed", { body: t.Record(t.String({ pattern: "^x-" }), t.Integer()) }, ({ body }) => body)
    .post("/any", { body: t.Record(t.String(), t.Integer()) }, ({ body }) => body);
  const client = new TestClient(app);
  assert.deepEqual((await client.post("/numbers", { json: { "2.5": 1 } })).json(), { "2.5": 1 });
  const number = await client.post("/numbers", { json: { two: 1 } });
  assert.deepEqual((number.json() as { detail: unknown[] }).detail[0], {
    type: "float_parsing",
    loc: ["body", "two", "[key]"],
    msg: "Input should be a valid number, unable to parse string as a number",
    input: "two",
  });
  const prefixed = await client.post("/prefixed", { json: { "x-a": 1, y: 2 } });
  assert.deepEqual((prefixed.json() as { detail: unknown[] }).detail, [
    { type: "string_pattern_mismatch", loc: ["body", "y", "[key]"], msg: "String should match pattern '^x-'", input: "y", ctx: { pattern: "^x-" } },
  ]);
  assert.deepEqual((await client.post("/any", { json: { "a\nb": 1 } })).json(), { "a\nb": 1 });
});

test("a record's invalid value is reported at its key", async () => {
  const res = await new TestClient(weightsApp()).post("/index-weights/", { json: { "1": "heavy" } });
  assert.deepEqual(
    (res.json() as { detail: { loc: unknown[]; type: string }[] }).detail.map((d) => [d.loc, d.type]),
    [[["body", "1"], "float_parsing"]],
  );
});
