import type { Logger } from "pino";
import type { Request } from "./request.ts";
import type { Response } from "../responses/response.ts";

/** Work left after the response is out: background tasks, dependency teardown, uploads to delete. */
export type AfterResponse = () => Promise<void>;

/**
 * A response that must see the request (or do I/O) before its head is written, such as a FileResponse answering
 * `Range` or `If-None-Match`.
 */
export interface PreparableResponse {
  prepare(request: Request): void | Promise<void>;
}

/** How errors of a request become answers and log lines (the app's `ErrorRendering`). */
export interface ErrorSink {
  /** Turns an error into the response to send (exception handlers, 422, 500). */
  render(error: unknown, request: Request): Response | Promise<Response>;
  /** Logs an error nobody can answer any more (teardown, background tasks), and marks the request's as logged. */
  report(error: unknown, request?: Request, message?: string): void;
}

/**
 * One request's bookkeeping between the dispatcher that received it and whoever answers it (`request.exchange`):
 * what must run once the response is out, whether its failure was logged, which response was prepared, and its
 * log context. Created once per request (HTTP or WebSocket handshake) by the dispatcher.
 */
export class Exchange {
  /** The app's error rendering, for the endpoint and the timeout. */
  readonly errors: ErrorSink;
  /** Background tasks, teardown and upload disposal, chained in the order they were added. */
  after: AfterResponse | undefined = undefined;
  /** Its failure was logged already: a 5xx answer is not logged twice. */
  reported = false;
  /** The response whose `prepare` hook ran (a route prepares what it returns, before middleware sees it). */
  prepared: Response | undefined = undefined;
  /** `requestId()` entered the log context for this request. */
  inLogContext = false;
  /** The app's logger bound to this request's id, made on first use of `getLogger()`. */
  logger: Logger | undefined = undefined;

  constructor(errors: ErrorSink) {
    this.errors = errors;
  }

  /**
   * Prepares a response once: a promise of it when it had a `prepare` hook still to run, else undefined. The endpoint
   * prepares what a handler returns, so middleware sees the final status and headers; the dispatcher prepares
   * anything else (from middleware or exception handlers) just before writing.
   */
  prepare(response: Response, request: Request): Promise<Response> | undefined {
    const prepare = (response as Partial<PreparableResponse>).prepare;
    if (typeof prepare !== "function" || this.prepared === response) return undefined;
    this.prepared = response;
    try {
      return Promise.resolve(prepare.call(response, request)).then(() => response);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Adds work for after the response; it runs after what was added before. */
  addAfter(after: AfterResponse): void {
    const previous = this.after;
    this.after =
      previous && previous !== after
        ? async () => {
            await previous();
            await after();
          }
        : after;
  }
}
