import { isJsonObject, type JsonObject } from "./json.ts";

/**
 * Rewrites a 3.1 document as 3.0.3 for older client generators: JSON Schema 2020-12 spellings become OpenAPI 3.0's
 * schema dialect (`nullable` instead of `"null"` types, `enum` instead of `const`, boolean exclusive bounds, one
 * `example` instead of `examples`, `$ref` alone in its object).
 */
export function downgradeTo30(document: JsonObject): JsonObject {
  const out = structuredClone(document);
  out.openapi = "3.0.3";
  const components = out.components as { schemas?: Record<string, JsonObject> } | undefined;
  if (components?.schemas) {
    for (const [name, schema] of Object.entries(components.schemas)) components.schemas[name] = downgradeSchema(schema);
  }
  for (const item of Object.values((out.paths ?? {}) as Record<string, Record<string, JsonObject>>)) {
    for (const operation of Object.values(item)) downgradeOperation(operation);
  }
  return out;
}

function downgradeOperation(operation: JsonObject): void {
  for (const parameter of (operation.parameters ?? []) as JsonObject[]) {
    if (isJsonObject(parameter.schema)) parameter.schema = downgradeSchema(parameter.schema);
  }
  downgradeContent((operation.requestBody as JsonObject | undefined)?.content);
  for (const response of Object.values((operation.responses ?? {}) as Record<string, JsonObject>)) downgradeContent(response.content);
}

function downgradeContent(content: unknown): void {
  if (!isJsonObject(content)) return;
  for (const media of Object.values(content)) {
    if (isJsonObject(media) && isJsonObject(media.schema)) media.schema = downgradeSchema(media.schema);
  }
}

const NESTED_ONE = ["items", "additionalItems", "additionalProperties", "not", "contains", "propertyNames"];
const NESTED_MANY = ["allOf", "anyOf", "oneOf"];
const NESTED_MAP = ["properties", "patternProperties"];
/** Keywords 3.0's schema dialect does not have; left out rather than sent to a generator that chokes on them. */
const UNSUPPORTED = [
  "additionalItems",
  "$schema",
  "$id",
  "$anchor",
  "$comment",
  "dependentRequired",
  "dependentSchemas",
  "unevaluatedProperties",
  "unevaluatedItems",
  "if",
  "then",
  "else",
  "contentEncoding",
  "contentMediaType",
  "patternProperties",
  "propertyNames",
  "contains",
  "minContains",
  "maxContains",
];

export function downgradeSchema(input: JsonObject): JsonObject {
  let schema: JsonObject = { ...input };
  for (const key of NESTED_ONE) if (isJsonObject(schema[key])) schema[key] = downgradeSchema(schema[key] as JsonObject);
  for (const key of [...NESTED_MANY, "prefixItems", "items"]) {
    if (Array.isArray(schema[key]))
      schema[key] = (schema[key] as JsonObject[]).map((member) => (isJsonObject(member) ? downgradeSchema(member) : member));
  }
  for (const key of NESTED_MAP) {
    if (isJsonObject(schema[key])) {
      schema[key] = Object.fromEntries(Object.entries(schema[key] as JsonObject).map(([k, v]) => [k, isJsonObject(v) ? downgradeSchema(v) : v]));
    }
  }
  schema = tupleAsArray(schema);
  schema = patternAsAdditional(schema);
  for (const key of UNSUPPORTED) delete schema[key];
  if ("const" in schema) {
    schema.enum = [schema.const];
    delete schema.const;
  }
  if (Array.isArray(schema.examples)) {
    if (schema.examples.length > 0 && !("example" in schema)) schema.example = schema.examples[0];
    delete schema.examples;
  }
  for (const [bound, exclusive] of [
    ["minimum", "exclusiveMinimum"],
    ["maximum", "exclusiveMaximum"],
  ] as const) {
    if (typeof schema[exclusive] === "number") {
      schema[bound] = schema[exclusive];
      schema[exclusive] = true;
    }
  }
  schema = nullableType(schema);
  schema = nullableUnion(schema, "anyOf");
  schema = nullableUnion(schema, "oneOf");
  if (typeof schema.$ref === "string" && Object.keys(schema).length > 1) {
    // In 3.0 a `$ref`'s siblings are ignored: keep them by wrapping the reference.
    const { $ref, ...rest } = schema;
    schema = { allOf: [{ $ref }], ...rest };
  }
  return schema;
}

/** `type: ["string", "null"]` → `type: "string", nullable: true`; `type: "null"` → `nullable: true` on `enum: [null]`. */
function nullableType(schema: JsonObject): JsonObject {
  const { type } = schema;
  if (type === "null") {
    const { type: _null, ...rest } = schema;
    return { ...rest, enum: [null], nullable: true };
  }
  if (!Array.isArray(type)) return schema;
  const types = type.filter((t) => t !== "null");
  const nullable = types.length !== type.length;
  const out: JsonObject = { ...schema, ...(nullable ? { nullable: true } : {}) };
  if (types.length === 1) out.type = types[0];
  else {
    delete out.type;
    out.anyOf = types.map((t) => ({ type: t }));
  }
  return out;
}

/** `anyOf: [X, {type: "null"}]` → X with `nullable: true` (a reference is wrapped, since `$ref` takes no siblings). */
function nullableUnion(schema: JsonObject, keyword: "anyOf" | "oneOf"): JsonObject {
  const members = schema[keyword];
  if (!Array.isArray(members)) return schema;
  const isNull = (member: unknown) =>
    isJsonObject(member) && member.nullable === true && Array.isArray(member.enum) && member.enum.length === 1 && member.enum[0] === null;
  const rest = (members as JsonObject[]).filter((member) => !isNull(member));
  if (rest.length === members.length) return schema;
  const { [keyword]: _members, ...outer } = schema;
  if (rest.length === 1) {
    const only = rest[0];
    const merged = typeof only.$ref === "string" ? { allOf: [only] } : { ...only };
    return { ...merged, ...outer, nullable: true };
  }
  return { ...outer, [keyword]: rest, nullable: true };
}

/**
 * Tuples (2020-12 `prefixItems`, or draft-07 `items: [...]`) have no 3.0 form: documented as an array of any of the
 * member types, with the tuple's length.
 */
function tupleAsArray(schema: JsonObject): JsonObject {
  const tuple = Array.isArray(schema.prefixItems) ? schema.prefixItems : Array.isArray(schema.items) ? schema.items : undefined;
  if (!tuple) return schema;
  const out: JsonObject = { ...schema };
  delete out.prefixItems;
  out.items = tuple.length === 1 ? tuple[0] : { anyOf: tuple };
  out.minItems ??= tuple.length;
  const closed = schema.additionalItems === false || (Array.isArray(schema.prefixItems) && schema.items === false);
  if (closed) out.maxItems ??= tuple.length;
  return out;
}

/** A record (`patternProperties` with one pattern) becomes 3.0's `additionalProperties` of that value schema. */
function patternAsAdditional(schema: JsonObject): JsonObject {
  const patterns = schema.patternProperties;
  if (!isJsonObject(patterns)) return schema;
  const values = Object.values(patterns);
  const out: JsonObject = { ...schema };
  delete out.patternProperties;
  if (values.length === 1 && out.additionalProperties === undefined) out.additionalProperties = values[0];
  return out;
}
