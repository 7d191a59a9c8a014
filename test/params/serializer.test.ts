// Response models: validate, fill defaults, drop what the schema does not declare, stringify fast.
import { test } from "node:test";
import assert from "node:assert/strict";
import { t } from "../../src/params/schema.ts";
import { compileSerializer } from "../../src/params/serializer.ts";
import { compileValidator } from "../../src/params/validator.ts";
import { toJsonSchema } from "../../src/params/json-schema.ts";

const UserOut = t.Object({ id: t.Integer(), name: t.String(), role: t.String({ default: "member" }) });

test("a password returned by the handler never reaches the client", () => {
  const serialize = compileSerializer(UserOut);
  assert.deepEqual(serialize({ id: 1, name: "ann", password: "hunter2" }), { ok: true, json: '{"id":1,"name":"ann","role":"member"}' });
});

test("filtering reaches nested objects and array items", () => {
  const serialize = compileSerializer(t.Object({ owner: UserOut, members: t.Array(UserOut) }));
  const user = { id: 1, name: "a", role: "admin", secret: "s" };
  const out = serialize({ owner: user, members: [user, { ...user, id: 2 }], internal: true });
  assert.ok(out.ok);
  assert.deepEqual(JSON.parse(out.json), {
    owner: { id: 1, name: "a", role: "admin" },
    members: [
      { id: 1, name: "a", role: "admin" },
      { id: 2, name: "a", role: "admin" },
    ],
  });
  assert.ok(!out.json.includes("secret"));
});

test("class instances, getters and Sets serialize through the schema", () => {
  class User {
    constructor(
      readonly id: number,
      private readonly first: string,
      readonly password = "p",
    ) {}
    get name(): string {
      return this.first.toUpperCase();
    }
  }
  assert.deepEqual(compileSerializer(UserOut)(new User(7, "zed")), { ok: true, json: '{"id":7,"name":"ZED","role":"member"}' });
  assert.deepEqual(compileSerializer(t.Array(t.Integer()))(new Set([1, 2])), { ok: true, json: "[1,2]" });
});

test("Dates become ISO strings for date and date-time fields", () => {
  const serialize = compileSerializer(t.Object({ at: t.String({ format: "date-time" }), day: t.String({ format: "date" }) }));
  const when = new Date("2024-05-06T07:08:09.000Z");
  assert.deepEqual(serialize({ at: when, day: when }), { ok: true, json: '{"at":"2024-05-06T07:08:09.000Z","day":"2024-05-06"}' });
});

test("a handler value that breaks the schema is reported under response", () => {
  const result = compileSerializer(UserOut)({ id: "x" });
  assert.deepEqual(result, {
    ok: false,
    issues: [
      { type: "int_parsing", loc: ["response", "id"], msg: "Input should be a valid integer, unable to parse string as an integer", input: "x" },
      { type: "missing", loc: ["response", "name"], msg: "Field required", input: { id: "x" } },
    ],
  });
});

test("output equals JSON.stringify of the validated value, for every schema kind", () => {
  const schemas = [
    t.Object({ a: t.Union([t.String(), t.Integer()]), b: t.Optional(t.Array(t.Number())), c: t.Record(t.String(), t.Boolean()) }),
    t.Object({ n: t.BigInt() }),
    t.Cyclic({ Node: t.Object({ v: t.Integer(), next: t.Union([t.Ref("Node"), t.Null()]) }) }, "Node"),
    t.Unknown(),
  ];
  const values = [{ a: 1, c: { x: true }, z: 1 }, { n: 5 }, { v: 1, next: { v: 2, next: null } }, { any: ["thing"] }];
  const expected = ['{"a":1,"c":{"x":true}}', '{"n":5}', '{"v":1,"next":{"v":2,"next":null}}', '{"any":["thing"]}'];
  schemas.forEach((schema, i) => {
    const out = compileSerializer(schema)(values[i]);
    assert.deepEqual(out, { ok: true, json: expected[i] });
  });
});

test("codecs encode before validation on the way out", () => {
  const csv = t
    .Codec(t.String())
    .Decode((s) => s.split(","))
    .Encode((list) => list.join(","));
  assert.deepEqual(compileSerializer(t.Object({ tags: csv }))({ tags: ["a", "b"] }), { ok: true, json: '{"tags":"a,b"}' });
});

test("TypeBox JSON Schema without hidden keys", () => {
  const schema = t.Object({ a: t.Optional(t.String()), "~odd": t.Integer(), file: t.File({ maxSize: 3 }) }, { $id: "X" });
  assert.deepEqual(toJsonSchema(schema), {
    type: "object",
    required: ["~odd", "file"],
    properties: { a: { type: "string" }, "~odd": { type: "integer" }, file: { type: "string", format: "binary" } },
    $id: "X",
  });
  assert.deepEqual(toJsonSchema(t.String({ pattern: /^a/ as unknown as string })), { type: "string", pattern: "^a" });
});

test("unchanged, coerced, defaulted and filtered values: each comes out as the schema says, inputs untouched", () => {
  const Out = t.Object({ id: t.Integer(), tags: t.Array(t.String()), inner: t.Object({ n: t.Number({ default: 1 }) }) });
  const serialize = compileSerializer(Out);
  const same = { id: 1, tags: ["a"], inner: { n: 2 } };
  assert.deepEqual(serialize(same), { ok: true, json: '{"id":1,"tags":["a"],"inner":{"n":2}}' });
  const messy = { id: "7", tags: new Set(["b"]), inner: { extra: true }, secret: "x", late: undefined };
  assert.deepEqual(serialize(messy), { ok: true, json: '{"id":7,"tags":["b"],"inner":{"n":1}}' });
  assert.deepEqual(messy.inner, { extra: true });
  assert.equal(messy.id, "7");
  const validate = compileValidator(t.Object({ a: t.Integer(), list: t.Array(t.Integer()) }), ["body"]);
  const input = { a: 1, list: [1, "2", 3] };
  const result = validate(input);
  assert.ok(result.ok);
  assert.deepEqual(result.value, { a: 1, list: [1, 2, 3] });
  assert.deepEqual(input.list, [1, "2", 3]);
  const withUndefined = validate({ a: 1, list: [], b: undefined });
  assert.ok(withUndefined.ok);
  assert.deepEqual(Object.keys(withUndefined.value), ["a", "list"]);
});

test("runs one after another keep their issues apart (validators reuse a clean run state)", () => {
  const validate = compileValidator(t.Object({ n: t.Integer({ minimum: 1 }), tags: t.Array(t.String()) }), ["body"]);
  const first = validate({ n: 0, tags: [1] });
  assert.ok(validate({ n: 1, tags: [] }).ok);
  const second = validate({ n: "x", tags: [] });
  assert.ok(!first.ok && !second.ok);
  assert.deepEqual(
    first.issues.map((i) => [i.type, i.loc]),
    [
      ["greater_than_equal", ["body", "n"]],
      ["string_type", ["body", "tags", 0]],
    ],
  );
  assert.deepEqual(
    second.issues.map((i) => [i.type, i.loc]),
    [["int_parsing", ["body", "n"]]],
  );
  const deep = compileValidator(t.Array(t.Union([t.Integer(), t.Object({ a: t.String() })])), ["body"]);
  assert.ok(!deep([{ a: 1 }]).ok);
  assert.deepEqual(deep([2, { a: "x" }]), { ok: true, value: [2, { a: "x" }] });
});
