/**
 * Fast acceptance for the common case: a value that already is exactly what a schema describes (the right types,
 * within bounds, no field to default, no key to drop) validates to itself, so a plain boolean walk can say so
 * without the node machinery (run state, path stack, per-field result checks). Anything else — a coercion, a
 * default, an issue, or a schema using more than the keywords below — goes the full way through the nodes, which
 * alone produce issues and copies. Checks exist only for schemas made of the keywords handled here.
 */
import { isSchemaObject, type JsonSchema } from "./compiler.ts";
import { boundsOf, type NumberSchema } from "./number.ts";
import { codePoints, compilePattern } from "./string.ts";
import { fileOptions } from "../schema.ts";

export type Check = (value: unknown) => boolean;

const ANNOTATIONS = [
  "type",
  "~kind",
  "~optional",
  "~readonly",
  "title",
  "description",
  "examples",
  "example",
  "deprecated",
  "readOnly",
  "writeOnly",
  "$comment",
  "$schema",
  "$id",
  "$anchor",
  "default",
];
const ALLOWED: Record<string, Set<string>> = {
  string: new Set([...ANNOTATIONS, "minLength", "maxLength", "pattern"]),
  integer: new Set([...ANNOTATIONS, "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"]),
  number: new Set([...ANNOTATIONS, "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"]),
  boolean: new Set(ANNOTATIONS),
  object: new Set([...ANNOTATIONS, "properties", "required"]),
  array: new Set([...ANNOTATIONS, "items", "minItems", "maxItems"]),
};

/** The check for `schema`, or undefined when it uses anything this fast path does not mirror exactly. */
export function compileCheck(schema: unknown): Check | undefined {
  return build(schema, new Set());
}

function build(schema: unknown, seen: Set<unknown>): Check | undefined {
  if (!isSchemaObject(schema) || seen.has(schema) || fileOptions(schema) !== undefined) return undefined;
  const type = schema.type;
  const allowed = typeof type === "string" ? ALLOWED[type] : undefined;
  if (allowed === undefined) return undefined;
  // Every own key, the hidden ones too: TypeBox keeps `~refine` and `~codec` non-enumerable.
  for (const key of Reflect.ownKeys(schema)) if (typeof key !== "string" || !allowed.has(key)) return undefined;
  seen.add(schema);
  try {
    switch (type) {
      case "string":
        return stringCheck(schema);
      case "integer":
      case "number":
        return numberCheck(schema as NumberSchema, type === "integer");
      case "boolean":
        return (value) => typeof value === "boolean";
      case "object":
        return objectCheck(schema, seen);
      default:
        return arrayCheck(schema, seen);
    }
  } finally {
    seen.delete(schema);
  }
}

function stringCheck(schema: JsonSchema): Check | undefined {
  const { minLength: min, maxLength: max } = schema as { minLength?: number; maxLength?: number };
  if ((min !== undefined && typeof min !== "number") || (max !== undefined && typeof max !== "number")) return undefined;
  const pattern = typeof schema.pattern === "string" || schema.pattern instanceof RegExp ? compilePattern(schema.pattern).regex : undefined;
  if (schema.pattern !== undefined && pattern === undefined) return undefined;
  // The string node's own conditions, negated: lengths in code points, counted only near a limit.
  return (value) =>
    typeof value === "string" &&
    (min === undefined || (value.length >= min && (value.length >= min * 2 || codePoints(value) >= min))) &&
    (max === undefined || value.length <= max || codePoints(value) <= max) &&
    (pattern === undefined || pattern.test(value));
}

function numberCheck(schema: NumberSchema, integer: boolean): Check {
  const bounds = boundsOf(schema, integer);
  return (value) => {
    if (typeof value !== "number" || (integer && !Number.isSafeInteger(value))) return false;
    for (let i = 0; i < bounds.length; i++) if (!bounds[i]!.holds(value)) return false;
    return true;
  };
}

interface FieldCheck {
  key: string;
  check: Check;
  /** Absent is fine only for an optional field without a default (a default would be filled in: a change). */
  mayBeAbsent: boolean;
  ownOnly: boolean;
}

function objectCheck(schema: JsonSchema, seen: Set<unknown>): Check | undefined {
  const properties = schema.properties === undefined ? {} : schema.properties;
  if (!isSchemaObject(properties)) return undefined;
  const required = schema.required === undefined ? [] : schema.required;
  if (!Array.isArray(required) || required.some((key) => typeof key !== "string" || !Object.hasOwn(properties, key))) return undefined;
  const fields: FieldCheck[] = [];
  for (const key of Object.keys(properties)) {
    const sub = properties[key];
    const check = build(sub, seen);
    if (check === undefined) return undefined;
    const mayBeAbsent = !required.includes(key) && !(isSchemaObject(sub) && "default" in sub);
    fields.push({ key, check, mayBeAbsent, ownOnly: key in Object.prototype });
  }
  return (value) => {
    if (typeof value !== "object" || value === null) return false;
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return false;
    const obj = value as Record<string, unknown>;
    let present = 0;
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i]!;
      const raw = field.ownOnly && !Object.hasOwn(obj, field.key) ? undefined : obj[field.key];
      if (raw === undefined) {
        if (!field.mayBeAbsent) return false;
        continue;
      }
      if (!field.check(raw)) return false;
      present++;
    }
    // Nothing undeclared (it would be dropped) and no declared key holding undefined (it would be left out).
    let keys = 0;
    for (const _ in obj) if (++keys > present) return false;
    return keys === present;
  };
}

function arrayCheck(schema: JsonSchema, seen: Set<unknown>): Check | undefined {
  const { minItems: min, maxItems: max } = schema as { minItems?: number; maxItems?: number };
  if ((min !== undefined && typeof min !== "number") || (max !== undefined && typeof max !== "number")) return undefined;
  const items = schema.items === undefined ? () => true : build(schema.items, seen);
  if (items === undefined) return undefined;
  return (value) => {
    if (!Array.isArray(value) || Object.getPrototypeOf(value) !== Array.prototype) return false;
    if ((max !== undefined && value.length > max) || (min !== undefined && value.length < min)) return false;
    for (let i = 0; i < value.length; i++) if (!items(value[i])) return false;
    return true;
  };
}
