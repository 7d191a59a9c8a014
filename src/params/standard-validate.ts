/**
 * Validation through a Standard Schema (Zod, Valibot, ArkType…): its issues become FastAPI-shaped ones. `type` is
 * the library's own code (`invalid_type`, `too_small`, valibot's `min_length`…) and `msg` its message, except that a
 * type error about an absent key becomes pydantic's `missing` / "Field required", so clients see one wording for
 * missing fields whatever the library. Strings are passed through as they are: use `z.coerce.number()` (or the
 * library's equivalent) for numeric query/path/header params.
 */
import type { ValidationIssue, ValidationResult } from "./issues.ts";
import { MESSAGES } from "./messages.ts";
import type { PathSegment } from "./run-state.ts";
import type { StandardSchemaV1 } from "./standard-schema.ts";
import { SkiffError } from "../errors.ts";

/** Thrown when a Standard Schema answers with a Promise where Skiff validates synchronously. */
export class AsyncSchemaError extends SkiffError {
  constructor(vendor: string) {
    super(
      "SKIFF_ASYNC_SCHEMA",
      `A ${vendor} schema validated asynchronously (an async refine/transform?), but request params, bodies and ` +
        "responses are validated synchronously: make the schema synchronous, or do the async check in a dependency.",
    );
  }
}

function keyOf(segment: PropertyKey | StandardSchemaV1.PathSegment): PathSegment {
  const key = typeof segment === "object" && segment !== null ? segment.key : segment;
  return typeof key === "symbol" ? String(key) : (key as PathSegment);
}

interface Lookup {
  present: boolean;
  value: unknown;
  parent: unknown;
}

function lookup(root: unknown, path: PathSegment[]): Lookup {
  let parent: unknown;
  let current: unknown = root;
  for (const key of path) {
    parent = current;
    if (typeof current !== "object" || current === null || !Object.hasOwn(current, key)) return { present: false, value: undefined, parent };
    current = (current as Record<PathSegment, unknown>)[key];
  }
  return { present: current !== undefined, value: current, parent };
}

type LibraryIssue = StandardSchemaV1.Issue & { code?: unknown; type?: unknown; kind?: unknown; input?: unknown };

function toIssue(issue: LibraryIssue, root: unknown, prefix: readonly PathSegment[]): ValidationIssue {
  const path = (issue.path ?? []).map(keyOf);
  const loc = prefix.concat(path);
  const found = lookup(root, path);
  const code = typeof issue.code === "string" ? issue.code : typeof issue.type === "string" ? issue.type : "value_error";
  const isTypeIssue = code === "invalid_type" || issue.kind === "schema";
  if (!found.present && isTypeIssue) {
    return { type: "missing", loc, msg: MESSAGES.missing, input: path.length === 0 ? null : (found.parent ?? null) };
  }
  const input = "input" in issue && issue.input !== undefined ? issue.input : found.value;
  return { type: code, loc, msg: issue.message, input: input === undefined ? null : input };
}

function settle<T>(result: StandardSchemaV1.Result<T>, value: unknown, prefix: readonly PathSegment[]): ValidationResult<T> {
  if (result.issues) return { ok: false, issues: result.issues.map((issue) => toIssue(issue, value, prefix)) };
  return { ok: true, value: result.value };
}

export function validateStandard<T>(
  schema: StandardSchemaV1<unknown, T>,
  value: unknown,
  prefix: readonly PathSegment[],
): ValidationResult<T> | Promise<ValidationResult<T>> {
  const result = schema["~standard"].validate(value);
  return result instanceof Promise ? result.then((r) => settle(r, value, prefix)) : settle(result, value, prefix);
}

export function validateStandardSync<T>(schema: StandardSchemaV1<unknown, T>, value: unknown, prefix: readonly PathSegment[]): ValidationResult<T> {
  const result = validateStandard(schema, value, prefix);
  if (result instanceof Promise) {
    result.catch(() => undefined);
    throw new AsyncSchemaError(schema["~standard"].vendor);
  }
  return result;
}
