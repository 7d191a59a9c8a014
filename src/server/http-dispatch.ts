import type { IncomingMessage, ServerResponse } from "node:http";
import type { App } from "../app.ts";
import { Exchange } from "../http/exchange.ts";
import { HTTPException } from "../http/exceptions.ts";
import { Request, nodeHead } from "../http/request.ts";
import { checkFetchHead, checkRequestHead, originForm, type RequestLimits } from "../http/request-limits.ts";
import { withTimeout } from "../http/timeout.ts";
import { composeMiddleware, type Middleware } from "../middleware/compose.ts";
import { inRequestContext } from "../logging/context.ts";
import { RedirectResponse, type Response } from "../responses/response.ts";
import { discardBody, writeResponse } from "../responses/write.ts";
import type { AppRoutes } from "../routing/app-routes.ts";
import type { ErrorRendering } from "./error-rendering.ts";
import { FetchHead, fetchBodyMessage, toFetchResponse, type FetchConnectionInfo } from "./fetch-adapter.ts";

/** What the HTTP dispatcher needs of the app's settings. */
export interface HttpDispatchSettings {
  limits: Readonly<RequestLimits>;
  bodyLimit: number;
  redirectSlashes: boolean;
  /** The app-wide route timeout in ms (a route's own `timeout` wins). */
  timeout: number | undefined;
}

/**
 * One HTTP request, from Node's request listener to the written response: the request and its exchange, the head
 * limits, the middleware chain around routing, the response's preparation and writing, and the work left for
 * after it (background tasks, dependency teardown).
 */
export class HttpDispatcher {
  readonly #app: App<any, any>;
  readonly #routes: AppRoutes;
  readonly #errors: ErrorRendering;
  readonly #settings: HttpDispatchSettings;
  #pipeline: (request: Request) => Response | Promise<Response>;

  constructor(app: App<any, any>, routes: AppRoutes, errors: ErrorRendering, settings: HttpDispatchSettings) {
    this.#app = app;
    this.#routes = routes;
    this.#errors = errors;
    this.#settings = settings;
    this.#pipeline = this.#route;
  }

  /** Nests the app's middleware around routing, once, when the list changes; the first added runs outermost. */
  useMiddleware(middlewares: readonly Middleware[]): void {
    this.#pipeline = composeMiddleware(middlewares, this.#route);
  }

  /** Node's request listener (`app.handle`). */
  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    const target = originForm(req.url ?? "/");
    if (target !== req.url) req.url = target;
    const request = new Request(this.#app, nodeHead(req, target), req, new Exchange(this.#errors), this.#settings.bodyLimit);
    const out = this.#respond(request, checkRequestHead(req, target, this.#settings.limits));
    if (out instanceof Promise) {
      out.then(
        (response) => this.#send(res, request, response),
        (error) => this.#send(res, request, this.#errors.lastResort(error, request)),
      );
    } else {
      this.#send(res, request, out);
    }
  };

  /**
   * A Web fetch handler (`app.fetch`): the same pipeline fed from a Web `Request` and answered with a Web `Response`,
   * for `Bun.serve({ fetch: app.fetch })`, `Deno.serve(app.fetch)` or any fetch-based host.
   */
  readonly fetch = (webRequest: globalThis.Request, info?: FetchConnectionInfo): Promise<globalThis.Response> => {
    const head = new FetchHead(webRequest, info);
    // Node's message shape for the body and form readers, made only when something reads the body.
    const message = () => fetchBodyMessage(webRequest, head);
    const request = new Request(this.#app, head, message, new Exchange(this.#errors), this.#settings.bodyLimit);
    const out = this.#respond(request, checkFetchHead(head.target, this.#settings.limits));
    // No async function: a synchronous route's answer is wrapped once, with no await of plain values on the way
    // (about 0.9 → 0.77 µs of Skiff's own CPU per hello on Deno, measured in a loop over app.fetch).
    if (!(out instanceof Promise)) return Promise.resolve(this.#answer(head, request, out));
    return out.then(
      (response) => this.#answer(head, request, response),
      (error) => this.#answer(head, request, this.#errors.lastResort(error, request)),
    );
  };

  /** `fetch`'s twin of `#send`: the response prepared, then handed to the host as a Web `Response`. */
  #answer(head: FetchHead, request: Request, response: Response): globalThis.Response | Promise<globalThis.Response> {
    const preparing = request.exchange.prepare(response, request);
    if (preparing) {
      return preparing.then(
        (ready) => this.#answer(head, request, ready),
        (error) => this.#answer(head, request, this.#errors.lastResort(error, request)),
      );
    }
    this.#errors.noteAnswer(response.status, request);
    const answer = toFetchResponse(response, request.method === "HEAD");
    const after = request.exchange.after;
    // The host writes the answer once this handler returns; background tasks and teardown run after that, when the
    // host's request is closed: what they may read of it is copied first.
    if (after) {
      head.keepForLater();
      setTimeout(() => inRequestContext(request, after).catch((error) => this.#errors.report(error, request)), 0);
    }
    return answer;
  }

  /** The answer to a request: the head's refusal rendered, or the middleware chain around routing. Never throws. */
  #respond(request: Request, refused: HTTPException | undefined): Response | Promise<Response> {
    // A request refused for its head is the client's doing, even when the answer is a 5xx (501): not logged as an error.
    if (refused) request.exchange.reported = true;
    try {
      return refused ? this.#errors.render(refused, request) : this.#pipeline(request);
    } catch (error) {
      return this.#errors.render(error, request);
    }
  }

  #send(res: ServerResponse, request: Request, response: Response): void {
    if (res.headersSent || res.destroyed) {
      // Nobody is left to answer, but an unstarted body must be closed and cleanup (background tasks, dependency
      // teardown, uploads) must still run.
      discardBody(response.body);
      this.#runAfterResponse(res, request);
      return;
    }
    // Routes prepare what they return; this catches responses made by middleware or exception handlers.
    const preparing = request.exchange.prepare(response, request);
    if (preparing) {
      preparing.then(
        (ready) => this.#send(res, request, ready),
        (error) => this.#send(res, request, this.#errors.lastResort(error, request)),
      );
      return;
    }
    this.#errors.noteAnswer(response.status, request);
    const written = writeResponse(res, response, request.method === "HEAD");
    if (written instanceof Promise) written.catch((error) => this.#errors.report(error, request));
    this.#runAfterResponse(res, request);
  }

  /** Background tasks and teardown: once the response is out (or the client is gone), in the request's log context. */
  #runAfterResponse(res: ServerResponse, request: Request): void {
    const after = request.exchange.after;
    if (!after) return;
    let ran = false;
    const run = () => {
      if (ran) return;
      ran = true;
      inRequestContext(request, after).catch((error) => this.#errors.report(error, request));
    };
    if (res.writableFinished || res.destroyed) run();
    else {
      res.once("finish", run);
      res.once("close", run);
    }
  }

  /** The innermost step of the middleware chain: the route's answer, or why nothing matched. */
  readonly #route = (request: Request): Response | Promise<Response> => {
    const { method, path } = request;
    let match = this.#routes.findHttp(method, path);
    if (match === null && method === "HEAD") match = this.#routes.findHttp("GET", path);
    if (match === null) return this.#errors.render(this.#unmatched(request), request);
    const out = match.route.handle(request, match.params);
    const timeout = match.route.definition.options.timeout ?? this.#settings.timeout;
    if (timeout === undefined || timeout <= 0 || !(out instanceof Promise)) return out;
    return withTimeout(out, timeout, request);
  };

  /** Why nothing matched: 405 with every allowed method, a slash redirect, or 404. */
  #unmatched(request: Request): HTTPException | Response {
    const { method, path } = request;
    const allowed = this.#routes.allowedMethods(path);
    if (allowed.length > 0) {
      if (allowed.includes("GET") && !allowed.includes("HEAD")) allowed.push("HEAD");
      return new HTTPException(405, "Method Not Allowed", { allow: allowed.join(", ") });
    }
    if (this.#settings.redirectSlashes && path !== "/") {
      const other = path.endsWith("/") ? path.slice(0, -1) : `${path}/`;
      const lookup = method === "HEAD" ? "GET" : method;
      if (other && (this.#routes.findHttp(lookup, other) || this.#routes.findHttp(method, other))) {
        const target = request.head.target;
        const search = target.includes("?") ? target.slice(target.indexOf("?")) : "";
        // Relative: the client stays on the scheme and host it used (no http:// downgrade behind a TLS proxy).
        return new RedirectResponse(`${other}${search}`, { status: 307 });
      }
    }
    if (path.includes("%") && !isDecodable(path)) return new HTTPException(400, "Invalid URL encoding");
    return new HTTPException(404, "Not Found");
  }
}

function isDecodable(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}
