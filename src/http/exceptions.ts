import { STATUS_CODES } from "node:http";
import { SkiffError } from "../errors.ts";

/**
 * Raise from a handler or dependency to answer with an HTTP error: `{"detail": …}` and the given status.
 * @example throw new HTTPException(404, "Item not found")
 */
export class HTTPException extends SkiffError {
  readonly status: number;
  readonly detail: unknown;
  readonly headers: Record<string, string> | undefined;

  constructor(status: number, detail?: unknown, headers?: Record<string, string>) {
    const text = detail ?? STATUS_CODES[status] ?? "Error";
    super("SKIFF_HTTP_EXCEPTION", typeof text === "string" ? text : JSON.stringify(text));
    this.status = status;
    this.detail = text;
    this.headers = headers;
  }
}
