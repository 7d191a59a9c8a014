import { toJsonSchema } from "../params/json-schema.ts";
import type { AnySchema } from "../params/schema.ts";
import { isStandardSchema } from "../params/standard-schema.ts";
import type { JsonObject } from "./json.ts";

/** Which side of the exchange a schema describes: what clients send, or what the server answers. */
export type SchemaSide = "input" | "output";

/**
 * The plain JSON Schema of a route's schema, as a fresh object the generators may change (TypeBox's hidden keys
 * dropped, a Standard Schema's own JSON Schema for the given side, `{}` when its library has none).
 */
export function plainJsonSchema(schema: AnySchema | JsonObject, side: SchemaSide = "input"): JsonObject {
  const json = toJsonSchema(schema as AnySchema, { io: side });
  delete json.$schema;
  return json;
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
