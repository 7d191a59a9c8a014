import { HTTPException } from "./exceptions.ts";
import type { AfterResponse } from "./exchange.ts";
import type { Request } from "./request.ts";
import type { Response } from "../responses/response.ts";
import { inRequestContext } from "../logging/context.ts";

/** Thrown into the error path when a route outlives its `timeout`; answered 504. */
export class RouteTimeoutError extends HTTPException {
  constructor(readonly timeout: number) {
    super(504, `The server did not answer within ${timeout} ms`);
    this.name = "RouteTimeoutError";
  }
}

/**
 * The route's response, or a 504 once `ms` have passed. JavaScript cannot stop the handler: when it finishes late its
 * result is dropped, and the work it left for after the response (dependency teardown, background tasks) still runs.
 */
export function withTimeout(out: Promise<Response>, ms: number, request: Request): Promise<Response> {
  const { exchange } = request;
  const { errors } = exchange;
  return new Promise((resolve) => {
    let afterAtTimeout: AfterResponse | undefined | "pending" = "pending";
    const timer = setTimeout(() => {
      afterAtTimeout = exchange.after;
      const error = new RouteTimeoutError(ms);
      errors.report(error, request, `Route did not answer within its timeout of ${ms} ms; answered 504`);
      resolve(errors.render(error, request));
    }, ms);
    const settled = (response: Response | undefined) => {
      if (afterAtTimeout === "pending") {
        clearTimeout(timer);
        if (response) resolve(response);
        return;
      }
      // Too late for the client; the 504's sending ran whatever after-work existed then. Run what came since.
      const late = exchange.after;
      if (late !== undefined && afterAtTimeout === undefined) inRequestContext(request, late).catch((error) => errors.report(error, request));
    };
    out.then(settled, (error) => {
      if (afterAtTimeout === "pending") {
        clearTimeout(timer);
        resolve(errors.render(error, request));
      } else {
        settled(undefined);
      }
    });
  });
}
