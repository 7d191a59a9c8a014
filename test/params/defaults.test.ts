// Defaults are filled into a copy, fresh per request; the input is never mutated; undeclared keys are dropped.
import { test } from "node:test";
import assert from "node:assert/strict";
import { t } from "../../src/params/schema.ts";
import { compileShape, compileValidator } from "../../src/params/validator.ts";

const Settings = t.Object({
  name: t.String(),
  tags: t.Array(t.String(), { default: [] }),
  limits: t.Object({ max: t.Integer({ default: 10 }), min: t.Integer({ default: 0 }) }, { default: { max: 5, min: 1 } }),
  note: t.Optional(t.String()),
});

test("missing properties take their defaults; Optional ones stay absent", () => {
  const validate = compileValidator(Settings, ["body"]);
  assert.deepEqual(validate({ name: "a" }), { ok: true, value: { name: "a", tags: [], limits: { max: 5, min: 1 } } });
  assert.deepEqual(validate({ name: "a", limits: {} }), { ok: true, value: { name: "a", tags: [], limits: { max: 10, min: 0 } } });
  const result = validate({ name: "a" });
  assert.ok(result.ok && !("note" in result.value));
});

test("each result gets its own copy of a mutable default", () => {
  const validate = compileValidator(Settings, ["body"]);
  const first = validate({ name: "a" });
  assert.ok(first.ok);
  first.value.tags.push("mutated");
  first.value.limits.max = 99;
  assert.deepEqual(validate({ name: "b" }), { ok: true, value: { name: "b", tags: [], limits: { max: 5, min: 1 } } });
});

test("the input is never mutated, and the output is a copy", () => {
  const validate = compileValidator(Settings, ["body"]);
  const input = { name: "a", limits: { max: "3" }, extra: true };
  const snapshot = structuredClone(input);
  const result = validate(input);
  assert.deepEqual(input, snapshot);
  assert.ok(result.ok);
  assert.notEqual(result.value.limits, input.limits);
  assert.deepEqual(result.value, { name: "a", tags: [], limits: { max: 3, min: 0 } });
});

test("undeclared keys are dropped unless additionalProperties says otherwise", () => {
  const drop = compileValidator(t.Object({ a: t.Integer() }), ["body"]);
  assert.deepEqual(drop({ a: 1, b: 2 }), { ok: true, value: { a: 1 } });
  const keep = compileValidator(t.Object({ a: t.Integer() }, { additionalProperties: true }), ["body"]);
  assert.deepEqual(keep({ a: 1, b: 2 }), { ok: true, value: { a: 1, b: 2 } });
  const typed = compileValidator(t.Object({ a: t.Integer() }, { additionalProperties: t.Integer() }), ["body"]);
  assert.deepEqual(typed({ a: 1, b: "2" }), { ok: true, value: { a: 1, b: 2 } });
  const bad = typed({ a: 1, b: "x" });
  assert.deepEqual(!bad.ok && bad.issues.map((i) => i.loc), [["body", "b"]]);
});

test("a schema's own default answers for an absent value; Optional gives undefined", () => {
  assert.deepEqual(compileValidator(t.Array(t.Integer(), { default: [1] }), ["body"])(undefined), { ok: true, value: [1] });
  assert.deepEqual(compileValidator(t.Optional(t.Object({ a: t.Integer() })), ["body"])(undefined), { ok: true, value: undefined });
  assert.deepEqual(compileValidator(t.Union([t.Object({ a: t.Integer() }), t.Null()]), ["body"])(null), { ok: true, value: null });
});

test("param defaults are fresh per request", () => {
  const validate = compileShape("query", { ids: t.Array(t.Integer(), { default: [] }) });
  const first = validate({});
  assert.ok(first.ok);
  (first.value.ids as number[]).push(1);
  assert.deepEqual(validate({}), { ok: true, value: { ids: [] } });
});

test("intersections merge their object members", () => {
  const validate = compileValidator(t.Intersect([t.Object({ a: t.Integer() }), t.Object({ b: t.String({ default: "x" }) })]), ["body"]);
  assert.deepEqual(validate({ a: "1", c: 3 }), { ok: true, value: { a: 1, b: "x" } });
  const missing = validate({});
  assert.deepEqual(!missing.ok && missing.issues.map((i) => i.loc), [["body", "a"]]);
});

test("recursive schemas validate to any depth the data has", () => {
  const Node = t.Cyclic({ Node: t.Object({ value: t.Integer(), next: t.Union([t.Ref("Node"), t.Null()]) }) }, "Node");
  const validate = compileValidator(Node, ["body"]);
  assert.deepEqual(validate({ value: "1", next: { value: 2, next: null } }), { ok: true, value: { value: 1, next: { value: 2, next: null } } });
  const bad = validate({ value: 1, next: { value: "x", next: null } });
  assert.deepEqual(!bad.ok && bad.issues.map((i) => i.loc), [["body", "next", "value"]]);
});

test("data deeper than the stack allows fails as a 422, not a crash", () => {
  const Tree = t.Cyclic({ Tree: t.Object({ child: t.Optional(t.Ref("Tree")) }) }, "Tree");
  let deep: Record<string, unknown> = {};
  for (let i = 0; i < 200_000; i++) deep = { child: deep };
  const result = compileValidator(Tree, ["body"])(deep);
  assert.deepEqual(!result.ok && result.issues.map((i) => i.type), ["recursion_loop"]);
});

test("a $ref that names nothing fails at registration", () => {
  assert.throws(() => compileValidator(t.Object({ a: t.Ref("Nowhere") }), ["body"]), /Cannot resolve \$ref "Nowhere"/);
});

test("refinements, codecs and keywords compiled by TypeBox", () => {
  const even = t.Refine(
    t.Integer(),
    (n) => n % 2 === 0,
    () => "must be even",
  );
  const validate = compileValidator(t.Object({ n: even }), ["body"]);
  assert.deepEqual(validate({ n: "4" }), { ok: true, value: { n: 4 } });
  assert.deepEqual(validate({ n: 3 }), {
    ok: false,
    issues: [{ type: "value_error", loc: ["body", "n"], msg: "Value error, must be even", input: 3, ctx: { error: {} } }],
  });
  const csv = t
    .Codec(t.String())
    .Decode((s) => s.split(","))
    .Encode((list) => list.join(","));
  assert.deepEqual(compileValidator(t.Object({ tags: csv }), ["body"])({ tags: "a,b" }), { ok: true, value: { tags: ["a", "b"] } });
  const notFoo = compileValidator({ type: "string", not: { const: "foo" } } as never, ["body"]);
  assert.deepEqual(notFoo("bar"), { ok: true, value: "bar" });
  assert.deepEqual(!notFoo("foo").ok && (notFoo("foo") as { issues: { type: string }[] }).issues.map((i) => i.type), ["not"]);
});
