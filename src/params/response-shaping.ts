/**
 * FastAPI's `response_model_exclude_unset`, `_exclude_defaults`, `_exclude_none`, `_include` and `_exclude`, as route
 * options (`responseExcludeUnset`, …). Applied to the validated response value, beside what the handler returned:
 * "unset" means a key the handler's object did not have (the schema's default filled it in).
 */
import { isDeepStrictEqual } from "node:util";
import { isSchemaObject, type JsonSchema } from "./nodes/compiler.ts";

/** Fields to keep or drop: names, or per name `true` (the whole field) or a nested selection. */
export type FieldSelection = readonly string[] | { readonly [field: string]: true | FieldSelection };

/**
 * The route options that trim a response model's output (FastAPI's `response_model_exclude_unset` and friends).
 */
export interface ResponseShapingOptions {
  /** Leave out fields the handler's object did not set (their defaults are not sent). */
  responseExcludeUnset?: boolean;
  /** Leave out fields whose value equals the schema's default. */
  responseExcludeDefaults?: boolean;
  /** Leave out fields whose value is `null`. */
  responseExcludeNone?: boolean;
  /** Send only these fields (nested: `{ owner: ["name"] }`). */
  responseInclude?: FieldSelection;
  /** Never send these fields (nested: `{ owner: ["email"] }`). */
  responseExclude?: FieldSelection;
}

type Selection = { readonly [field: string]: true | Selection };
export type Shaper = (value: unknown, raw: unknown) => unknown;

interface Rules {
  unset: boolean;
  defaults: boolean;
  none: boolean;
}

/** The shaper for a route's options, or undefined when it sets none of them (nothing to do per request). */
export function compileShaping(schema: unknown, options: ResponseShapingOptions): Shaper | undefined {
  const rules: Rules = {
    unset: options.responseExcludeUnset === true,
    defaults: options.responseExcludeDefaults === true,
    none: options.responseExcludeNone === true,
  };
  const include = normalize(options.responseInclude);
  const exclude = normalize(options.responseExclude);
  if (!rules.unset && !rules.defaults && !rules.none && !include && !exclude) return undefined;
  const root = isSchemaObject(schema) ? schema : undefined;
  return (value, raw) => shape(value, raw, root, include, exclude, rules);
}

function normalize(selection: FieldSelection | undefined): Selection | undefined {
  if (selection === undefined) return undefined;
  if (Array.isArray(selection)) return Object.fromEntries(selection.map((name) => [name, true as const]));
  const out: Record<string, true | Selection> = {};
  for (const [name, sub] of Object.entries(selection as Record<string, true | FieldSelection>)) out[name] = sub === true ? true : normalize(sub)!;
  return out;
}

function shape(
  value: unknown,
  raw: unknown,
  schema: JsonSchema | undefined,
  include: Selection | undefined,
  exclude: Selection | undefined,
  rules: Rules,
): unknown {
  if (Array.isArray(value)) {
    const items = schema && isSchemaObject(schema.items) ? schema.items : undefined;
    return value.map((item, i) => shape(item, Array.isArray(raw) ? raw[i] : undefined, items, include, exclude, rules));
  }
  if (typeof value !== "object" || value === null) return value;
  const properties = schema && isSchemaObject(schema.properties) ? (schema.properties as Record<string, JsonSchema>) : undefined;
  const rawObject = typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>) : undefined;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
    if (include && include[key] === undefined) continue;
    if (exclude && exclude[key] === true) continue;
    if (rules.unset && rawObject && !Object.hasOwn(rawObject, key)) continue;
    if (rules.none && field === null) continue;
    const fieldSchema = properties?.[key];
    if (rules.defaults && fieldSchema && "default" in fieldSchema && isDeepStrictEqual(field, fieldSchema.default)) continue;
    const subInclude = include?.[key] === true ? undefined : (include?.[key] as Selection | undefined);
    out[key] = shape(
      field,
      rawObject?.[key],
      isSchemaObject(fieldSchema) ? fieldSchema : undefined,
      subInclude,
      exclude?.[key] as Selection | undefined,
      rules,
    );
  }
  return out;
}
