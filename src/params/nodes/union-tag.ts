/**
 * The name pydantic puts in `loc` for each member of a failed union (`["query", "x", "int"]`): the member's type
 * as pydantic would call it, or the schema's `$id`/`title` for objects, as it uses a model's class name.
 */
import { fileOptions } from "../schema.ts";
import { pyRepr } from "../messages.ts";
import { isSchemaObject, type JsonSchema } from "./compiler.ts";

const NUMBER_CONSTRAINTS = ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"];
const STRING_CONSTRAINTS = ["minLength", "maxLength", "pattern"];
const STRING_FORMAT_TAGS: Record<string, string> = { uuid: "uuid", date: "date", "date-time": "datetime", time: "time", email: "email" };

function constrained(schema: JsonSchema, keys: string[], tag: string): string {
  return keys.some((k) => schema[k] !== undefined) ? `constrained-${tag}` : tag;
}

function literalValues(schema: JsonSchema): unknown[] | undefined {
  if ("const" in schema) return [schema.const];
  if (Array.isArray(schema.anyOf) && schema.anyOf.every((m) => isSchemaObject(m) && "const" in m)) {
    return (schema.anyOf as JsonSchema[]).map((m) => m.const);
  }
  return undefined;
}

export function unionTag(schema: unknown): string {
  if (!isSchemaObject(schema)) return "any";
  if (fileOptions(schema)) return "UploadFile";
  const literals = literalValues(schema);
  if (literals) return `literal[${literals.map(pyRepr).join(",")}]`;
  const named = schema.$id ?? schema.title;
  if (typeof named === "string") return named;
  if (typeof schema.$ref === "string") return schema.$ref.replace(/^#\/(?:\$defs|definitions)\//, "");
  if (Array.isArray(schema.enum)) return "enum";
  if (Array.isArray(schema.anyOf)) return `union[${schema.anyOf.map(unionTag).join(",")}]`;
  switch (schema.type) {
    case "string": {
      const format = typeof schema.format === "string" ? STRING_FORMAT_TAGS[schema.format] : undefined;
      return format ?? constrained(schema, STRING_CONSTRAINTS, "str");
    }
    case "integer":
      return constrained(schema, NUMBER_CONSTRAINTS, "int");
    case "number":
      return constrained(schema, NUMBER_CONSTRAINTS, "float");
    case "boolean":
      return "bool";
    case "null":
      return "none";
    case "array":
      if (Array.isArray(schema.items)) return `tuple[${schema.items.map(unionTag).join(", ")}]`;
      return `list[${unionTag(schema.items)}]`;
    case "object":
      if (isSchemaObject(schema.properties)) return "typed-dict";
      if (isSchemaObject(schema.patternProperties)) return `dict[str,${Object.values(schema.patternProperties).map(unionTag).join("|")}]`;
      return `dict[str,${unionTag(schema.additionalProperties)}]`;
    default:
      return "any";
  }
}
