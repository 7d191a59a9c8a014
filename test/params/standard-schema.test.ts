// Zod and Valibot schemas work wherever TypeBox ones do, with FastAPI-shaped issues.
import { test } from "node:test";
import assert from "node:assert/strict";
import { z } from "zod";
import * as v from "valibot";
import { t } from "../../src/params/schema.ts";
import { AsyncSchemaError, compileShape, compileValidator } from "../../src/params/validator.ts";
import { compileSerializer } from "../../src/params/serializer.ts";
import { toJsonSchema } from "../../src/params/json-schema.ts";

const ZodItem = z.object({ name: z.string(), price: z.number().min(0), tags: z.array(z.string()).default([]) });
const ValibotItem = v.object({ name: v.string(), price: v.pipe(v.number(), v.minValue(0)), tags: v.optional(v.array(v.string()), []) });

test("zod body: output value, defaults, and issues located under body", () => {
  const validate = compileValidator(ZodItem, ["body"]);
  assert.deepEqual(validate({ name: "a", price: 1, extra: 1 }), { ok: true, value: { name: "a", price: 1, tags: [] } });
  const result = validate({ price: -1, tags: [1] });
  assert.equal(result.ok, false);
  assert.deepEqual(!result.ok && result.issues.map(({ type, loc, input }) => ({ type, loc, input })), [
    { type: "missing", loc: ["body", "name"], input: { price: -1, tags: [1] } },
    { type: "too_small", loc: ["body", "price"], input: -1 },
    { type: "invalid_type", loc: ["body", "tags", 0], input: 1 },
  ]);
  assert.equal(!result.ok && result.issues[0]!.msg, "Field required");
});

test("valibot body: output value, defaults, and issues located under body", () => {
  const validate = compileValidator(ValibotItem, ["body"]);
  assert.deepEqual(validate({ name: "a", price: 1 }), { ok: true, value: { name: "a", price: 1, tags: [] } });
  const result = validate({ price: -1 });
  assert.deepEqual(!result.ok && result.issues.map(({ type, loc, msg, input }) => ({ type, loc, msg, input })), [
    { type: "missing", loc: ["body", "name"], msg: "Field required", input: { price: -1 } },
    { type: "min_value", loc: ["body", "price"], msg: "Invalid value: Expected >=0 but received -1", input: -1 },
  ]);
});

test("standard schemas in param shapes: strings pass untouched, z.coerce converts, arrays collect repeats", () => {
  const validate = compileShape("query", {
    page: z.coerce.number().int().default(1),
    q: z.string().optional(),
    tags: z.array(z.string()),
    sort: v.optional(v.picklist(["asc", "desc"]), "asc"),
    limit: t.Integer({ default: 10 }),
  });
  assert.deepEqual(validate({ page: "3", tags: "a" }), { ok: true, value: { page: 3, tags: ["a"], sort: "asc", limit: 10 } });
  const result = validate({ page: "x", q: ["a", "b"], sort: "up" });
  assert.deepEqual(!result.ok && result.issues.map(({ type, loc }) => ({ type, loc })), [
    { type: "invalid_type", loc: ["query", "page"] },
    { type: "missing", loc: ["query", "tags"] },
    { type: "picklist", loc: ["query", "sort"] },
  ]);
  assert.equal(!result.ok && result.issues[1]!.input, null);
});

test("an async schema on the synchronous path fails loudly, naming the fix", () => {
  const validate = compileValidator(
    z.string().refine(async (s) => s.length > 1),
    ["body"],
  );
  assert.throws(() => validate("a"), AsyncSchemaError);
});

test("standard schemas as response models: the library strips unknown keys", () => {
  const serialize = compileSerializer(z.object({ id: z.number(), name: z.string() }));
  assert.deepEqual(serialize({ id: 1, name: "a", password: "p" }), { ok: true, json: '{"id":1,"name":"a"}' });
  const bad = serialize({ id: "1" });
  assert.deepEqual(!bad.ok && bad.issues.map((i) => i.loc), [
    ["response", "id"],
    ["response", "name"],
  ]);
});

test("JSON Schema from zod and valibot", () => {
  assert.deepEqual(toJsonSchema(z.object({ a: z.string(), b: z.number().default(1) })), {
    type: "object",
    properties: { a: { type: "string" }, b: { default: 1, type: "number" } },
    required: ["a"],
  });
  assert.deepEqual(toJsonSchema(z.object({ a: z.string(), b: z.number().default(1) }), { io: "output" }).required, ["a", "b"]);
  assert.deepEqual(toJsonSchema(v.object({ a: v.string() })), { type: "object", properties: { a: { type: "string" } }, required: ["a"] });
  assert.deepEqual(toJsonSchema({ "~standard": { version: 1, vendor: "other", validate: (value: unknown) => ({ value }) } }), {});
});
