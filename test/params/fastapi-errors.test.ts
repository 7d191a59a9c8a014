// The 422 issue lists FastAPI (pydantic v2) produces for the same schema and input: type, loc, msg, input, ctx.
import { test } from "node:test";
import assert from "node:assert/strict";
import { t } from "../../src/params/schema.ts";
import { compileShape, compileValidator } from "../../src/params/validator.ts";
import type { Location, ValidationIssue } from "../../src/params/issues.ts";
import type { AnySchema, ParamShape } from "../../src/params/schema.ts";

interface Case {
  name: string;
  run: () => unknown;
  issues: ValidationIssue[];
}

const Item = t.Object({ name: t.String(), price: t.Number(), tags: t.Array(t.String(), { default: [] }) });

function body(schema: AnySchema, input: unknown): () => unknown {
  const validate = compileValidator(schema, ["body"]);
  return () => validate(input);
}

function params(location: Location, shape: ParamShape, raw: unknown): () => unknown {
  const validate = compileShape(location, shape);
  return () => validate(raw);
}

const cases: Case[] = [
  {
    name: "missing body field: input is the body object",
    run: body(Item, { price: 1 }),
    issues: [{ type: "missing", loc: ["body", "name"], msg: "Field required", input: { price: 1 } }],
  },
  {
    name: "body of the wrong type",
    run: body(Item, [1, 2]),
    issues: [
      { type: "model_attributes_type", loc: ["body"], msg: "Input should be a valid dictionary or object to extract fields from", input: [1, 2] },
    ],
  },
  {
    name: "JSON null body counts as no body",
    run: body(Item, null),
    issues: [{ type: "missing", loc: ["body"], msg: "Field required", input: null }],
  },
  {
    name: "every field's error, in declaration order",
    run: body(Item, { name: 1, price: "x", tags: "a" }),
    issues: [
      { type: "string_type", loc: ["body", "name"], msg: "Input should be a valid string", input: 1 },
      { type: "float_parsing", loc: ["body", "price"], msg: "Input should be a valid number, unable to parse string as a number", input: "x" },
      { type: "list_type", loc: ["body", "tags"], msg: "Input should be a valid list", input: "a" },
    ],
  },
  {
    name: "null for a number",
    run: body(Item, { name: "n", price: null }),
    issues: [{ type: "float_type", loc: ["body", "price"], msg: "Input should be a valid number", input: null }],
  },
  {
    name: "list item errors carry the index",
    run: body(Item, { name: "n", price: 1, tags: ["a", 2, null] }),
    issues: [
      { type: "string_type", loc: ["body", "tags", 1], msg: "Input should be a valid string", input: 2 },
      { type: "string_type", loc: ["body", "tags", 2], msg: "Input should be a valid string", input: null },
    ],
  },
  {
    name: "missing query params: input null",
    run: params("query", { q: t.String({ minLength: 3 }), limit: t.Integer({ minimum: 1, maximum: 100 }) }, {}),
    issues: [
      { type: "missing", loc: ["query", "q"], msg: "Field required", input: null },
      { type: "missing", loc: ["query", "limit"], msg: "Field required", input: null },
    ],
  },
  {
    name: "string_too_short and greater_than_equal",
    run: params("query", { q: t.String({ minLength: 3 }), limit: t.Integer({ minimum: 1 }) }, { q: "ab", limit: "0" }),
    issues: [
      { type: "string_too_short", loc: ["query", "q"], msg: "String should have at least 3 characters", input: "ab", ctx: { min_length: 3 } },
      { type: "greater_than_equal", loc: ["query", "limit"], msg: "Input should be greater than or equal to 1", input: "0", ctx: { ge: 1 } },
    ],
  },
  {
    name: "one character, singular",
    run: params("query", { q: t.String({ minLength: 1 }) }, { q: "" }),
    issues: [{ type: "string_too_short", loc: ["query", "q"], msg: "String should have at least 1 character", input: "", ctx: { min_length: 1 } }],
  },
  {
    name: "less_than_equal",
    run: params("query", { limit: t.Integer({ maximum: 100 }) }, { limit: "101" }),
    issues: [{ type: "less_than_equal", loc: ["query", "limit"], msg: "Input should be less than or equal to 100", input: "101", ctx: { le: 100 } }],
  },
  {
    name: "int_parsing of a decimal and of words",
    run: params("query", { a: t.Integer(), b: t.Integer() }, { a: "1.5", b: "abc" }),
    issues: [
      { type: "int_parsing", loc: ["query", "a"], msg: "Input should be a valid integer, unable to parse string as an integer", input: "1.5" },
      { type: "int_parsing", loc: ["query", "b"], msg: "Input should be a valid integer, unable to parse string as an integer", input: "abc" },
    ],
  },
  {
    name: "int_from_float in a body",
    run: body(t.Object({ n: t.Integer() }), { n: 1.5 }),
    issues: [{ type: "int_from_float", loc: ["body", "n"], msg: "Input should be a valid integer, got a number with a fractional part", input: 1.5 }],
  },
  {
    name: "int_type for a list",
    run: body(t.Object({ n: t.Integer() }), { n: [1] }),
    issues: [{ type: "int_type", loc: ["body", "n"], msg: "Input should be a valid integer", input: [1] }],
  },
  {
    name: "bool_parsing and bool_type",
    run: body(t.Object({ a: t.Boolean(), b: t.Boolean(), c: t.Boolean() }), { a: "maybe", b: 2, c: [] }),
    issues: [
      { type: "bool_parsing", loc: ["body", "a"], msg: "Input should be a valid boolean, unable to interpret input", input: "maybe" },
      { type: "bool_parsing", loc: ["body", "b"], msg: "Input should be a valid boolean, unable to interpret input", input: 2 },
      { type: "bool_type", loc: ["body", "c"], msg: "Input should be a valid boolean", input: [] },
    ],
  },
  {
    name: "string_pattern_mismatch",
    run: body(t.Object({ s: t.String({ pattern: "^a" }) }), { s: "b" }),
    issues: [{ type: "string_pattern_mismatch", loc: ["body", "s"], msg: "String should match pattern '^a'", input: "b", ctx: { pattern: "^a" } }],
  },
  {
    name: "string_too_long",
    run: body(t.Object({ s: t.String({ maxLength: 2 }) }), { s: "abc" }),
    issues: [{ type: "string_too_long", loc: ["body", "s"], msg: "String should have at most 2 characters", input: "abc", ctx: { max_length: 2 } }],
  },
  {
    name: "greater_than, less_than, multiple_of",
    run: body(t.Object({ a: t.Number({ exclusiveMinimum: 0 }), b: t.Number({ exclusiveMaximum: 10 }), c: t.Integer({ multipleOf: 5 }) }), {
      a: 0,
      b: 10,
      c: 7,
    }),
    issues: [
      { type: "greater_than", loc: ["body", "a"], msg: "Input should be greater than 0", input: 0, ctx: { gt: 0 } },
      { type: "less_than", loc: ["body", "b"], msg: "Input should be less than 10", input: 10, ctx: { lt: 10 } },
      { type: "multiple_of", loc: ["body", "c"], msg: "Input should be a multiple of 5", input: 7, ctx: { multiple_of: 5 } },
    ],
  },
  {
    name: "enum",
    run: params("query", { sort: t.Enum(["a", "b", "c"]) }, { sort: "d" }),
    issues: [{ type: "enum", loc: ["query", "sort"], msg: "Input should be 'a', 'b' or 'c'", input: "d", ctx: { expected: "'a', 'b' or 'c'" } }],
  },
  {
    name: "literal_error, one and two values",
    run: body(t.Object({ a: t.Literal("x"), b: t.Union([t.Literal("x"), t.Literal(1)]) }), { a: "y", b: "y" }),
    issues: [
      { type: "literal_error", loc: ["body", "a"], msg: "Input should be 'x'", input: "y", ctx: { expected: "'x'" } },
      { type: "literal_error", loc: ["body", "b"], msg: "Input should be 'x' or 1", input: "y", ctx: { expected: "'x' or 1" } },
    ],
  },
  {
    name: "too_short and too_long lists",
    run: body(t.Object({ a: t.Array(t.Integer(), { minItems: 2 }), b: t.Array(t.Integer(), { maxItems: 2 }) }), { a: [1], b: [1, 2, 3] }),
    issues: [
      {
        type: "too_short",
        loc: ["body", "a"],
        msg: "List should have at least 2 items after validation, not 1",
        input: [1],
        ctx: { field_type: "List", min_length: 2, actual_length: 1 },
      },
      {
        type: "too_long",
        loc: ["body", "b"],
        msg: "List should have at most 2 items after validation, not 3",
        input: [1, 2, 3],
        ctx: { field_type: "List", max_length: 2, actual_length: 3 },
      },
    ],
  },
  {
    name: "extra_forbidden",
    run: body(t.Object({ a: t.Integer() }, { additionalProperties: false }), { a: 1, b: 2 }),
    issues: [{ type: "extra_forbidden", loc: ["body", "b"], msg: "Extra inputs are not permitted", input: 2 }],
  },
  {
    name: "nested model errors",
    run: body(t.Object({ user: t.Object({ id: t.Integer() }), owner: t.Object({ id: t.Integer() }), other: t.Object({ id: t.Integer() }) }), {
      user: { id: "x" },
      owner: 5,
      other: {},
    }),
    issues: [
      { type: "int_parsing", loc: ["body", "user", "id"], msg: "Input should be a valid integer, unable to parse string as an integer", input: "x" },
      { type: "model_attributes_type", loc: ["body", "owner"], msg: "Input should be a valid dictionary or object to extract fields from", input: 5 },
      { type: "missing", loc: ["body", "other", "id"], msg: "Field required", input: {} },
    ],
  },
  {
    name: "dict_type and dict values",
    run: body(t.Object({ a: t.Record(t.String(), t.Integer()), b: t.Record(t.String(), t.Integer()) }), { a: 5, b: { k: "x" } }),
    issues: [
      { type: "dict_type", loc: ["body", "a"], msg: "Input should be a valid dictionary", input: 5 },
      { type: "int_parsing", loc: ["body", "b", "k"], msg: "Input should be a valid integer, unable to parse string as an integer", input: "x" },
    ],
  },
  {
    name: "uuid_parsing",
    run: params("path", { id: t.String({ format: "uuid" }) }, { id: "abc" }),
    issues: [
      {
        type: "uuid_parsing",
        loc: ["path", "id"],
        msg: "Input should be a valid UUID, invalid length: expected length 32 for simple format, found 3",
        input: "abc",
        ctx: { error: "invalid length: expected length 32 for simple format, found 3" },
      },
    ],
  },
  {
    name: "uuid_parsing: bad character and group count",
    run: params(
      "query",
      { a: t.String({ format: "uuid" }), b: t.String({ format: "uuid" }) },
      { a: "x3a1ae3c-ea82-448b-9c74-567130ac572a", b: "-1" },
    ),
    issues: [
      {
        type: "uuid_parsing",
        loc: ["query", "a"],
        msg: "Input should be a valid UUID, invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-], found `x` at 1",
        input: "x3a1ae3c-ea82-448b-9c74-567130ac572a",
        ctx: { error: "invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-], found `x` at 1" },
      },
      {
        type: "uuid_parsing",
        loc: ["query", "b"],
        msg: "Input should be a valid UUID, invalid group count: expected 5, found 2",
        input: "-1",
        ctx: { error: "invalid group count: expected 5, found 2" },
      },
    ],
  },
  {
    name: "dates: bad day, and a datetime with a time",
    run: params("query", { a: t.String({ format: "date" }), b: t.String({ format: "date" }) }, { a: "2021-02-30", b: "2021-01-01T10:00:00" }),
    issues: [
      {
        type: "date_from_datetime_parsing",
        loc: ["query", "a"],
        msg: "Input should be a valid date or datetime, day value is outside expected range",
        input: "2021-02-30",
        ctx: { error: "day value is outside expected range" },
      },
      {
        type: "date_from_datetime_inexact",
        loc: ["query", "b"],
        msg: "Datetimes provided to dates should have zero time - e.g. be exact dates",
        input: "2021-01-01T10:00:00",
      },
    ],
  },
  {
    name: "datetime from a short string",
    run: params("query", { at: t.String({ format: "date-time" }) }, { at: "abc" }),
    issues: [
      {
        type: "datetime_from_date_parsing",
        loc: ["query", "at"],
        msg: "Input should be a valid datetime or date, input is too short",
        input: "abc",
        ctx: { error: "input is too short" },
      },
    ],
  },
  {
    name: "union: every member's error under its tag",
    run: body(t.Object({ v: t.Union([t.Integer(), t.String()]) }), { v: [] }),
    issues: [
      { type: "int_type", loc: ["body", "v", "int"], msg: "Input should be a valid integer", input: [] },
      { type: "string_type", loc: ["body", "v", "str"], msg: "Input should be a valid string", input: [] },
    ],
  },
  {
    name: "nullable: only the inner type's error",
    run: body(t.Object({ v: t.Union([t.String(), t.Null()]) }), { v: 5 }),
    issues: [{ type: "string_type", loc: ["body", "v"], msg: "Input should be a valid string", input: 5 }],
  },
  {
    name: "union of models: each tagged with its $id, as pydantic uses class names",
    run: body(t.Object({ pet: t.Union([t.Object({ meow: t.Boolean() }, { $id: "Cat" }), t.Object({ bark: t.Boolean() }, { $id: "Dog" })]) }), {
      pet: {},
    }),
    issues: [
      { type: "missing", loc: ["body", "pet", "Cat", "meow"], msg: "Field required", input: {} },
      { type: "missing", loc: ["body", "pet", "Dog", "bark"], msg: "Field required", input: {} },
    ],
  },
  {
    name: "BigInt limits read as numbers",
    run: params("query", { n: t.Integer({ minimum: 1n }) }, { n: "0" }),
    issues: [{ type: "greater_than_equal", loc: ["query", "n"], msg: "Input should be greater than or equal to 1", input: "0", ctx: { ge: 1 } }],
  },
  {
    name: "nullable literals: null allowed, the message lists only the literals",
    run: body(t.Object({ v: t.Union([t.Literal("a"), t.Literal("b"), t.Null()]) }), { v: "c" }),
    issues: [{ type: "literal_error", loc: ["body", "v"], msg: "Input should be 'a' or 'b'", input: "c", ctx: { expected: "'a' or 'b'" } }],
  },
  {
    name: "missing header and bad cookie",
    run: () => [
      ...(compileShape("header", { "x-token": t.String() })({}) as { issues: ValidationIssue[] }).issues,
      ...(compileShape("cookie", { session: t.Integer() })({ session: "abc" }) as { issues: ValidationIssue[] }).issues,
    ],
    issues: [
      { type: "missing", loc: ["header", "x-token"], msg: "Field required", input: null },
      { type: "int_parsing", loc: ["cookie", "session"], msg: "Input should be a valid integer, unable to parse string as an integer", input: "abc" },
    ],
  },
  {
    name: "repeated query key: item errors carry the index",
    run: params("query", { ids: t.Array(t.Integer()) }, { ids: ["1", "x"] }),
    issues: [
      { type: "int_parsing", loc: ["query", "ids", 1], msg: "Input should be a valid integer, unable to parse string as an integer", input: "x" },
    ],
  },
  {
    name: "a text field where a file was expected",
    run: params("body", { avatar: t.File() }, { avatar: "not a file" }),
    issues: [
      {
        type: "value_error",
        loc: ["body", "avatar"],
        msg: "Value error, Expected UploadFile, received: <class 'str'>",
        input: "not a file",
        ctx: { error: {} },
      },
    ],
  },
];

for (const c of cases) {
  test(`FastAPI 422: ${c.name}`, () => {
    const out = c.run();
    const issues = Array.isArray(out) ? out : (out as { ok: boolean; issues?: ValidationIssue[] }).issues;
    assert.deepEqual(JSON.parse(JSON.stringify(issues)), c.issues);
  });
}
