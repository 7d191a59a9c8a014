import type { Request } from "../http/request.ts";
import type { Response } from "../responses/response.ts";

/**
 * Passes the request on to the next middleware (or the route) and resolves with its response.
 */
export type Next = (request: Request) => Promise<Response>;

/**
 * HTTP middleware: gets the request and `next`, returns the response (FastAPI's `@app.middleware("http")`).
 * It may short-circuit (not call `next`), change the response, or run code after it.
 */
export interface Middleware {
  (request: Request, next: Next): Response | Promise<Response>;
  /**
   * Also run for WebSocket handshakes, before routing: answering without calling `next` refuses the handshake with
   * that response. `next` then resolves to a placeholder (the connection is the WebSocket layer's from there on).
   */
  websocket?: boolean;
}

/** Nests middlewares around the app's dispatch once, when they are added; the first added runs outermost. */
export function composeMiddleware(
  middlewares: readonly Middleware[],
  dispatch: (request: Request) => Response | Promise<Response>,
): (request: Request) => Response | Promise<Response> {
  let next: Next = async (request) => dispatch(request);
  for (let i = middlewares.length - 1; i >= 0; i--) {
    const middleware = middlewares[i];
    const inner = next;
    next = async (request) => middleware(request, inner);
  }
  return next;
}

/**
 * Marks a middleware as one that must also see WebSocket handshakes (trusted hosts, rate limits, request ids).
 * @example app.use(websocketAware(async (request, next) => (request.headers.has("x-key") ? next(request) : new PlainTextResponse("no key", { status: 401 }))))
 */
export function websocketAware<M extends Middleware>(middleware: M): M & { websocket: true } {
  return Object.assign(middleware, { websocket: true as const });
}
