// The boolean fast path of validators and serializers must answer exactly as the node walk does, value for value.
import { test } from "node:test";
import { inspect } from "node:util";
import assert from "node:assert/strict";
import { t } from "../../src/params/schema.ts";
import { compileValidator } from "../../src/params/validator.ts";
import { compileSerializer } from "../../src/params/serializer.ts";
import { compileSchemaNode } from "../../src/params/compile.ts";
import { runNode } from "../../src/params/run-state.ts";
import { compileCheck } from "../../src/params/nodes/check.ts";

let seed = 11;
const random = (n: number) => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed % n;
};
const pick = <T>(items: readonly T[]): T => items[random(items.length)]!;

function schemaOf(depth: number): unknown {
  switch (random(depth > 2 ? 4 : 6)) {
    case 0:
      return pick([
        t.String(),
        t.String({ minLength: 2 }),
        t.String({ maxLength: 3 }),
        t.String({ pattern: "^a+$" }),
        t.String({ minLength: 1, maxLength: 2 }),
      ]);
    case 1:
      return pick([t.Integer(), t.Integer({ minimum: 0, maximum: 5 }), t.Integer({ multipleOf: 2 }), t.Integer({ exclusiveMinimum: 1 })]);
    case 2:
      return pick([t.Number(), t.Number({ minimum: 0 }), t.Number({ maximum: 1.5 })]);
    case 3:
      return t.Boolean();
    case 4: {
      const props: Record<string, unknown> = {};
      for (const key of ["a", "b", "constructor"].slice(0, 1 + random(3))) {
        const inner = schemaOf(depth + 1) as never;
        const numeric = ["integer", "number"].includes((inner as { type: string }).type);
        props[key] = pick([inner, t.Optional(inner), numeric ? { ...(inner as object), default: 2 } : inner]);
      }
      return t.Object(props as never);
    }
    default:
      return pick([t.Array(schemaOf(depth + 1) as never), t.Array(schemaOf(depth + 1) as never, { maxItems: 2, minItems: 1 })]);
  }
}

function randomValue(depth: number): unknown {
  switch (random(depth > 2 ? 6 : 9)) {
    case 0:
      return pick(["", "a", "aa", "aaa", "ab", "😀", "😀😀", "a😀", "5", "true"]);
    case 1:
      return pick([0, 1, 2, 3, 5, 6, -1, 1.5, 2.5, NaN, Infinity, -0]);
    case 2:
      return pick([true, false]);
    case 3:
      return pick([null, undefined]);
    case 4:
      return new Date(0);
    case 5:
      return pick([new Set(["a"]), new (class Box {})()]);
    case 6: {
      const obj: Record<string, unknown> = {};
      for (const key of ["a", "b", "constructor", "extra"]) if (random(3) > 0) obj[key] = randomValue(depth + 1);
      return obj;
    }
    case 7:
      return Array.from({ length: random(4) }, () => randomValue(depth + 1));
    default:
      return Object.assign(Object.create(null), { a: randomValue(depth + 1) });
  }
}

test("validators answer as the nodes do, whether the fast check accepts or not", () => {
  let fast = 0;
  for (let i = 0; i < 3000; i++) {
    const schema = schemaOf(0);
    const validate = compileValidator(schema as never, ["body"]);
    const node = compileSchemaNode(schema);
    const check = compileCheck(schema);
    assert.ok(check !== undefined, JSON.stringify(schema));
    for (let j = 0; j < 20; j++) {
      const value = randomValue(0);
      if (value === undefined || value === null) continue;
      if (check(value)) fast++;
      assert.deepEqual(validate(value), runNode(node, value, ["body"]), `${JSON.stringify(schema)} ${inspect(value)}`);
    }
  }
  assert.ok(fast > 1000, `the fast path was taken ${fast} times`);
});

test("serializers answer as the nodes do", () => {
  for (let i = 0; i < 1000; i++) {
    const schema = schemaOf(0);
    const serialize = compileSerializer(schema as never);
    const node = compileSchemaNode(schema, { direction: "encode" });
    const value = randomValue(0);
    const slow = runNode(node, value, ["response"]);
    const out = serialize(value);
    if (!slow.ok) assert.deepEqual(out, slow);
    else {
      assert.ok(out.ok);
      assert.deepEqual(JSON.parse(out.json), JSON.parse(JSON.stringify(slow.value)), `${JSON.stringify(schema)} ${inspect(value)}`);
    }
  }
});

test("schemas the fast path does not mirror get no check", () => {
  for (const schema of [
    t.Refine(
      t.Integer(),
      (n) => n > 0,
      () => "positive",
    ),
    t
      .Codec(t.String())
      .Decode((s) => s.length)
      .Encode(String),
    t.String({ format: "email" }),
    t.Union([t.String(), t.Integer()]),
    { type: "string", nullable: true },
    t.Object({ a: t.String() }, { additionalProperties: false }),
    t.Array(t.String(), { uniqueItems: true }),
    t.Object({ a: t.Union([t.String(), t.Integer()]) }),
  ]) {
    assert.equal(compileCheck(schema), undefined, JSON.stringify(schema));
  }
});
