/**
 * `object` schemas, as pydantic validates models and dicts: declared properties in order (missing ones reported,
 * defaults filled), then the rest by `patternProperties` / `additionalProperties`. Without `additionalProperties`
 * unknown keys of a model are dropped (pydantic's `extra="ignore"`), so nothing undeclared reaches a handler or a
 * response. A record (`patternProperties` only, what `t.Record` builds) refuses a key no pattern matches, as
 * pydantic refuses a `dict[int, float]` key that is not an integer: nothing the client sent is silently lost.
 */
import { MESSAGES, itemsTooLong, itemsTooShort } from "../messages.ts";
import { defaultFactory, INVALID, report, setOwn, visit, type Node, type RunState } from "../run-state.ts";
import { anyNode } from "./primitive.ts";
import { isSchemaObject, type Compiler, type JsonSchema } from "./compiler.ts";

interface Field {
  key: string;
  node: Node;
  required: boolean;
  makeDefault: (() => unknown) | undefined;
  /** Keys Object.prototype also has (`constructor`, `toString`…) must be own properties to count. */
  ownOnly: boolean;
}

type ExtraPolicy = { kind: "ignore" | "forbid" | "allow" } | { kind: "validate"; node: Node };

interface PatternRule {
  regex: RegExp;
  node: Node;
}

// TypeBox's key patterns for `t.Record(t.Integer(), …)`, `t.Record(t.Number(), …)` and `t.Record(t.String(), …)`.
const INTEGER_KEY = "^-?(?:0|[1-9][0-9]*)$";
const NUMBER_KEY = "^-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?$";
const ANY_KEY = "^.*$";

/** How a record answers a key none of its patterns match: pydantic's error for the key type, at `[key, "[key]"]`. */
function keyRefusal(patterns: string[]): { type: string; msg: string; ctx?: Record<string, unknown> } {
  if (patterns.length === 1 && patterns[0] === INTEGER_KEY) return { type: "int_parsing", msg: MESSAGES.int_parsing };
  if (patterns.length === 1 && patterns[0] === NUMBER_KEY) return { type: "float_parsing", msg: MESSAGES.float_parsing };
  const pattern = patterns.join("|");
  return { type: "string_pattern_mismatch", msg: `String should match pattern '${pattern}'`, ctx: { pattern } };
}

function fieldsOf(schema: JsonSchema, compiler: Compiler): Field[] {
  const properties = isSchemaObject(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  const fields: Field[] = [];
  for (const key of Object.keys(properties)) {
    const sub = properties[key];
    const makeDefault = isSchemaObject(sub) && "default" in sub ? defaultFactory(sub.default) : undefined;
    const node = compiler.node(sub);
    fields.push({ key, node, required: required.has(key) && makeDefault === undefined, makeDefault, ownOnly: key in Object.prototype });
  }
  for (const key of required) {
    if (!Object.hasOwn(properties, key))
      fields.push({ key, node: anyNode, required: true, makeDefault: undefined, ownOnly: key in Object.prototype });
  }
  return fields;
}

function extraPolicy(schema: JsonSchema, compiler: Compiler): ExtraPolicy {
  const additional = schema.additionalProperties ?? schema.unevaluatedProperties;
  if (additional === false) return { kind: "forbid" };
  if (additional === true) return { kind: "allow" };
  if (isSchemaObject(additional))
    return Object.keys(additional).length === 0 ? { kind: "allow" } : { kind: "validate", node: compiler.node(additional) };
  return { kind: "ignore" };
}

function patternRules(schema: JsonSchema, compiler: Compiler): PatternRule[] {
  if (!isSchemaObject(schema.patternProperties)) return [];
  // `^.*$` means any string key, newlines included (`.` alone would stop at one).
  return Object.entries(schema.patternProperties).map(([pattern, sub]) => ({
    regex: pattern === ANY_KEY ? /^/ : toRegExp(pattern),
    node: compiler.node(sub),
  }));
}

function toRegExp(pattern: string): RegExp {
  try {
    return new RegExp(pattern, "u");
  } catch {
    return new RegExp(pattern);
  }
}

/** Whether `obj` has exactly `count` enumerable keys (inherited ones count too, which only forces a copy). */
function hasKeyCount(obj: Record<string, unknown>, count: number): boolean {
  let keys = 0;
  for (const _ in obj) if (++keys > count) return false;
  return keys === count;
}

/** A copy of the declared fields before `end`, all of which validated to themselves. */
function copyFields(obj: Record<string, unknown>, fields: Field[], end: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < end; i++) {
    const raw = readField(obj, fields[i]!);
    if (raw !== undefined) setOwn(out, fields[i]!.key, raw);
  }
  return out;
}

function readField(obj: Record<string, unknown>, field: Field): unknown {
  if (field.ownOnly && !Object.hasOwn(obj, field.key)) return undefined;
  return obj[field.key];
}

export function objectNode(schema: JsonSchema, compiler: Compiler): Node {
  const fields = fieldsOf(schema, compiler);
  const known = new Set(fields.map((f) => f.key));
  const extras = extraPolicy(schema, compiler);
  const patterns = patternRules(schema, compiler);
  const scansExtras = extras.kind !== "ignore" || patterns.length > 0;
  const isModel = isSchemaObject(schema.properties);
  const refusal =
    !isModel && extras.kind === "ignore" && patterns.length > 0 ? keyRefusal(Object.keys(schema.patternProperties as object)) : undefined;
  const typeError = isModel ? "model_attributes_type" : "dict_type";
  const typeMsg = isModel ? MESSAGES.model_attributes_type : MESSAGES.dict_type;
  const minProps = typeof schema.minProperties === "number" ? schema.minProperties : undefined;
  const maxProps = typeof schema.maxProperties === "number" ? schema.maxProperties : undefined;

  function validateExtras(obj: Record<string, unknown>, out: Record<string, unknown>, state: RunState): boolean {
    let ok = true;
    for (const key of Object.keys(obj)) {
      if (known.has(key)) continue;
      // An undeclared `__proto__` (a form field, a repeated one is even an array) is dropped as JSON bodies drop it:
      // copied into the output, Object.assign or a merge downstream would make its value a prototype.
      if (key === "__proto__" && extras.kind !== "forbid") continue;
      const raw = obj[key];
      let matched = false;
      for (const rule of patterns) {
        if (!rule.regex.test(key)) continue;
        matched = true;
        const result = visit(rule.node, raw, key, state);
        if (result === INVALID) ok = false;
        else setOwn(out, key, result);
      }
      if (matched) continue;
      if (refusal !== undefined) {
        state.path.push(key, "[key]");
        report(state, refusal.type, refusal.msg, key, refusal.ctx);
        state.path.length -= 2;
        ok = false;
        continue;
      }
      if (extras.kind === "ignore") continue;
      if (extras.kind === "allow") setOwn(out, key, raw);
      else if (extras.kind === "forbid") {
        state.path.push(key);
        report(state, "extra_forbidden", MESSAGES.extra_forbidden, raw);
        state.path.pop();
        ok = false;
      } else if (extras.kind === "validate") {
        const result = visit(extras.node, raw, key, state);
        if (result === INVALID) ok = false;
        else setOwn(out, key, result);
      }
    }
    return ok;
  }

  function checkSize(out: Record<string, unknown>, input: unknown, state: RunState): boolean {
    const size = Object.keys(out).length;
    if (maxProps !== undefined && size > maxProps) {
      report(state, "too_long", itemsTooLong("Dictionary", maxProps, size), input, {
        field_type: "Dictionary",
        max_length: maxProps,
        actual_length: size,
      });
      return false;
    }
    if (minProps !== undefined && size < minProps) {
      report(state, "too_short", itemsTooShort("Dictionary", minProps, size), input, {
        field_type: "Dictionary",
        min_length: minProps,
        actual_length: size,
      });
      return false;
    }
    return true;
  }

  return (value, state) => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return report(state, typeError, typeMsg, value);
    const obj = value as Record<string, unknown>;
    const proto = Object.getPrototypeOf(obj);
    // The copy is made only once something differs from the input (a coerced or defaulted field, an undeclared
    // key, a class instance): an unchanged plain object is the answer itself, which saves the allocation and is
    // faster to JSON.stringify than an object built key by key.
    let out: Record<string, unknown> | undefined = scansExtras || (proto !== Object.prototype && proto !== null) ? {} : undefined;
    let ok = true;
    let present = 0;
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i]!;
      const raw = readField(obj, field);
      if (raw === undefined) {
        if (field.makeDefault !== undefined) {
          out ??= copyFields(obj, fields, i);
          setOwn(out, field.key, field.makeDefault());
        } else if (field.required) {
          state.path.push(field.key);
          report(state, "missing", MESSAGES.missing, value);
          state.path.pop();
          ok = false;
        }
        continue;
      }
      present++;
      const result = visit(field.node, raw, field.key, state);
      if (result === INVALID) ok = false;
      else if (out !== undefined) setOwn(out, field.key, result);
      else if (result !== raw) {
        out = copyFields(obj, fields, i);
        setOwn(out, field.key, result);
      }
    }
    if (scansExtras && !validateExtras(obj, out!, state)) ok = false;
    if (!ok) return INVALID;
    if (out === undefined && !hasKeyCount(obj, present)) out = copyFields(obj, fields, fields.length);
    if (minProps !== undefined || maxProps !== undefined) {
      if (!checkSize(out ?? obj, value, state)) return INVALID;
    }
    return out ?? obj;
  };
}
