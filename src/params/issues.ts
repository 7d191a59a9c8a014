import { SkiffError } from "../errors.ts";

/** Where a validated value came from; the first element of every error's `loc`. */
export type Location = "path" | "query" | "header" | "cookie" | "body";

/** One validation error, in the shape FastAPI (pydantic v2) puts in a 422's `detail` list. */
export interface ValidationIssue {
  type: string;
  loc: (string | number)[];
  msg: string;
  input: unknown;
  ctx?: Record<string, unknown>;
}

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; issues: ValidationIssue[] };

/** A validator compiled once at registration and run per request. */
export type Validator<T = unknown> = (value: unknown) => ValidationResult<T>;

/** Thrown (or answered) as 422 `{"detail": issues}`. */
export class RequestValidationError extends SkiffError {
  readonly issues: ValidationIssue[];
  /**
   * The request body as received, for exception handlers that echo it (FastAPI's `exc.body`): the parsed JSON, or
   * the text when it was not valid JSON; undefined for a request without a JSON body.
   */
  readonly body: unknown;
  constructor(issues: ValidationIssue[], body?: unknown) {
    super(
      "SKIFF_REQUEST_VALIDATION",
      `${issues.length} validation error${issues.length === 1 ? "" : "s"}: ${issues.map((i) => `${i.loc.join(".")}: ${i.msg}`).join("; ")}`,
    );
    this.issues = issues;
    this.body = body;
  }
}
