/**
 * `object` schemas, as pydantic validates models and dicts: declared properties in order (missing ones reported,
 * defaults filled), then the rest by `patternProperties` / `additionalProperties`. Without `additionalProperties`
 * unknown keys are dropped (pydantic's `extra="ignore"`), so nothing undeclared reaches a handler or a response.
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
    if (!Object.hasOwn(properties, key)) fields.push({ key, node: anyNode, required: true, makeDefault: undefined, ownOnly: key in Object.prototype });
  }
  return fields;
}

function extraPolicy(schema: JsonSchema, compiler: Compiler): ExtraPolicy {
  const additional = schema.additionalProperties ?? schema.unevaluatedProperties;
  if (additional === false) return { kind: "forbid" };
  if (additional === true) return { kind: "allow" };
  if (isSchemaObject(additional)) return Object.keys(additional).length === 0 ? { kind: "allow" } : { kind: "validate", node: compiler.node(additional) };
  return { kind: "ignore" };
}

function patternRules(schema: JsonSchema, compiler: Compiler): PatternRule[] {
  if (!isSchemaObject(schema.patternProperties)) return [];
  return Object.entries(schema.patternProperties).map(([pattern, sub]) => ({ regex: toRegExp(pattern), node: compiler.node(sub) }));
}

function toRegExp(pattern: string): RegExp {
  try {
    return new RegExp(pattern, "u");
  } catch {
    return new RegExp(pattern);
  }
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
      if (matched || extras.kind === "ignore") continue;
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
      report(state, "too_long", itemsTooLong("Dictionary", maxProps, size), input, { field_type: "Dictionary", max_length: maxProps, actual_length: size });
      return false;
    }
    if (minProps !== undefined && size < minProps) {
      report(state, "too_short", itemsTooShort("Dictionary", minProps, size), input, { field_type: "Dictionary", min_length: minProps, actual_length: size });
      return false;
    }
    return true;
  }

  return (value, state) => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return report(state, typeError, typeMsg, value);
    const obj = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    let ok = true;
    for (const field of fields) {
      const raw = readField(obj, field);
      if (raw === undefined) {
        if (field.makeDefault !== undefined) setOwn(out, field.key, field.makeDefault());
        else if (field.required) {
          state.path.push(field.key);
          report(state, "missing", MESSAGES.missing, value);
          state.path.pop();
          ok = false;
        }
        continue;
      }
      const result = visit(field.node, raw, field.key, state);
      if (result === INVALID) ok = false;
      else setOwn(out, field.key, result);
    }
    if (scansExtras && !validateExtras(obj, out, state)) ok = false;
    if (ok && (minProps !== undefined || maxProps !== undefined)) ok = checkSize(out, value, state);
    return ok ? out : INVALID;
  };
}
