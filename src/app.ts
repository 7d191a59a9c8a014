import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import type { RouteType } from "./types.ts";
import type { Dependency } from "./dependencies/depends.ts";
import { entriesOf } from "./dependencies/plan.ts";
import { DependencyOverrides } from "./dependencies/overrides.ts";
import { RouteCollector, installMethodShortcuts } from "./routing/collector.ts";
import { INTERNAL_ROUTE, type HttpRouteDefinition, type RouteDefinition, type WebSocketRouteDefinition } from "./routing/definitions.ts";
import { AppRoutes } from "./routing/app-routes.ts";
import { parseTemplate } from "./routing/template.ts";
import type { AppIncludeRouter, AppRouteMethod, AppWebSocketMethod } from "./routing/typed-methods.ts";
import { Endpoint, type EndpointEnv } from "./http/endpoint.ts";
import type { Request } from "./http/request.ts";
import { DEFAULT_BODY_LIMIT } from "./http/body.ts";
import { DEFAULT_REQUEST_LIMITS, type RequestLimits } from "./http/request-limits.ts";
import type { ExceptionHandler } from "./http/exception-handlers.ts";
import type { Response } from "./responses/response.ts";
import type { Middleware } from "./middleware/compose.ts";
import { LifespanRunner } from "./server/lifespan.ts";
import { ErrorRendering } from "./server/error-rendering.ts";
import { HttpDispatcher } from "./server/http-dispatch.ts";
import { UpgradeDispatcher } from "./server/upgrade-dispatch.ts";
import type { FetchConnectionInfo } from "./server/fetch-adapter.ts";
import { createLogger, type Logger } from "./logging/logger.ts";
import { WebSocketEndpoint, type WebSocketOptions } from "./routing/websocket-route.ts";
import type { WebSocket } from "./websocket/websocket.ts";
import type { UpgradeChannel } from "./websocket/upgrade.ts";
import { serve, type ListenOptions, type RunningServer } from "./server/serve.ts";
import { checkAppOptions, type AppOptions } from "./app-options.ts";

export type { AppOptions };
import { generateAsyncAPI, generateOpenAPI, installDocs } from "./openapi/index.ts";

/**
 * The application (FastAPI's `FastAPI()`): registers routes, routers, middleware, exception handlers and the
 * lifespan, and hands requests to its dispatchers (server/http-dispatch.ts, server/upgrade-dispatch.ts).
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
  readonly #routes: AppRoutes;
  /** Whether a WebSocket route was added (`app.fetch` looks for upgrades only then). */
  #hasWebSockets = false;
  readonly #errors: ErrorRendering;
  readonly #http: HttpDispatcher;
  readonly #upgrades: UpgradeDispatcher;
  readonly #middlewares: Middleware[] = [];
  readonly #upgradeMiddlewares: Middleware[] = [];
  readonly #appDeps: Dependency[];
  readonly #lifespan: LifespanRunner<App<any, State>, Partial<State>>;
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
    this.requestLimits = {
      maxUrlLength: options.maxUrlLength ?? DEFAULT_REQUEST_LIMITS.maxUrlLength,
      maxQueryParams: options.maxQueryParams ?? DEFAULT_REQUEST_LIMITS.maxQueryParams,
      maxHeaderCount: options.maxHeaderCount ?? DEFAULT_REQUEST_LIMITS.maxHeaderCount,
    };
    this.#endpointEnv = {
      bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
      formLimits: options.formLimits,
      overrides: this.dependencyOverrides,
    };
    this.#routes = new AppRoutes(this.dependencyOverrides);
    this.#errors = new ErrorRendering(this.logger, this.debug);
    this.#http = new HttpDispatcher(this, this.#routes, this.#errors, {
      limits: this.requestLimits,
      bodyLimit: this.#endpointEnv.bodyLimit,
      redirectSlashes: options.redirectSlashes ?? true,
      timeout: options.timeout,
    });
    this.#upgrades = new UpgradeDispatcher(this, this.#routes, this.#errors, this.requestLimits);
    this.handle = this.#http.handle;
    // Bun resolves an upgraded handshake with undefined: its server took the connection (hence the cast).
    // Reading a Web request's headers costs the host a copy of them: an app without WebSocket routes never looks.
    this.fetch = (request, info) =>
      this.#hasWebSockets && isWebSocketUpgrade(request)
        ? (this.#upgrades.fetchUpgrade(request, info) as Promise<globalThis.Response>)
        : this.#http.fetch(request, info);
    this.handleUpgrade = this.#upgrades.handleUpgrade;
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
    this.#errors.handlers.add(key, handler);
    return this;
  }

  /**
   * Adds HTTP middleware (FastAPI's `@app.middleware("http")`); the first added runs outermost.
   * @example app.middleware(async (request, next) => { const res = await next(request); res.headers.set("x-t", "1"); return res; })
   */
  middleware(fn: Middleware): this {
    this.#middlewares.push(fn);
    this.#http.useMiddleware(this.#middlewares);
    if (fn.websocket) {
      this.#upgradeMiddlewares.push(fn);
      this.#upgrades.useMiddleware(this.#upgradeMiddlewares);
    }
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
    this.#routes.addHttp(definition.methods, template, new Endpoint(definition, template, this.#endpointEnv));
  }

  #mountWebSocket(definition: WebSocketRouteDefinition): void {
    this.#hasWebSockets = true;
    const template = parseTemplate(definition.path);
    this.#routes.addWebSocket(template, new WebSocketEndpoint(definition, template, this));
  }

  // ---- requests ---------------------------------------------------------------------------------------------

  /** Node's request listener: `http.createServer(app.handle)`. */
  readonly handle: (req: IncomingMessage, res: ServerResponse) => void;

  /**
   * A Web fetch handler: `Deno.serve(app.fetch)`, `Bun.serve({ fetch: app.fetch, websocket: bunWebSocket })`, or
   * any host that speaks `Request` → `Response`. WebSocket routes work on Deno and Bun (their upgrade hooks).
   * @example Deno.serve({ port: 8000 }, app.fetch);
   */
  readonly fetch: (request: globalThis.Request, info?: FetchConnectionInfo) => Promise<globalThis.Response>;

  /** Node's `upgrade` listener: `server.on("upgrade", app.handleUpgrade)`. */
  readonly handleUpgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

  /** @internal Serves one upgrade request on another channel (the TestClient's in-memory peer). */
  dispatchUpgrade(req: IncomingMessage, channel: UpgradeChannel): Promise<void> {
    return this.#upgrades.dispatch(req, channel);
  }

  /** @internal Error → response: the user's handler, then FastAPI's defaults, then 500. */
  renderError(error: unknown, request: Request): Response | Promise<Response> {
    return this.#errors.render(error, request);
  }

  /** @internal Logs an error no response can carry any more (or that became a 5xx), with the request it belongs to. */
  reportError(error: unknown, request?: Request, message?: string): void {
    this.#errors.report(error, request, message);
  }

  // ---- WebSockets --------------------------------------------------------------------------------------------

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
    await Promise.allSettled([...this.#liveWebSockets].map((ws) => (ws.applicationState === "CONNECTED" ? ws.close(code, reason) : undefined)));
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

function isWebSocketUpgrade(request: globalThis.Request): boolean {
  return request.headers.get("upgrade")?.toLowerCase() === "websocket";
}
