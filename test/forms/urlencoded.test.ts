import { test } from "node:test";
import assert from "node:assert/strict";
import { App, t } from "skiffjs";
import { TestClient } from "skiffjs/testing";

const Signup = t.Object({
  username: t.String({ minLength: 2 }),
  age: t.Integer(),
  height: t.Number(),
  newsletter: t.Boolean({ default: false }),
  tags: t.Array(t.String(), { default: [] }),
  scores: t.Optional(t.Array(t.Integer())),
  nickname: t.Optional(t.String()),
});

function app() {
  return new App().post("/signup", { form: Signup }, ({ body }) => body);
}

test("a URL-encoded form is coerced to the schema's types, repeated keys filling arrays", async () => {
  const client = new TestClient(app());
  const res = await client.post("/signup", {
    form: { username: "ada", age: "36", height: "1.65", newsletter: "on", tags: ["math", "engines"], scores: ["3", "4"] },
  });
  assert.equal(res.status, 200);
  assert.deepEqual(res.json(), { username: "ada", age: 36, height: 1.65, newsletter: true, tags: ["math", "engines"], scores: [3, 4] });
});

test("defaults fill absent fields; a single value for a list field is a one-item list; a repeated scalar takes the last", async () => {
  const client = new TestClient(app());
  const res = await client.post("/signup", { form: { username: ["first", "last"], age: "1", height: "2", tags: "solo" } });
  assert.equal(res.status, 200);
  assert.deepEqual(res.json(), { username: "last", age: 1, height: 2, newsletter: false, tags: ["solo"] });
});

test("an empty field counts as absent, as FastAPI's Form does", async () => {
  const client = new TestClient(app());
  const res = await client.post("/signup", { form: { username: "ada", age: "3", height: "1", nickname: "" } });
  assert.equal(res.status, 200);
  assert.equal("nickname" in res.json(), false);
});

test("invalid fields answer 422 in FastAPI's shape at loc [body, field], all together", async () => {
  const client = new TestClient(app());
  const res = await client.post("/signup", { form: { username: "a", age: "x", height: "tall", newsletter: "maybe", scores: ["1", "two"] } });
  assert.equal(res.status, 422);
  assert.deepEqual(res.json(), {
    detail: [
      { type: "string_too_short", loc: ["body", "username"], msg: "String should have at least 2 characters", input: "a", ctx: { min_length: 2 } },
      { type: "int_parsing", loc: ["body", "age"], msg: "Input should be a valid integer, unable to parse string as an integer", input: "x" },
      { type: "float_parsing", loc: ["body", "height"], msg: "Input should be a valid number, unable to parse string as a number", input: "tall" },
      { type: "bool_parsing", loc: ["body", "newsletter"], msg: "Input should be a valid boolean, unable to interpret input", input: "maybe" },
      { type: "int_parsing", loc: ["body", "scores", 1], msg: "Input should be a valid integer, unable to parse string as an integer", input: "two" },
    ],
  });
});

test("an empty body reports every required field missing", async () => {
  const client = new TestClient(app());
  const res = await client.post("/signup");
  assert.equal(res.status, 422);
  assert.deepEqual(res.json(), {
    detail: ["username", "age", "height"].map((name) => ({ type: "missing", loc: ["body", name], msg: "Field required", input: null })),
  });
});

test("a JSON body on a form route is 415, naming the accepted types", async () => {
  const client = new TestClient(app());
  const res = await client.post("/signup", { json: { username: "ada" } });
  assert.equal(res.status, 415);
  assert.deepEqual(res.json(), {
    detail: 'Unsupported media type "application/json": send application/x-www-form-urlencoded or multipart/form-data',
  });
  const untyped = await client.post("/signup", { body: "username=ada" });
  assert.equal(untyped.status, 415);
  assert.deepEqual(untyped.json(), { detail: "Missing content-type: send application/x-www-form-urlencoded or multipart/form-data" });
});

test("__proto__ and constructor are plain field names, never a prototype", async () => {
  let seen: Record<string, unknown> | undefined;
  const client = new TestClient(
    new App().post("/f", { form: t.Object({ constructor: t.Optional(t.String()), name: t.String() }) }, ({ body }) => {
      seen = body;
      return { keys: Object.keys(body) };
    }),
  );
  const res = await client.post("/f", {
    body: "__proto__=polluted&__proto__%5Bx%5D=1&constructor=c&name=n",
    headers: { "content-type": "application/x-www-form-urlencoded" },
  });
  assert.equal(res.status, 200);
  assert.deepEqual(res.json(), { keys: ["constructor", "name"] });
  assert.equal(Object.getPrototypeOf(seen), Object.prototype);
  assert.equal(seen!.constructor, "c");
  assert.equal(({} as Record<string, unknown>).x, undefined);
});

test("URL-encoded limits: fields, field size and the body limit, each named", async () => {
  const limited = new App()
    .post("/fields", { form: t.Object({}), formLimits: { maxFields: 2 } }, () => "ok")
    .post("/size", { form: t.Object({ a: t.String() }), formLimits: { maxFieldSize: 4 } }, () => "ok")
    .post("/body", { form: t.Object({ a: t.String() }), bodyLimit: 10 }, () => "ok");
  const client = new TestClient(limited);
  const fields = await client.post("/fields", { form: { a: "1", b: "2", c: "3" } });
  assert.equal(fields.status, 413);
  assert.deepEqual(fields.json(), { detail: "Too many fields: at most 2 are accepted (maxFields)" });
  assert.equal((await client.post("/size", { form: { a: "1234" } })).status, 200);
  const size = await client.post("/size", { form: { a: "12345" } });
  assert.equal(size.status, 413);
  assert.deepEqual(size.json(), { detail: 'Field "a" is larger than the limit of 4 bytes (maxFieldSize)' });
  const body = await client.post("/body", { form: { a: "0123456789" } });
  assert.equal(body.status, 413);
  assert.deepEqual(body.json(), { detail: "Request body is larger than the limit of 10 bytes (bodyLimit)" });
});
