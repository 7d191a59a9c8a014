import type { AnySchema } from "../params/schema.ts";
import { isStandardSchema } from "../params/standard-schema.ts";
import { isJsonObject, type JsonObject } from "./json.ts";

/**
 * The plain JSON Schema of a route's schema, as a fresh object the generators may change: TypeBox schemas are JSON
 * Schema already (their `~` bookkeeping keys are not enumerable, so a JSON round trip drops them); a Standard
 * Schema library gives its own through Standard JSON Schema when it has one, else the schema is documented as `{}`.
 */
export function plainJsonSchema(schema: AnySchema | JsonObject): JsonObject {
  if (isStandardSchema(schema)) return fromStandardSchema(schema);
  const copy = JSON.parse(JSON.stringify(schema)) as unknown;
  if (!isJsonObject(copy)) return {};
  delete copy.$schema;
  return copy;
}

function fromStandardSchema(schema: AnySchema): JsonObject {
  const converter = (schema as { "~standard": { jsonSchema?: { input?: (options: { target: string }) => unknown } } })["~standard"].jsonSchema;
  if (typeof converter?.input !== "function") return {};
  try {
    const json = converter.input({ target: "draft-2020-12" });
    if (!isJsonObject(json)) return {};
    const { $schema: _dialect, ...rest } = json;
    return rest;
  } catch {
    // A schema the library cannot express in JSON Schema (a transform, a custom check) is documented as "any".
    return {};
  }
}

/** Whether a param may be left out: TypeBox `Optional`, a `default`, or a Standard Schema that accepts `undefined`. */
export function isOptionalSchema(schema: AnySchema | JsonObject): boolean {
  const record = schema as Record<string, unknown>;
  if (record["~optional"] === true || "default" in record) return true;
  if (isStandardSchema(schema)) {
    const result = schema["~standard"].validate(undefined);
    return !(result instanceof Promise) && !result.issues;
  }
  return false;
}
