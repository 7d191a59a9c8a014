/**
 * The JSON Schema of any accepted schema, for OpenAPI/AsyncAPI and the response serializer. TypeBox schemas are
 * JSON Schema already (copied without TypeBox's hidden `~` keys); Standard Schemas give theirs when the library can:
 * the Standard JSON Schema interface (Zod 4), `@valibot/to-json-schema` for Valibot, a `toJsonSchema()` method
 * (ArkType). Anything else gives `{}`, which documents "any value".
 */
import { createRequire } from "node:module";
import type { AnySchema } from "./schema.ts";
import { isStandardSchema, type StandardSchemaV1 } from "./standard-schema.ts";

export type JsonSchemaObject = Record<string, unknown>;

export interface JsonSchemaOptions {
  /** `input` (default) describes what clients send; `output` what a handler receives or a response holds. */
  io?: "input" | "output";
}

/** Keys whose values are maps of name → schema, where a `~` starts a name rather than a hidden key. */
const SCHEMA_MAPS = new Set(["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"]);

/** Keys whose values are data, copied as they are. */
const DATA_KEYS = new Set(["default", "const", "enum", "examples", "example"]);

function cloneData(value: unknown): unknown {
  if (typeof value === "bigint") return Number(value);
  if (Array.isArray(value)) return value.map(cloneData);
  if (typeof value !== "object" || value === null) return value;
  const out: JsonSchemaObject = {};
  for (const key of Object.keys(value)) {
    const cloned = cloneData((value as JsonSchemaObject)[key]);
    if (key === "__proto__") Object.defineProperty(out, key, { value: cloned, enumerable: true, writable: true, configurable: true });
    else out[key] = cloned;
  }
  return out;
}

/** Options of Skiff's own read by the validators, not JSON Schema: never in a document. */
const SKIFF_KEYWORDS = new Set(["convertUnderscores"]);

function clean(value: unknown, isMap = false): unknown {
  if (typeof value === "bigint") return Number(value);
  if (value instanceof RegExp) return value.source;
  if (Array.isArray(value)) return value.map((v) => clean(v));
  if (typeof value !== "object" || value === null) return value;
  const out: JsonSchemaObject = {};
  for (const key of Object.keys(value)) {
    if (!isMap && (key.startsWith("~") || SKIFF_KEYWORDS.has(key))) continue;
    const child = (value as JsonSchemaObject)[key];
    const cleaned = isMap ? clean(child) : DATA_KEYS.has(key) ? cloneData(child) : clean(child, SCHEMA_MAPS.has(key));
    if (key === "__proto__") Object.defineProperty(out, key, { value: cleaned, enumerable: true, writable: true, configurable: true });
    else out[key] = cleaned;
  }
  return out;
}

type JsonSchemaConverter = (schema: unknown, config?: Record<string, unknown>) => JsonSchemaObject;

let valibotConverter: JsonSchemaConverter | null | undefined;

/** `@valibot/to-json-schema` is optional: loaded on first use, and missing means `{}`. */
function loadValibotConverter(): JsonSchemaConverter | null {
  if (valibotConverter === undefined) {
    try {
      const required = createRequire(import.meta.url)("@valibot/to-json-schema") as { toJsonSchema?: JsonSchemaConverter };
      valibotConverter = required.toJsonSchema ?? null;
    } catch {
      valibotConverter = null;
    }
  }
  return valibotConverter;
}

type StandardJsonSchemaProps = { jsonSchema?: Partial<Record<"input" | "output", (options: { target: string }) => JsonSchemaObject>> };

function withoutDialect(schema: JsonSchemaObject): JsonSchemaObject {
  const { $schema: _dialect, ...rest } = schema;
  return rest;
}

function standardJsonSchema(schema: StandardSchemaV1, io: "input" | "output"): JsonSchemaObject {
  const props = schema["~standard"] as StandardSchemaV1.Props & StandardJsonSchemaProps;
  const attempts: (() => unknown)[] = [
    () => props.jsonSchema?.[io]?.({ target: "draft-2020-12" }),
    () => (props.vendor === "valibot" ? loadValibotConverter()?.(schema, { errorMode: "ignore" }) : undefined),
    () => (schema as { toJsonSchema?: () => unknown }).toJsonSchema?.(),
  ];
  for (const attempt of attempts) {
    try {
      const result = attempt();
      if (typeof result === "object" && result !== null) return withoutDialect(clean(result) as JsonSchemaObject);
    } catch {
      // This route to a JSON Schema failed; try the next one.
    }
  }
  return {};
}

/**
 * @example toJsonSchema(t.Object({ id: t.Integer() })) // { type: "object", required: ["id"], properties: { id: { type: "integer" } } }
 */
export function toJsonSchema(schema: AnySchema, options: JsonSchemaOptions = {}): JsonSchemaObject {
  if (isStandardSchema(schema)) return standardJsonSchema(schema, options.io ?? "input");
  const cleaned = clean(schema);
  return typeof cleaned === "object" && cleaned !== null && !Array.isArray(cleaned) ? (cleaned as JsonSchemaObject) : {};
}
