import { STATUS_CODES } from "node:http";
import type { AnySchema } from "../params/schema.ts";
import { isStandardSchema } from "../params/standard-schema.ts";
import type { RouteOptions } from "../types.ts";
import type { SchemaComponents } from "./components.ts";
import { isJsonObject, type JsonObject } from "./json.ts";
import { VALIDATION_ERROR_RESPONSE } from "./validation-error.ts";

type DeclaredResponse = NonNullable<RouteOptions["responses"]>[number];

/**
 * The operation's responses as FastAPI writes them: the success status ("Successful Response", the `response`
 * schema or `{}`), then each declared response (its description, or the status phrase), then the 422 when the
 * operation takes input and no 422/4XX/default was declared.
 */
export function operationResponses(options: RouteOptions, takesInput: boolean, components: SchemaComponents): JsonObject {
  const responses: Record<string, JsonObject> = {};
  const success = String(options.status ?? 200);
  responses[success] = { description: "Successful Response" };
  if (allowsBody(success)) responses[success].content = successContent(options, components);
  for (const [status, declared] of Object.entries(options.responses ?? {})) {
    const key = status.toUpperCase() === "DEFAULT" ? "default" : status.toUpperCase();
    const { description, schema } = splitDeclared(declared);
    const response = (responses[key] ??= { description: description ?? statusText(key) });
    if (description) response.description = description;
    if (schema && allowsBody(key)) response.content = { "application/json": { schema: components.use(schema, "output") } };
  }
  if (takesInput && !["422", "4XX", "default"].some((key) => key in responses)) {
    responses["422"] = structuredClone(VALIDATION_ERROR_RESPONSE);
  }
  return responses;
}

const BINARY = { type: "string", format: "binary" };

/**
 * The success body's media type and schema: JSON (the `response` schema or `{}`), or what the `responseClass`
 * sends, as FastAPI documents `response_class` — text as `{type: string}`; a file or a stream, which may be any
 * bytes, as binary `application/octet-stream` unless the class names its type.
 */
function successContent(options: RouteOptions, components: SchemaComponents): JsonObject {
  const responseClass = options.responseClass;
  const mediaType = responseClass?.mediaType ?? (responseClass ? "application/octet-stream" : "application/json");
  if (mediaType === "application/json" || mediaType.endsWith("+json")) {
    return { [mediaType]: { schema: options.response ? components.use(options.response, "output") : {} } };
  }
  const schema = mediaType.startsWith("text/") ? { type: "string" } : BINARY;
  return { [mediaType]: { schema } };
}

/** A declared response is a schema, or `{ description?, schema? }` (told apart: a schema is never only those keys). */
function splitDeclared(declared: DeclaredResponse): { description?: string; schema?: AnySchema } {
  if (isStandardSchema(declared)) return { schema: declared };
  const record = declared as Record<string, unknown>;
  const keys = Object.keys(record);
  const isSpec = "~kind" in record ? false : keys.every((key) => key === "description" || key === "schema") && keys.length > 0;
  if (!isSpec) return { schema: declared as AnySchema };
  return {
    description: typeof record.description === "string" ? record.description : undefined,
    schema: isJsonObject(record.schema) || isStandardSchema(record.schema) ? (record.schema as AnySchema) : undefined,
  };
}

const RANGE_TEXT: Record<string, string> = {
  "1XX": "Information",
  "2XX": "Success",
  "3XX": "Redirection",
  "4XX": "Client Error",
  "5XX": "Server Error",
  default: "Default Response",
};

function statusText(key: string): string {
  return RANGE_TEXT[key] ?? STATUS_CODES[Number(key)] ?? "Additional Response";
}

/** 1xx, 204, 205 and 304 carry no body (FastAPI's `is_body_allowed_for_status_code`). */
function allowsBody(key: string): boolean {
  const status = Number(key);
  if (!Number.isInteger(status)) return true;
  return !(status < 200 || status === 204 || status === 205 || status === 304);
}
