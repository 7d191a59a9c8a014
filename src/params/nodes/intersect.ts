/**
 * `allOf`: object members merge into one object (so filtering and missing-field errors work across members, as a
 * pydantic model inheriting from several); other members are checked one after another on the same input.
 */
import { INVALID, type Node } from "../run-state.ts";
import { isSchemaObject, type Compiler, type JsonSchema } from "./compiler.ts";

function isObjectSchema(schema: unknown): schema is JsonSchema {
  return isSchemaObject(schema) && (schema.type === "object" || isSchemaObject(schema.properties)) && !("$ref" in schema);
}

function mergeObjects(members: JsonSchema[], outer: JsonSchema): JsonSchema {
  const properties: Record<string, unknown> = {};
  const required = new Set<string>();
  let forbidsExtras = outer.unevaluatedProperties === false || outer.additionalProperties === false;
  for (const member of members) {
    if (isSchemaObject(member.properties)) Object.assign(properties, member.properties);
    if (Array.isArray(member.required)) for (const key of member.required) required.add(key as string);
    if (member.additionalProperties === false || member.unevaluatedProperties === false) forbidsExtras = true;
  }
  const merged: JsonSchema = { type: "object", properties, required: [...required] };
  if (forbidsExtras) merged.additionalProperties = false;
  return merged;
}

export function intersectNode(schema: JsonSchema, compiler: Compiler): Node {
  const members = (schema.allOf as unknown[]).filter(isSchemaObject);
  if (members.length > 0 && members.every(isObjectSchema)) return compiler.node(mergeObjects(members, schema));
  const nodes = members.map((m) => compiler.node(m));
  return (value, state) => {
    let out: unknown = value;
    let ok = true;
    for (const node of nodes) {
      const result = node(value, state);
      if (result === INVALID) ok = false;
      else out = result;
    }
    return ok ? out : INVALID;
  };
}
