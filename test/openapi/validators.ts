/** Independent validators: the OpenAPI 3.0/3.1 JSON Schemas and AsyncAPI's own parser (schema plus its rules). */
import assert from "node:assert/strict";
import { Validator } from "@seriousme/openapi-schema-validator";
import { Parser } from "@asyncapi/parser";

type Doc = Record<string, unknown>;

/** Problems the OpenAPI validator finds, including `$ref`s that resolve to nothing. */
export async function openapiProblems(doc: Doc): Promise<string[]> {
  const validator = new Validator();
  const result = await validator.validate(structuredClone(doc));
  if (!result.valid) return [JSON.stringify(result.errors, null, 2)];
  try {
    validator.resolveRefs();
  } catch (error) {
    return [String(error)];
  }
  return [];
}

/** Errors and warnings from the AsyncAPI parser (its hints, such as "a newer AsyncAPI exists", are not problems). */
export async function asyncapiProblems(doc: Doc): Promise<string[]> {
  const diagnostics = await new Parser().validate(JSON.stringify(doc));
  return diagnostics.filter((d) => d.severity <= 1).map((d) => `${d.code} at ${d.path.join(".")}: ${d.message}`);
}

export async function assertValidOpenAPI(doc: Doc): Promise<void> {
  assert.deepEqual(await openapiProblems(doc), [], `invalid OpenAPI ${String(doc.openapi)} document`);
}

export async function assertValidAsyncAPI(doc: Doc): Promise<void> {
  assert.deepEqual(await asyncapiProblems(doc), [], "invalid AsyncAPI document");
}
