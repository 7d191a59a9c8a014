import type { JsonObject } from "./json.ts";

/**
 * FastAPI's components for the 422 body, key for key (including `input` and `ctx`, which FastAPI documents since early 2026 and pydantic v2
 * and Skiff both send), so clients generated for a FastAPI service read Skiff's errors unchanged.
 */
export const VALIDATION_ERROR_SCHEMA: JsonObject = {
  properties: {
    loc: { items: { anyOf: [{ type: "string" }, { type: "integer" }] }, type: "array", title: "Location" },
    msg: { type: "string", title: "Message" },
    type: { type: "string", title: "Error Type" },
    input: { title: "Input" },
    ctx: { type: "object", title: "Context" },
  },
  type: "object",
  required: ["loc", "msg", "type"],
  title: "ValidationError",
};

export const HTTP_VALIDATION_ERROR_SCHEMA: JsonObject = {
  properties: {
    detail: { items: { $ref: "#/components/schemas/ValidationError" }, type: "array", title: "Detail" },
  },
  type: "object",
  title: "HTTPValidationError",
};

/** The 422 response every operation with params or a body documents. */
export const VALIDATION_ERROR_RESPONSE: JsonObject = {
  description: "Validation Error",
  content: { "application/json": { schema: { $ref: "#/components/schemas/HTTPValidationError" } } },
};
