import { STATUS_CODES, type IncomingMessage, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import type { RouteType } from "./types.ts";
import type { Dependency } from "./dependencies/depends.ts";
import { entriesOf } from "./dependencies/plan.ts";
import { DependencyOverrides } from "./dependencies/overrides.ts";
import { RouteCollector, installMethodShortcuts } from "./routing/collector.ts";
import { INTERNAL_ROUTE, type HttpRouteDefinition, type RouteDefinition, type WebSocketRouteDefinition } from "./routing/definitions.ts";
import { RouteTable } from "./routing/route-table.ts";
import { parseTemplate } from "./routing/template.ts";
import type { AppIncludeRouter, AppRouteMethod, AppWebSocketMethod } from "./routing/typed-methods.ts";
import { Endpoint, afterOf, type EndpointEnv } from "./http/endpoint.ts";
import { Request } from "./http/request.ts";
import { HTTPException } from "./http/exceptions.ts";
import { DEFAULT_BODY_LIMIT, ClientDisconnected } from "./http/body.ts";
import { DEFAULT_REQUEST_LIMITS, checkRequestHead, originForm, type RequestLimits } from "./http/request-limits.ts";
import { RouteTimeoutError, withTimeout } from "./http/timeout.ts";
import { ExceptionHandlers, defaultErrorResponse, statusOf, type ExceptionHandler } from "./http/exception-handlers.ts";
import { internalErrorResponse } from "./http/error-pages.ts";
import { RedirectResponse, type Response } from "./responses/response.ts";
import { toResponse } from "./responses/convert.ts";
import { discardBody, writeResponse } from "./responses/write.ts";
import { writeRefusal } from "./websocket/http-refusal.ts";
import { jsonRefusal } from "./websocket/run-session.ts";
import { prepareResponse } from "./responses/prepare.ts";
import { composeMiddleware, type Middleware } from "./middleware/compose.ts";
import { runUpgradeMiddleware } from "./middleware/upgrade.ts";
import { inRequestContext } from "./logging/context.ts";
import { LifespanRunner } from "./server/lifespan.ts";
import { createLogger, type Logger } from "./logging/logger.ts";
import { WebSocketEndpoint, type WebSocketOptions } from "./routing/websocket-route.ts";
import type { WebSocket } from "./websocket/websocket.ts";
import { serve, type ListenOptions, type RunningServer } from "./server/serve.ts";
import { checkAppOptions, type AppOptions } from "./app-options.ts";

export type { AppOptions };
import { generateAsyncAPI, generateOpenAPI, installDocs } from "./openapi/index.ts";

/**
 * The application (FastAPI's `FastAPI()`): routes, routers, middleware, lifespan, and a Node request listener.
 * @example
 * const app = new App().get("/", () => ({ Hello: "World" }));
 * await app.listen({ port: 8000 });
 */
export class App<Routes extends RouteType = never, State extends object = Record<string, any>> extends RouteCollector {
  /** The options the app was created with. */
  readonly settings: Readonly<AppOptions<State>>;
  readonly title: string;
  readonly version: string;
  readonly debug: boolean;
  /** Shared objects: set at startup, read in handlers (`request.app.state` is the same object). */
  readonly state: State;
  /** Replace dependencies in tests: `app.dependencyOverrides.set(realDb, fakeDb)`. */
  readonly dependencyOverrides = new DependencyOverrides();
  readonly logger: Logger;
  declare readonly __routes: Routes;

  declare get: AppRouteMethod<"get">;
  declare post: AppRouteMethod<"post">;
  declare put: AppRouteMethod<"put">;
  declare delete: AppRouteMethod<"delete">;
  declare patch: AppRouteMethod<"patch">;
  declare head: AppRouteMethod<"head">;
  declare options: AppRouteMethod<"options">;
  declare trace: AppRouteMethod<"trace">;
  declare websocket: AppWebSocketMethod;
  declare includeRouter: AppIncludeRouter;

  readonly #definitions: RouteDefinition[] = [];
  readonly #httpRoutes = new RouteTable<Endpoint>();
  readonly #wsRoutes = new RouteTable<WebSocketEndpoint>();
  readonly #exceptionHandlers = new ExceptionHandlers();
  readonly #middlewares: Middleware[] = [];
  readonly #upgradeMiddlewares: Middleware[] = [];

  /** @internal Middleware that also sees WebSocket handshakes (`websocket: true`), in order. */
  get websocketMiddlewares(): readonly Middleware[] {
    return this.#upgradeMiddlewares;
  }
  readonly #appDeps: Dependency[];
  readonly #lifespan: LifespanRunner<App<any, State>, Partial<State>>;
  #pipeline: (request: Request) => Response | Promise<Response>;
  readonly #redirectSlashes: boolean;
  readonly #endpointEnv: EndpointEnv;
  /** @internal Checked for every request and handshake before routing. */
  readonly requestLimits: Readonly<RequestLimits>;

  constructor(options: AppOptions<State> = {}) {
    super();
    checkAppOptions(options);
    this.settings = options;
    this.title = options.title ?? "Skiff";
    this.version = options.version ?? "0.1.0";
    this.debug = options.debug ?? false;
    this.state = (options.state ?? {}) as State;
    this.logger = options.logger ?? createLogger(options.logLevel ?? (this.debug ? "debug" : "info"));
    this.#appDeps = entriesOf(options.deps as Dependency[] | undefined).unnamed;
    this.#lifespan = new LifespanRunner(options.lifespan);
    this.#redirectSlashes = options.redirectSlashes ?? true;
    this.#pipeline = this.#dispatch;
    this.requestLimits = {
      maxUrlLength: options.maxUrlLength ?? DEFAULT_REQUEST_LIMITS.maxUrlLength,
      maxQueryParams: options.maxQueryParams ?? DEFAULT_REQUEST_LIMITS.maxQueryParams,
      maxHeaderCount: options.maxHeaderCount ?? DEFAULT_REQUEST_LIMITS.maxHeaderCount,
    };
    this.#endpointEnv = {
      bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
      formLimits: options.formLimits,
      overrides: this.dependencyOverrides,
      renderError: (error, request) => this.renderError(error, request),
      reportError: (error, request) => this.reportError(error, request),
    };
    installDocs(this);
  }

  get routes(): readonly RouteDefinition[] {
    return this.#definitions;
  }

  /**
   * Handles errors of a class (and its subclasses) or of a status (`HTTPException`s and 404/405/500).
   * The handler returns a value or `Response`, sent as a route's return would be.
   * @example app.exceptionHandler(NotFoundError, (request, error) => new JSONResponse({ detail: error.message }, { status: 404 }))
   */
  exceptionHandler<E extends abstract new (...args: any[]) => unknown>(key: E | number, handler: ExceptionHandler<InstanceType<E>>): this {
    this.#exceptionHandlers.add(key, handler);
    return this;
  }

  /**
   * Adds HTTP middleware (FastAPI's `@app.middleware("http")`); the first added runs outermost.
   * @example app.middleware(async (request, next) => { const res = await next(request); res.headers.set("x-t", "1"); return res; })
   */
  middleware(fn: Middleware): this {
    this.#middlewares.push(fn);
    if (fn.websocket) this.#upgradeMiddlewares.push(fn);
    this.#pipeline = composeMiddleware(this.#middlewares, this.#dispatch);
    return this;
  }

  /** Adds several middlewares (built-ins such as `cors(...)` are middlewares too). */
  use(...fns: Middleware[]): this {
    for (const fn of fns) this.middleware(fn);
    return this;
  }

  /** @internal */
  protected addDefinition(definition: RouteDefinition): void {
    const full = {
      ...definition,
      deps: INTERNAL_ROUTE in definition.options ? definition.deps : [...this.#appDeps, ...definition.deps],
    } as RouteDefinition;
    if (full.kind === "http") this.#mountHttp(full);
    else this.#mountWebSocket(full);
    this.#definitions.push(full);
  }

  #mountHttp(definition: HttpRouteDefinition): void {
    const template = parseTemplate(definition.path);
    const endpoint = new Endpoint(definition, template, this.#endpointEnv);
    for (const method of definition.methods) this.#httpRoutes.add(method, template, endpoint);
  }

  #mountWebSocket(definition: WebSocketRouteDefinition): void {
    const template = parseTemplate(definition.path);
    this.#wsRoutes.add("GET", template, new WebSocketEndpoint(definition, template, this));
  }


  // ---- request handling -------------------------------------------------------------------------------------

  /** Node's request listener: `http.createServer(app.handle)`. */
  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = originForm(req.url ?? "/");
    if (url !== req.url) req.url = url;
    const q = url.indexOf("?");
    const request = new Request({
      raw: req,
      app: this,
      pathname: q === -1 ? url : url.slice(0, q),
      search: q === -1 ? "" : url.slice(q + 1),
      bodyLimit: this.#endpointEnv.bodyLimit,
      trustProxy: this.settings.trustProxy ?? false,
    });
    const refused = checkRequestHead(req, url, this.requestLimits);
    // A request refused for its head is the client's doing, even when the answer is a 5xx (501): not logged as an error.
    if (refused) this.#reported.add(request);
    let out: Response | Promise<Response>;
    try {
      out = refused ? this.renderError(refused, request) : this.#pipeline(request);
    } catch (error) {
      out = this.renderError(error, request);
    }
    if (out instanceof Promise) {
      out.then(
        (response) => this.#send(res, request, response),
        (error) => this.#send(res, request, this.#lastResortResponse(error, request)),
      );
    } else {
      this.#send(res, request, out);
    }
  };

  #send(res: ServerResponse, request: Request, response: Response): void {
    if (res.headersSent || res.destroyed) {
      // Nobody is left to answer, but an unstarted body must be closed and cleanup (background tasks, dependency
      // teardown, uploads) must still run.
      discardBody(response.body);
      this.#runAfterResponse(res, request);
      return;
    }
    // Routes prepare what they return; this catches responses made by middleware or exception handlers.
    const preparing = prepareResponse(response, request);
    if (preparing) {
      preparing.then(
        (ready) => this.#send(res, request, ready),
        (error) => this.#send(res, request, this.#lastResortResponse(error, request)),
      );
      return;
    }
    if (response.status >= 500 && !this.#reported.has(request)) {
      // A 5xx nobody logged yet (an HTTPException(503), an exception handler's answer, middleware's): ops see it.
      this.#reported.add(request);
      this.logger.error(
        { requestId: request.id, method: request.method, path: request.path, status: response.status },
        `Answered ${response.status} ${STATUS_CODES[response.status] ?? ""}`.trimEnd(),
      );
    }
    const written = writeResponse(res, response, request.method === "HEAD");
    if (written instanceof Promise) written.catch((error) => this.reportError(error, request));
    this.#runAfterResponse(res, request);
  }

  /** Background tasks and teardown: once the response is out (or the client is gone), in the request's log context. */
  #runAfterResponse(res: ServerResponse, request: Request): void {
    const after = afterOf(request);
    if (!after) return;
    let ran = false;
    const run = () => {
      if (ran) return;
      ran = true;
      inRequestContext(request, after).catch((error) => this.reportError(error, request));
    };
    if (res.writableFinished || res.destroyed) run();
    else {
      res.once("finish", run);
      res.once("close", run);
    }
  }

  readonly #dispatch = (request: Request): Response | Promise<Response> => {
    const { method, path } = request;
    let match = this.#httpRoutes.find(method, path);
    if (match === null && method === "HEAD") match = this.#httpRoutes.find("GET", path);
    if (match === null) return this.renderError(this.#unmatched(request), request);
    const out = match.route.handle(request, match.params);
    const timeout = match.route.definition.options.timeout ?? this.settings.timeout;
    if (timeout === undefined || timeout <= 0 || !(out instanceof Promise)) return out;
    return withTimeout(out, timeout, request, this);
  };

  /** Why nothing matched: 405 with every allowed method, a slash redirect, or 404. */
  #unmatched(request: Request): HTTPException | Response {
    const { method, path } = request;
    const allowed = this.#httpRoutes.allowedMethods(path);
    if (allowed.length > 0) {
      if (allowed.includes("GET") && !allowed.includes("HEAD")) allowed.push("HEAD");
      return new HTTPException(405, "Method Not Allowed", { allow: allowed.join(", ") });
    }
    if (this.#redirectSlashes && path !== "/") {
      const other = path.endsWith("/") ? path.slice(0, -1) : `${path}/`;
      const lookup = method === "HEAD" ? "GET" : method;
      if (other && (this.#httpRoutes.find(lookup, other) || this.#httpRoutes.find(method, other))) {
        const search = request.raw.url?.includes("?") ? request.raw.url.slice(request.raw.url.indexOf("?")) : "";
        // Relative: the client stays on the scheme and host it used (no http:// downgrade behind a TLS proxy).
        return new RedirectResponse(`${other}${search}`, { status: 307 });
      }
    }
    if (path.includes("%") && !isDecodable(path)) return new HTTPException(400, "Invalid URL encoding");
    return new HTTPException(404, "Not Found");
  }

  /** @internal Error → response: the user's handler, then FastAPI's defaults, then 500. */
  renderError(error: unknown, request: Request): Response | Promise<Response> {
    if (error instanceof RedirectResponse) return error;
    const status = statusOf(error);
    const handler = this.#exceptionHandlers.find(error, status);
    if (handler) {
      try {
        const result = handler(request, error);
        if (result instanceof Promise) {
          return result.then(
            (value) => toResponse(value, status),
            (failure) => this.#lastResortResponse(failure, request),
          );
        }
        return toResponse(result, status);
      } catch (failure) {
        return this.#lastResortResponse(failure, request);
      }
    }
    return defaultErrorResponse(error) ?? this.#lastResortResponse(error, request);
  }

  #lastResortResponse(error: unknown, request: Request): Response {
    if (!(error instanceof ClientDisconnected)) this.reportError(error, request);
    return internalErrorResponse(error, request, this.debug);
  }

  /** Requests whose failure was logged already, so their 5xx answer is not logged twice. */
  readonly #reported = new WeakSet<Request>();

  /** @internal Logs an error no response can carry any more (or that became a 5xx), with the request it belongs to. */
  reportError(error: unknown, request?: Request, message = "Unhandled error"): void {
    if (request) this.#reported.add(request);
    const fields = { requestId: request?.id, method: request?.method, path: request?.path };
    // A timeout's stack says nothing; its limit does.
    this.logger.error(error instanceof RouteTimeoutError ? { ...fields, timeout: error.timeout } : { err: error, ...fields }, message);
  }

  // ---- WebSockets --------------------------------------------------------------------------------------------

  /** Node's `upgrade` listener: `server.on("upgrade", app.handleUpgrade)`. */
  readonly handleUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const url = originForm(req.url ?? "/");
    if (url !== req.url) req.url = url;
    const refused = checkRequestHead(req, url, this.requestLimits);
    if (refused) return writeRefusal(socket, jsonRefusal(refused.status, refused.detail));
    if (this.#upgradeMiddlewares.length > 0) {
      runUpgradeMiddleware(this, this.#upgradeMiddlewares, req, socket, (request) => this.#routeUpgrade(req, socket, head, request));
    } else {
      this.#routeUpgrade(req, socket, head);
    }
  };

  /** `request` is the one the upgrade middleware saw (same id, same state), when there is middleware. */
  #routeUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, request?: Request): void {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const path = q === -1 ? url : url.slice(0, q);
    const match = this.#wsRoutes.find("GET", path);
    if (match === null) {
      writeRefusal(socket, jsonRefusal(404, "Not Found"));
      return;
    }
    match.route.serve(req, socket, head, match.params, request);
  }

  readonly #liveWebSockets = new Set<WebSocket>();

  /** @internal Registers a live connection (so shutdown can close it with 1001); returns the unregister function. */
  trackWebSocket(ws: WebSocket): () => void {
    this.#liveWebSockets.add(ws);
    return () => this.#liveWebSockets.delete(ws);
  }

  /** @internal The connection ended (a method, not a closure per connection: idle connections stay small). */
  untrackWebSocket(ws: WebSocket): void {
    this.#liveWebSockets.delete(ws);
  }

  /** @internal How many WebSockets are open now (the leak checks read it). */
  get liveWebSocketCount(): number {
    return this.#liveWebSockets.size;
  }

  /** @internal Closes every live WebSocket (1001 "going away" on shutdown). */
  async closeWebSockets(code = 1001, reason = "Server shutting down"): Promise<void> {
    await Promise.allSettled(
      [...this.#liveWebSockets].map((ws) => (ws.applicationState === "CONNECTED" ? ws.close(code, reason) : undefined)),
    );
  }

  /** @internal Finds the WebSocket route for a path (the TestClient connects through this). */
  matchWebSocket(path: string): { endpoint: WebSocketEndpoint; params: Record<string, string> } | null {
    const match = this.#wsRoutes.find("GET", path);
    return match && { endpoint: match.route, params: match.params };
  }

  // ---- documents ---------------------------------------------------------------------------------------------

  #openapiCache: Record<string, unknown> | undefined;
  #asyncapiCache: Record<string, unknown> | undefined;
  #documentedRoutes = -1;

  /** The OpenAPI 3.1 document, built on first use and cached until routes change. */
  openapi(): Record<string, unknown> {
    this.#refreshDocuments();
    return (this.#openapiCache ??= generateOpenAPI(this));
  }

  /** The AsyncAPI 3.0 document of the WebSocket routes. */
  asyncapi(): Record<string, unknown> {
    this.#refreshDocuments();
    return (this.#asyncapiCache ??= generateAsyncAPI(this));
  }

  #refreshDocuments(): void {
    if (this.#documentedRoutes === this.#definitions.length) return;
    this.#documentedRoutes = this.#definitions.length;
    this.#openapiCache = undefined;
    this.#asyncapiCache = undefined;
  }

  // ---- lifecycle ---------------------------------------------------------------------------------------------

  /** Runs the lifespan's startup (once). `listen` and the TestClient call it for you. */
  startup(): Promise<void> {
    return this.#lifespan.startup(this, this.state);
  }

  /** Runs the lifespan's shutdown. */
  shutdown(): Promise<void> {
    return this.#lifespan.shutdown();
  }

  /**
   * Starts the lifespan and serves on `host:port` (127.0.0.1:8000 by default). SIGTERM handling is the runner's;
   * `server.close()` drains.
   */
  listen(options: ListenOptions = {}): Promise<RunningServer> {
    return serve(this, options);
  }

  /** @internal The app's WebSocket defaults, merged under each route's options. */
  get websocketDefaults(): Partial<WebSocketOptions> {
    return this.settings.websocket ?? {};
  }
}

installMethodShortcuts(App);

function isDecodable(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}
