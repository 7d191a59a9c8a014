import { HTTPException } from "./exceptions.ts";
import { RequestValidationError } from "../params/issues.ts";
import { JSONResponse, Response } from "../responses/response.ts";
import { toResponse } from "../responses/convert.ts";
import type { Request } from "./request.ts";

export type ExceptionHandler<E = any> = (request: Request, error: E) => unknown;
type ErrorClass = abstract new (...args: any[]) => unknown;

/**
 * Exception handlers, looked up as Starlette does: by status for HTTP errors, then by the error's class and its
 * ancestors. Defaults answer HTTPException and validation errors in FastAPI's shapes.
 */
export class ExceptionHandlers {
  private readonly byStatus = new Map<number, ExceptionHandler>();
  private readonly byClass = new Map<ErrorClass, ExceptionHandler>();

  add(key: number | ErrorClass, handler: ExceptionHandler): void {
    if (typeof key === "number") this.byStatus.set(key, handler);
    else this.byClass.set(key, handler);
  }

  /** The user's handler for this error, if any. `status` is the status the error would produce. */
  find(error: unknown, status: number): ExceptionHandler | undefined {
    const handler = this.byStatus.get(status);
    if (handler) return handler;
    if (typeof error !== "object" || error === null) return undefined;
    for (let proto = Object.getPrototypeOf(error); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
      const found = this.byClass.get(proto.constructor);
      if (found) return found;
    }
    return undefined;
  }
}

export function statusOf(error: unknown): number {
  if (error instanceof HTTPException) return error.status;
  if (error instanceof RequestValidationError) return 422;
  return 500;
}

/** FastAPI's default answers: `{"detail": …}` with the exception's headers; `{"detail": [issues]}` with 422. */
export function defaultErrorResponse(error: unknown): Response | undefined {
  if (error instanceof HTTPException) {
    const init = { status: error.status, headers: error.headers };
    if (error.status === 204 || error.status === 304) return new Response(null, init);
    return new JSONResponse({ detail: error.detail }, init);
  }
  if (error instanceof RequestValidationError) return new JSONResponse({ detail: error.issues }, { status: 422 });
  return undefined;
}

export function handlerResult(result: unknown, status: number): Response {
  return toResponse(result, status);
}
