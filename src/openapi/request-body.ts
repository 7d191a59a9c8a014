import type { AnySchema, ParamShape } from "../params/schema.ts";
import type { SchemaComponents } from "./components.ts";
import { isJsonObject, type JsonObject } from "./json.ts";
import { withTitle } from "./naming.ts";
import type { ParamSource } from "./param-sources.ts";
import { isOptionalSchema, plainJsonSchema } from "./schema-source.ts";
import { bodyParams } from "../params/body-params.ts";

/**
 * The request body: JSON from `body`, `application/x-www-form-urlencoded` from `form`, and `multipart/form-data`
 * when there are `files` — then form fields and files together in a `Body_<operation id>` component, as FastAPI
 * names it. The route's own body wins over a dependency's.
 */
export function requestBody(sources: readonly ParamSource[], operationId: string, components: SchemaComponents): JsonObject | undefined {
  const route = sources[0] ?? {};
  const files = route.files as ParamShape | undefined;
  // A dependency may read a form itself (OAuth2PasswordRequestForm): the route's own form wins.
  const form = (route.form ?? sources.map((source) => source.form).find((schema) => schema !== undefined)) as AnySchema | undefined;
  if (files && Object.keys(files).length > 0) return multipartBody(files, form, operationId, components);
  if (form) return body("application/x-www-form-urlencoded", components.use(form), !isOptionalSchema(form));
  const json = sources.map((source) => source.body).find((schema) => schema !== undefined);
  const named = bodyParams(json);
  if (json && named) return namedParamsBody(json, named, operationId, components);
  if (json) return body("application/json", components.use(json), !isOptionalSchema(json));
  return undefined;
}

function body(mediaType: string, schema: JsonObject, required: boolean): JsonObject {
  return { ...(required ? { required: true } : {}), content: { [mediaType]: { schema } } };
}

function multipartBody(files: ParamShape, form: AnySchema | undefined, operationId: string, components: SchemaComponents): JsonObject {
  const properties: JsonObject = {};
  const required: string[] = [];
  if (form) {
    // The form's own fields, unwrapped from any `$id`: the multipart body is one object of fields and files.
    const fields = components.use(innerSchema(form));
    for (const [name, field] of Object.entries(isJsonObject(fields.properties) ? fields.properties : {})) {
      properties[name] = isJsonObject(field) ? withTitle(field, name) : field;
    }
    if (Array.isArray(fields.required)) required.push(...(fields.required as string[]));
  }
  for (const [name, schema] of Object.entries(files)) {
    const json = components.use(schema);
    properties[name] = withTitle(json, name);
    if (!isOptionalSchema(schema)) required.push(name);
  }
  const name = `Body_${operationId}`;
  const ref = components.define(name, {
    properties,
    type: "object",
    ...(required.length > 0 ? { required } : {}),
    title: name,
  });
  return body("multipart/form-data", ref, required.length > 0);
}

/** `Body({ item, user, importance })`: one `Body_<operation id>` component of the named parameters, as FastAPI. */
function namedParamsBody(schema: AnySchema, required: string[], operationId: string, components: SchemaComponents): JsonObject {
  const params = (schema as { properties?: Record<string, AnySchema> }).properties ?? {};
  const properties: JsonObject = {};
  for (const [name, param] of Object.entries(params)) properties[name] = withTitle(components.use(param), name);
  const name = `Body_${operationId}`;
  const ref = components.define(name, { properties, type: "object", ...(required.length > 0 ? { required } : {}), title: name });
  return body("application/json", ref, required.length > 0);
}

function innerSchema(schema: AnySchema): JsonObject {
  const { $id: _id, ...rest } = plainJsonSchema(schema);
  return rest;
}
