/**
 * Validators compiled once per route: `compileValidator` for a whole value (a JSON body, a WebSocket message),
 * `compileShape` (re-exported from shape.ts) for path/query/header/cookie/form params.
 */
import type { Validator } from "./issues.ts";
import type { AnySchema, Infer } from "./schema.ts";
import { compileSchemaNode, type CompileOptions } from "./compile.ts";
import { MESSAGES } from "./messages.ts";
import { defaultFactory, runNode, RunStates, type PathSegment } from "./run-state.ts";
import { isStandardSchema } from "./standard-schema.ts";
import { validateStandardSync } from "./standard-validate.ts";
import { isSchemaObject, type JsonSchema } from "./nodes/compiler.ts";
import { compileCheck } from "./nodes/check.ts";

export { compileShape, type ShapeValidator } from "./shape.ts";
export type { CompileOptions } from "./compile.ts";
export { AsyncSchemaError } from "./standard-validate.ts";

/** Whether a schema lets `null` through, in which case a null body is data rather than "no body". */
function acceptsNull(schema: JsonSchema): boolean {
  if (schema.nullable === true || schema.type === "null") return true;
  if (Array.isArray(schema.type)) return schema.type.includes("null");
  if (!("type" in schema) && !("$ref" in schema) && !("anyOf" in schema) && !("const" in schema) && !("enum" in schema)) return true;
  const members = (schema.anyOf ?? schema.oneOf) as unknown[] | undefined;
  return Array.isArray(members) && members.some((m) => isSchemaObject(m) && acceptsNull(m));
}

/**
 * Compiles a validator for a whole value. Defaults are filled into a copy (the input is never mutated), errors
 * come back with `loc` = `loc` + the path inside the value. `undefined` counts as absent: the schema's default,
 * `undefined` for an Optional schema, else `missing` with input null. Under `loc` `["body", …]` a `null` counts as
 * absent too unless the schema allows null, as FastAPI treats a JSON `null` body.
 * Standard Schemas are validated by their library; one that answers asynchronously throws AsyncSchemaError.
 * @example
 * const validate = compileValidator(Item, ["body"]);
 * validate({ name: "x" }) // { ok: false, issues: [{ type: "missing", loc: ["body", "price"], msg: "Field required", input: { name: "x" } }] }
 */
export function compileValidator<S extends AnySchema>(schema: S, loc: readonly PathSegment[], options?: CompileOptions): Validator<Infer<S>> {
  const prefix = loc.slice();
  if (isStandardSchema(schema)) return (value) => validateStandardSync(schema, value, prefix) as ReturnType<Validator<Infer<S>>>;
  const node = compileSchemaNode(schema, options);
  const root = schema as unknown as JsonSchema;
  const makeDefault = "default" in root ? defaultFactory(root.default) : undefined;
  const optional = root["~optional"] === true;
  const nullIsAbsent = prefix[0] === "body" && !acceptsNull(root);
  const states = new RunStates(prefix);
  const check = compileCheck(root);
  return (value) => {
    if (value === undefined || (value === null && nullIsAbsent)) {
      if (makeDefault !== undefined) return { ok: true, value: makeDefault() as Infer<S> };
      if (optional) return { ok: true, value: undefined as Infer<S> };
      return { ok: false, issues: [{ type: "missing", loc: prefix.slice(), msg: MESSAGES.missing, input: null }] };
    }
    // A value that already is what the schema says validates to itself: no need for the nodes.
    if (check?.(value)) return { ok: true, value: value as Infer<S> };
    return runNode(node, value, prefix, states) as ReturnType<Validator<Infer<S>>>;
  };
}
