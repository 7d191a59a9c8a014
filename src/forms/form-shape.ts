import type { AnySchema, ParamShape } from "../params/schema.ts";

/**
 * The fields of a `form` schema, validated one by one like query params (text coerced per field, repeated keys
 * filling arrays): a TypeBox `t.Object`'s properties, a Zod object's `shape`, a Valibot object's `entries`.
 */
export function formShapeOf(schema: AnySchema): ParamShape {
  const s = schema as unknown as Record<string, unknown>;
  const fields = (s.type === "object" ? s.properties : undefined) ?? s.shape ?? s.entries;
  if (typeof fields !== "object" || fields === null) {
    throw new TypeError("`form` must be an object schema, e.g. form: t.Object({ name: t.String() }).");
  }
  return fields as ParamShape;
}
