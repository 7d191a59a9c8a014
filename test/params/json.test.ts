// JSON bodies: FastAPI's json_invalid errors, and prototype-poisoning keys never survive parsing or validation.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseJsonBody } from "../../src/params/json.ts";
import { t } from "../../src/params/schema.ts";
import { compileValidator } from "../../src/params/validator.ts";

function parsed(text: string): Record<string, unknown> {
  const result = parseJsonBody(text);
  assert.ok(result.ok);
  return result.value as Record<string, unknown>;
}

test("__proto__ keys are dropped and no prototype changes", () => {
  const value = parsed('{"__proto__": {"admin": true}, "name": "x"}');
  assert.deepEqual(Object.keys(value), ["name"]);
  assert.equal(Object.getPrototypeOf(value), Object.prototype);
  assert.equal(value.admin, undefined);
  assert.equal(({} as Record<string, unknown>).admin, undefined);
  const merged = Object.assign({}, value);
  assert.equal((merged as Record<string, unknown>).admin, undefined);
});

test("escaped and nested spellings are dropped too", () => {
  const value = parsed('{"a": [{"\\u005f_proto__": {"admin": true}}], "b": {"__pro\\u0074o__": 1}}');
  assert.deepEqual(value, { a: [{}], b: {} });
  assert.equal(({} as Record<string, unknown>).admin, undefined);
});

test("constructor.prototype is dropped; an ordinary constructor key stays", () => {
  assert.deepEqual(parsed('{"constructor": {"prototype": {"admin": true}}, "x": 1}'), { x: 1 });
  assert.deepEqual(parsed('{"constructor": "Acme"}'), { constructor: "Acme" });
});

test("validated bodies keep prototypes untouched, whatever the schema allows", () => {
  const open = compileValidator(t.Object({}, { additionalProperties: true }), ["body"]);
  const poisoned: Record<string, unknown> = {};
  Object.defineProperty(poisoned, "__proto__", { value: { admin: true }, enumerable: true });
  const result = open(poisoned);
  assert.ok(result.ok);
  const out = result.value as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(out), Object.prototype);
  assert.equal(out.admin, undefined);
  // An undeclared own `__proto__` is dropped, as JSON parsing drops it: kept, a merge downstream could poison.
  assert.equal(Object.hasOwn(out, "__proto__"), false);
  const record = compileValidator(t.Record(t.String(), t.Unknown()), ["body"])(poisoned);
  assert.ok(record.ok);
  assert.equal(Object.getPrototypeOf(record.value), Object.prototype);
});

test("an empty body is no body; a BOM is ignored", () => {
  assert.deepEqual(parseJsonBody(""), { ok: true, value: undefined });
  assert.deepEqual(parseJsonBody('\ufeff{"a":1}'), { ok: true, value: { a: 1 } });
  assert.deepEqual(parseJsonBody(" null "), { ok: true, value: null });
});

const jsonCases: [text: string, pos: number, error: string][] = [
  ['{"a": }', 6, "Expecting value"],
  ['{"a": 1,}', 8, "Expecting property name enclosed in double quotes"],
  ["{", 1, "Expecting property name enclosed in double quotes"],
  ["{'a': 1}", 1, "Expecting property name enclosed in double quotes"],
  ['{"a" 1}', 5, "Expecting ':' delimiter"],
  ['{"a": 1 "b": 2}', 8, "Expecting ',' delimiter"],
  ["[1, 2", 5, "Expecting ',' delimiter"],
  ["[1,]", 3, "Expecting value"],
  ["   ", 3, "Expecting value"],
  ['"abc', 0, "Unterminated string starting at"],
  ['{"a": "x\\qy"}', 8, "Invalid \\escape"],
  ['{"a": "\\u12"}', 8, "Invalid \\uXXXX escape"],
  ['["a\tb"]', 3, "Invalid control character at"],
  ["{} x", 3, "Extra data"],
  ["01", 1, "Extra data"],
  ['{"a": tru}', 6, "Expecting value"],
  ["NaN", 0, "Expecting value"],
  ['{"😀": x}', 6, "Expecting value"],
];

for (const [text, pos, error] of jsonCases) {
  test(`FastAPI 422: invalid JSON ${JSON.stringify(text)}`, () => {
    assert.deepEqual(parseJsonBody(text), {
      ok: false,
      issues: [{ type: "json_invalid", loc: ["body", pos], msg: "JSON decode error", input: {}, ctx: { error } }],
    });
  });
}

test("the depth limit counts objects and arrays together, and many shallow openers are not depth", () => {
  const mixed = (n: number) => '{"a":['.repeat(n / 2) + "]}".repeat(n / 2);
  assert.ok(parseJsonBody(mixed(200)).ok);
  const over = parseJsonBody(mixed(202));
  assert.ok(!over.ok && over.issues[0]?.ctx?.error === "Nesting is deeper than the limit of 200 levels");
  const wide = JSON.stringify(Array.from({ length: 500 }, (_, i) => ({ i, tags: [i] })));
  assert.equal((parsed(`{"rows":${wide}}`).rows as unknown[]).length, 500);
});
