// Property tests: whatever arrives, compiled validators never throw and answer ok or well-formed issues.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { t } from "../../src/params/schema.ts";
import { compileShape, compileValidator } from "../../src/params/validator.ts";
import { compileSerializer } from "../../src/params/serializer.ts";
import { parseJsonBody } from "../../src/params/json.ts";
import type { ValidationIssue } from "../../src/params/issues.ts";

function assertWellFormed(result: { ok: boolean; issues?: ValidationIssue[]; value?: unknown }, location: string): void {
  if (result.ok) return;
  assert.ok(Array.isArray(result.issues) && result.issues.length > 0);
  for (const issue of result.issues) {
    assert.equal(typeof issue.type, "string");
    assert.equal(typeof issue.msg, "string");
    assert.ok(Array.isArray(issue.loc) && issue.loc[0] === location);
    assert.ok(issue.loc.every((s) => typeof s === "string" || typeof s === "number"));
    assert.ok("input" in issue);
    if (issue.ctx !== undefined) assert.equal(typeof issue.ctx, "object");
    assert.doesNotThrow(() => JSON.stringify(issue));
  }
}

const querySchema = {
  q: t.Optional(t.String({ minLength: 2, pattern: "^[a-z]" })),
  limit: t.Integer({ default: 10, minimum: 1, maximum: 100 }),
  ratio: t.Optional(t.Number({ exclusiveMinimum: 0 })),
  flag: t.Boolean({ default: false }),
  ids: t.Optional(t.Array(t.Integer(), { maxItems: 5 })),
  sort: t.Enum(["asc", "desc"], { default: "asc" }),
  kind: t.Optional(t.Union([t.Literal(1), t.Literal("two")])),
  day: t.Optional(t.String({ format: "date" })),
  id: t.Optional(t.String({ format: "uuid" })),
  either: t.Optional(t.Union([t.Integer(), t.Boolean()])),
};
const keys = Object.keys(querySchema);
const rawText = fc.oneof(fc.string(), fc.constantFrom("1", "0", "-1", "1.5", "true", "asc", "two", "2024-01-01", "", " 7 ", "1e400", "NaN"));
const rawQuery = fc.dictionary(fc.oneof(fc.constantFrom(...keys), fc.string()), fc.oneof(rawText, fc.array(rawText, { maxLength: 4 })));

test("query shapes never throw on arbitrary raw params", () => {
  const validate = compileShape("query", querySchema);
  fc.assert(
    fc.property(rawQuery, (raw) => {
      const result = validate(raw);
      assertWellFormed(result, "query");
      if (result.ok) assert.ok(typeof result.value.limit === "number" && result.value.limit >= 1 && result.value.limit <= 100);
    }),
    { numRuns: 2000 },
  );
});

const Body = t.Object({
  name: t.String({ maxLength: 20 }),
  price: t.Number({ minimum: 0 }),
  tags: t.Array(t.String(), { default: [] }),
  owner: t.Optional(t.Object({ id: t.Integer(), email: t.Optional(t.String({ format: "email" })) })),
  meta: t.Optional(t.Record(t.String(), t.Union([t.String(), t.Integer(), t.Null()]))),
  kind: t.Optional(t.Union([t.Literal("a"), t.Literal("b")])),
  at: t.Optional(t.String({ format: "date-time" })),
});

const nearBody = fc.record(
  {
    name: fc.oneof(fc.string(), fc.anything()),
    price: fc.oneof(fc.double(), fc.string(), fc.anything()),
    tags: fc.oneof(fc.array(fc.string()), fc.anything()),
    owner: fc.oneof(fc.record({ id: fc.oneof(fc.integer(), fc.string()), email: fc.string() }, { requiredKeys: [] }), fc.anything()),
    meta: fc.oneof(fc.dictionary(fc.string(), fc.jsonValue()), fc.anything()),
    kind: fc.oneof(fc.constantFrom("a", "b", "c"), fc.anything()),
    at: fc.oneof(fc.constantFrom("2024-01-01T00:00:00Z", "2024-13-01"), fc.string()),
  },
  { requiredKeys: [] },
);

test("body validators never throw; what they accept they accept again unchanged", () => {
  const validate = compileValidator(Body, ["body"]);
  fc.assert(
    fc.property(fc.oneof(nearBody, fc.anything(), fc.jsonValue()), (input) => {
      const result = validate(input);
      assertWellFormed(result, "body");
      if (result.ok) assert.deepEqual(validate(result.value), { ok: true, value: result.value });
    }),
    { numRuns: 2000 },
  );
});

test("the response serializer never throws; its JSON is the validated value", () => {
  const serialize = compileSerializer(Body);
  const validate = compileValidator(Body, ["response"]);
  fc.assert(
    fc.property(fc.oneof(nearBody, fc.jsonValue()), (value) => {
      const out = serialize(value);
      assertWellFormed(out, "response");
      if (out.ok) {
        const validated = validate(value);
        assert.ok(validated.ok);
        assert.deepEqual(JSON.parse(out.json), JSON.parse(JSON.stringify(validated.value)));
      }
    }),
    { numRuns: 1000 },
  );
});

test("parseJsonBody never throws; invalid JSON gets a position inside the text", () => {
  fc.assert(
    fc.property(
      fc.oneof(
        fc.string(),
        fc.json(),
        fc.json().map((s) => s.slice(0, -1)),
        fc.json().map((s) => `${s},`),
      ),
      (text) => {
        const result = parseJsonBody(text);
        let valid = true;
        try {
          JSON.parse(text.replace(/^\ufeff/, ""));
        } catch {
          valid = false;
        }
        assert.equal(result.ok, valid || text.length === 0);
        if (!result.ok) {
          const [issue] = result.issues;
          assert.equal(issue!.type, "json_invalid");
          const pos = issue!.loc[1] as number;
          assert.ok(Number.isInteger(pos) && pos >= 0 && pos <= text.length, `${pos} for ${JSON.stringify(text)}`);
        }
      },
    ),
    { numRuns: 3000 },
  );
});
