import { STATUS_CODES } from "node:http";
import type { Request } from "../http/request.ts";
import type { ErrorSink } from "../http/exchange.ts";
import { ClientDisconnected } from "../http/body.ts";
import { RouteTimeoutError } from "../http/timeout.ts";
import { ExceptionHandlers, defaultErrorResponse, statusOf } from "../http/exception-handlers.ts";
import { internalErrorResponse } from "../http/error-pages.ts";
import { RedirectResponse, type Response } from "../responses/response.ts";
import { toResponse } from "../responses/convert.ts";
import type { Logger } from "../logging/logger.ts";

/**
 * Errors into answers and log lines, for HTTP requests and WebSocket handshakes alike: the user's exception handler,
 * then FastAPI's defaults, then 500. A failure is logged once per request (the request's exchange remembers).
 */
export class ErrorRendering implements ErrorSink {
  readonly handlers = new ExceptionHandlers();
  readonly #logger: Logger;
  readonly #debug: boolean;

  constructor(logger: Logger, debug: boolean) {
    this.#logger = logger;
    this.#debug = debug;
  }

  /** Error → response: the user's handler, then FastAPI's defaults, then 500. */
  render(error: unknown, request: Request): Response | Promise<Response> {
    if (error instanceof RedirectResponse) return error;
    const status = statusOf(error);
    const handler = this.handlers.find(error, status);
    if (handler) {
      try {
        const result = handler(request, error);
        if (result instanceof Promise) {
          return result.then(
            (value) => toResponse(value, status),
            (failure) => this.lastResort(failure, request),
          );
        }
        return toResponse(result, status);
      } catch (failure) {
        return this.lastResort(failure, request);
      }
    }
    return defaultErrorResponse(error) ?? this.lastResort(error, request);
  }

  /**
   * The 500 for an error nothing else answered: logged, unless the client simply left (then nobody reads the answer,
   * and it is not a server error either, whether or not the server notices in time that the socket is gone).
   */
  lastResort(error: unknown, request: Request): Response {
    if (error instanceof ClientDisconnected) request.exchange.reported = true;
    else this.report(error, request);
    return internalErrorResponse(error, request, this.#debug);
  }

  /** Logs an error no response can carry any more (or that became a 5xx), with the request it belongs to. */
  report(error: unknown, request?: Request, message = "Unhandled error"): void {
    if (request) request.exchange.reported = true;
    const fields = { requestId: request?.id, method: request?.method, path: request?.path };
    // A timeout's stack says nothing; its limit does.
    this.#logger.error(error instanceof RouteTimeoutError ? { ...fields, timeout: error.timeout } : { err: error, ...fields }, message);
  }

  /** A 5xx nobody logged yet (an HTTPException(503), an exception handler's answer, middleware's): ops see it. */
  noteAnswer(status: number, request: Request): void {
    if (status < 500 || request.exchange.reported) return;
    request.exchange.reported = true;
    this.#logger.error(
      { requestId: request.id, method: request.method, path: request.path, status },
      `Answered ${status} ${STATUS_CODES[status] ?? ""}`.trimEnd(),
    );
  }
}
