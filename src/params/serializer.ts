/**
 * Response models: the handler's value is validated against the `response` schema (errors located under
 * `"response"`, as FastAPI's ResponseValidationError), missing fields take their defaults, properties the schema
 * does not declare are dropped (a `password` never leaks through `response: UserOut`), then the result is
 * stringified. The compiled node has already shaped the value, so plain JSON.stringify writes exactly the schema's
 * fields.
 */
import type { ValidationIssue } from "./issues.ts";
import type { AnySchema } from "./schema.ts";
import { compileSchemaNode, type CompileOptions } from "./compile.ts";
import { runNode, RunStates } from "./run-state.ts";
import { compileCheck } from "./nodes/check.ts";
import { isStandardSchema } from "./standard-schema.ts";
import { validateStandardSync } from "./standard-validate.ts";
import type { Shaper } from "./response-shaping.ts";

export type SerializeResult = { ok: true; json: string } | { ok: false; issues: ValidationIssue[] };

export type Serializer = (value: unknown) => SerializeResult;

const PREFIX = ["response"] as const;

function bigintAsNumber(_key: string, value: unknown): unknown {
  if (typeof value !== "bigint") return value;
  return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
}

function plainStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? "null";
  } catch (error) {
    // Only BigInts make JSON.stringify throw on validated data; a replacer costs too much to use always.
    if (!(error instanceof TypeError)) throw error;
    return JSON.stringify(value, bigintAsNumber) ?? "null";
  }
}

/**
 * @example
 * const serialize = compileSerializer(t.Object({ id: t.Integer(), name: t.String() }));
 * serialize({ id: 1, name: "a", password: "x" }) // { ok: true, json: '{"id":1,"name":"a"}' }
 */
export function compileSerializer(schema: AnySchema, options?: Omit<CompileOptions, "direction">, shaper?: Shaper): Serializer {
  if (shaper !== undefined) {
    // The route's exclude/include options need the validated value beside the handler's own.
    const node = isStandardSchema(schema) ? undefined : compileSchemaNode(schema, { ...options, direction: "encode" });
    const states = new RunStates(PREFIX);
    return (value) => {
      const result = node ? runNode(node, value, PREFIX, states) : validateStandardSync(schema as never, value, PREFIX);
      return result.ok ? { ok: true, json: plainStringify(shaper(result.value, value)) } : result;
    };
  }
  if (isStandardSchema(schema)) {
    return (value) => {
      const result = validateStandardSync(schema, value, PREFIX);
      return result.ok ? { ok: true, json: plainStringify(result.value) } : result;
    };
  }
  const node = compileSchemaNode(schema, { ...options, direction: "encode" });
  const states = new RunStates(PREFIX);
  const check = compileCheck(schema);
  return (value) => {
    // Output that already is exactly what the schema says (nothing to default, encode or drop) is sent as it is.
    if (check?.(value)) return { ok: true, json: plainStringify(value) };
    const result = runNode(node, value, PREFIX, states);
    return result.ok ? { ok: true, json: plainStringify(result.value) } : result;
  };
}
