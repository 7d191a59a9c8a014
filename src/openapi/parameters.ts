import type { AnySchema, ParamShape } from "../params/schema.ts";
import type { Convertor, ParsedTemplate } from "../routing/template.ts";
import type { SchemaComponents } from "./components.ts";
import { compact, type JsonObject } from "./json.ts";
import { withTitle } from "./naming.ts";
import type { ParamSource } from "./param-sources.ts";
import { isOptionalSchema } from "./schema-source.ts";

export type ParamLocation = "path" | "query" | "header" | "cookie";

const LOCATIONS: ReadonlyArray<[ParamLocation, "path" | "query" | "headers" | "cookies"]> = [
  ["path", "path"],
  ["query", "query"],
  ["header", "headers"],
  ["cookie", "cookies"],
];

const CONVERTOR_SCHEMAS: Record<Convertor, JsonObject> = {
  str: { type: "string" },
  path: { type: "string" },
  int: { type: "integer" },
  float: { type: "number" },
  uuid: { type: "string", format: "uuid" },
};

/**
 * The operation's parameters in FastAPI's order: path, query, header, cookie; within each, the route's own first,
 * then its dependencies'. A name declared twice in one location is documented once, required if either requires it.
 */
export function operationParameters(template: ParsedTemplate, sources: readonly ParamSource[], components: SchemaComponents): JsonObject[] {
  const byKey = new Map<string, JsonObject>();
  const add = (parameter: JsonObject) => {
    const key = `${parameter.in}:${String(parameter.name).toLowerCase()}`;
    const known = byKey.get(key);
    if (!known || (parameter.required && !known.required)) byKey.set(key, parameter);
  };
  for (const { name, convertor } of template.params) {
    const declared = findDeclared(sources, "path", name);
    const schema = declared ? components.use(declared) : { ...CONVERTOR_SCHEMAS[convertor] };
    add(parameterObject(name, "path", schema, true));
  }
  for (const [location, key] of LOCATIONS) {
    if (location === "path") continue;
    for (const source of sources) {
      for (const [name, schema] of Object.entries(source[key] ?? {})) {
        const documented = location === "header" ? headerName(name, schema) : name;
        add(parameterObject(documented, location, components.use(schema), !isOptionalSchema(schema)));
      }
    }
  }
  return [...byKey.values()];
}

/** The documented params of one location, as an object schema (AsyncAPI's WebSocket bindings want this form). */
export function locationSchema(sources: readonly ParamSource[], key: "query" | "headers", components: SchemaComponents): JsonObject | undefined {
  const properties: JsonObject = {};
  const required: string[] = [];
  for (const source of sources) {
    for (const [name, schema] of Object.entries(source[key] ?? {})) {
      if (name in properties) continue;
      properties[name] = withTitle(components.use(schema), name);
      if (!isOptionalSchema(schema)) required.push(name);
    }
  }
  if (Object.keys(properties).length === 0) return undefined;
  return compact({ type: "object", properties, required: required.length > 0 ? required : undefined });
}

function findDeclared(sources: readonly ParamSource[], key: "path", name: string): AnySchema | undefined {
  for (const source of sources) {
    const shape = source[key] as ParamShape | undefined;
    if (shape && name in shape) return shape[name];
  }
  return undefined;
}

/** The header a header param reads: `user_agent` is `user-agent` unless its schema says `convertUnderscores: false`. */
function headerName(name: string, schema: unknown): string {
  return (schema as { convertUnderscores?: boolean }).convertUnderscores === false ? name : name.replaceAll("_", "-");
}

function parameterObject(name: string, location: ParamLocation, schema: JsonObject, required: boolean): JsonObject {
  return compact({
    name,
    in: location,
    required,
    schema: withTitle(schema, name),
    description: typeof schema.description === "string" ? schema.description : undefined,
    deprecated: schema.deprecated === true ? true : undefined,
  });
}
