/**
 * Validators for params declared per location (`query: { q: t.String(), limit: t.Integer({ default: 10 }) }`).
 * Raw values are text, coerced per schema the way pydantic does for FastAPI: repeated keys fill array params (one
 * value becomes a one-element array), a scalar param given repeated keys takes the last one, unknown keys are
 * ignored, absent params take their default or report `missing` (input null). Every param is checked and all
 * issues come back together, in declaration order.
 *
 * Raw input per location: path/cookie `Record<string, string>`; query `Record<string, string | string[]>` (as
 * `node:querystring` parses); header `IncomingHttpHeaders` (keys lowercased; a param matches case-insensitively,
 * and `user_agent` also matches `user-agent`; a header repeated into one comma-joined line fills an array param
 * item by item); body (form fields) like query, plus UploadFile values, with empty strings counting as absent as
 * FastAPI's Form does. Locations in issues use the declared key. A header schema with `convertUnderscores: false`
 * reads only the header named exactly as declared (`strange_header`, not `strange-header`).
 */
import type { Location, ValidationIssue, ValidationResult } from "./issues.ts";
import type { ParamShape } from "./schema.ts";
import { toJsonSchema } from "./json-schema.ts";
import { compileSchemaNode, type CompileOptions } from "./compile.ts";
import { MESSAGES } from "./messages.ts";
import { defaultFactory, INVALID, report, RunStates, setOwn, visit, type Node, type RunState } from "./run-state.ts";
import { isStandardSchema, type StandardSchemaV1 } from "./standard-schema.ts";
import { validateStandardSync } from "./standard-validate.ts";
import { isSchemaObject, type JsonSchema } from "./nodes/compiler.ts";

export type ShapeValidator = (raw: unknown) => ValidationResult<Record<string, unknown>>;

type Check =
  | { kind: "node"; node: Node; makeDefault: (() => unknown) | undefined; optional: boolean }
  | { kind: "standard"; schema: StandardSchemaV1 };

interface Param {
  key: string;
  /** Raw keys to try, in order. */
  names: string[];
  ownOnly: boolean;
  takesList: boolean;
  check: Check;
}

const HEADER_LIST = /\s*,\s*/;

/** Whether a param collects every value of a repeated key: an array schema, possibly Optional or nullable. */
function takesList(schema: unknown): boolean {
  if (!isSchemaObject(schema)) return false;
  if (schema.type === "array" || (Array.isArray(schema.type) && schema.type.includes("array"))) return true;
  const members = schema.anyOf ?? schema.oneOf;
  return Array.isArray(members) && members.some(takesList);
}

function namesFor(location: Location, key: string, schema: unknown): string[] {
  if (location !== "header") return [key];
  const lower = key.toLowerCase();
  // FastAPI's `Header(convert_underscores=False)`: only the header spelled as declared.
  if ((schema as { convertUnderscores?: boolean }).convertUnderscores === false) return [lower];
  return lower.includes("_") ? [lower.replaceAll("_", "-"), lower] : [lower];
}

function compileParam(location: Location, key: string, schema: unknown, options: CompileOptions | undefined): Param {
  const names = namesFor(location, key, schema);
  const ownOnly = names.some((n) => n in Object.prototype);
  if (isStandardSchema(schema)) {
    return { key, names, ownOnly, takesList: takesList(toJsonSchema(schema)), check: { kind: "standard", schema } };
  }
  const json = schema as JsonSchema;
  const makeDefault = "default" in json ? defaultFactory(json.default) : undefined;
  const check: Check = { kind: "node", node: compileSchemaNode(schema, options), makeDefault, optional: json["~optional"] === true };
  return { key, names, ownOnly, takesList: takesList(schema), check };
}

function rawValue(raw: Record<string, unknown>, param: Param, location: Location): unknown {
  let value: unknown;
  for (const name of param.names) {
    if (param.ownOnly && !Object.hasOwn(raw, name)) continue;
    value = raw[name];
    if (value !== undefined) break;
  }
  if (location === "body" && value === "") return undefined;
  if (Array.isArray(value)) {
    const values = location === "body" ? value.filter((v) => v !== "") : value;
    if (values.length === 0) return undefined;
    return param.takesList ? values : values[values.length - 1];
  }
  if (value === undefined || !param.takesList) return value;
  return location === "header" && typeof value === "string" ? value.split(HEADER_LIST) : [value];
}

function checkNode(param: Param, check: Extract<Check, { kind: "node" }>, value: unknown, out: Record<string, unknown>, state: RunState): void {
  if (value === undefined) {
    if (check.makeDefault !== undefined) setOwn(out, param.key, check.makeDefault());
    else if (!check.optional) {
      state.path.push(param.key);
      report(state, "missing", MESSAGES.missing, null);
      state.path.pop();
    }
    return;
  }
  const result = visit(check.node, value, param.key, state);
  if (result !== INVALID) setOwn(out, param.key, result);
}

function checkStandard(param: Param, schema: StandardSchemaV1, value: unknown, out: Record<string, unknown>, state: RunState): void {
  const result = validateStandardSync(schema, value, state.prefix.concat(param.key));
  if (!result.ok) state.issues.push(...result.issues);
  else if (result.value !== undefined) setOwn(out, param.key, result.value);
}

/** Compiles the validator for one location's params. */
export function compileShape(location: Location, shape: ParamShape, options?: CompileOptions): ShapeValidator {
  const params = Object.keys(shape).map((key) => compileParam(location, key, shape[key], options));
  const prefix = [location] as const;
  const states = new RunStates(prefix);
  return (raw) => {
    const source = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
    const state = states.take();
    const out: Record<string, unknown> = {};
    for (const param of params) {
      const value = rawValue(source, param, location);
      if (param.check.kind === "node") checkNode(param, param.check, value, out, state);
      else checkStandard(param, param.check.schema, value, out, state);
    }
    if (state.issues.length > 0) return { ok: false, issues: state.issues as ValidationIssue[] };
    // Given back only after a clean run: a throw (a refinement's own error) leaves it to the garbage collector.
    states.give(state);
    return { ok: true, value: out };
  };
}
