import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { App } from "../app.ts";
import type { WebSocketRouteDefinition } from "./definitions.ts";
import { convertParams, type ParsedTemplate } from "./template.ts";
import { compileValidator } from "../params/validator.ts";
import { RequestValidationError, type Validator, type ValidationIssue } from "../params/issues.ts";
import { compilePlan, type DependencyPlan } from "../dependencies/plan.ts";
import { DependencyScope, resolvePlan } from "../dependencies/resolve.ts";
import { compileExtractors, type Extractor, type ParamTarget } from "../http/param-extractors.ts";
import { checkPlanParams, type CheckedPlan } from "../dependencies/params.ts";
import { Request } from "../http/request.ts";
import { ResponseDefaults } from "../http/response-defaults.ts";
import { BackgroundTasks } from "../http/background.ts";
import { serveWebSocket } from "../websocket/upgrade.ts";
import { WebSocketUrlOf } from "../websocket/handshake-request.ts";
import { connectInMemory, type InMemoryConnectInit } from "../testing/memory-peer.ts";
import { resolveWebSocketOptions, type ResolvedWebSocketOptions, type WebSocketOptions } from "../websocket/options.ts";
import { WebSocketException } from "../websocket/errors.ts";
import { endListener, type WebSocket } from "../websocket/websocket.ts";
import type { WebSocketTestSession } from "../testing/test-session.ts";

export type { WebSocketOptions };

/**
 * A WebSocket route compiled at registration: options merged and checked, params validators and the dependency
 * plan built. Each connection then validates its params, resolves its dependencies (torn down when the connection
 * ends) and runs the handler.
 */
export class WebSocketEndpoint {
  readonly definition: WebSocketRouteDefinition;
  readonly template: ParsedTemplate;
  readonly options: ResolvedWebSocketOptions;
  private readonly app: App<any, any>;
  private readonly extractors: Extractor[];
  private readonly inValidator: Validator | undefined;
  private plan: DependencyPlan;
  private planVersion: number;

  constructor(definition: WebSocketRouteDefinition, template: ParsedTemplate, app: App<any, any>) {
    this.definition = definition;
    this.template = template;
    this.app = app;
    const { options } = definition;
    this.options = resolveWebSocketOptions(app.websocketDefaults, {
      maxMessageSize: options.maxMessageSize,
      heartbeatInterval: options.heartbeatInterval,
      maxBufferedBytes: options.maxBufferedBytes,
      sendTimeout: options.sendTimeout,
      allowedOrigins: options.allowedOrigins,
      perMessageDeflate: options.perMessageDeflate,
      handshakeTimeout: options.handshakeTimeout,
    });
    this.plan = compilePlan(options.deps, definition.deps, app.dependencyOverrides);
    this.planVersion = app.dependencyOverrides.version;
    this.extractors = compileExtractors(options);
    const incoming = options.messages?.in;
    // A MessageRouter validates per message type itself; only a plain schema validates here.
    this.inValidator = incoming && !isMessageRouter(incoming) ? compileValidator(incoming, ["message"]) : undefined;
  }

  /** Serves one upgrade request on a real socket. */
  serve(req: IncomingMessage, socket: Duplex, head: Buffer, rawParams: Record<string, string>, request = this.requestFor(req)): void {
    const pathParams = this.pathParams(rawParams);
    void serveWebSocket(req, socket, head, this.options, (ws) => this.run(ws, request), {
      url: new WebSocketUrlOf(request),
      pathParams,
      requestId: request.id,
      inValidator: this.inValidator,
      logger: this.app.logger,
    });
  }

  /**
   * Opens an in-memory connection (the TestClient's `websocketConnect`). `request` is the one the app's WebSocket
   * middleware saw, when there is any.
   */
  connectInMemory(
    rawParams: Record<string, string>,
    init: Omit<InMemoryConnectInit, "requestId" | "pathParams" | "inValidator">,
    request = this.requestFor(inMemoryUpgradeRequest(init)),
  ): Promise<WebSocketTestSession> {
    return connectInMemory(this.options, (ws) => this.run(ws, request), {
      ...init,
      serverUrl: new WebSocketUrlOf(request),
      pathParams: this.pathParams(rawParams),
      requestId: request.id,
      inValidator: this.inValidator,
      logger: this.app.logger,
    });
  }

  private pathParams(rawParams: Record<string, string>): Record<string, unknown> {
    return this.template.converts ? convertParams(rawParams, this.template) : rawParams;
  }

  private requestFor(raw: IncomingMessage): Request {
    return upgradeRequest(this.app, raw);
  }

  /**
   * One connection: validate params, resolve deps, run the handler; teardown when it ends. Without dependencies
   * the handler's own promise is returned: no frame of ours stays suspended for the connection's life.
   */
  private run(ws: WebSocket, request: Request): Promise<void> | void {
    request.pathParams = ws.pathParams;
    const target = new WebSocketHandlerContext(request, ws.pathParams);
    if (this.planVersion !== this.app.dependencyOverrides.version) {
      this.plan = compilePlan(this.definition.options.deps, this.definition.deps, this.app.dependencyOverrides);
      this.planVersion = this.app.dependencyOverrides.version;
    }
    const issues: ValidationIssue[] = [];
    const checked = this.plan.nodes.length === 0 ? undefined : checkPlanParams(this.plan, request, issues);
    for (const extract of this.extractors) extract(target, request, issues);
    // Unlike HTTP, nothing runs before invalid params are refused: the handshake is refused (or closed with 1008).
    if (issues.length > 0) {
      // Before accept, Skiff's session runner refuses the handshake (403) for a WebSocketException.
      const error = new RequestValidationError(issues);
      throw new WebSocketException(1008, truncate(error.message));
    }
    // Tracked (for shutdown's 1001) until the connection ends; the WebSocket tells the app then.
    if (ws[endListener](this.app)) this.app.trackWebSocket(ws);
    if (checked === undefined) return this.definition.handler(ws, target) as Promise<void> | void;
    return this.runWithDependencies(ws, request, target, checked);
  }

  /** Only a route with dependencies needs a teardown scope, held for the connection's life. */
  private async runWithDependencies(ws: WebSocket, request: Request, target: WebSocketHandlerContext, checked: CheckedPlan): Promise<void> {
    const scope = new DependencyScope();
    let failure: unknown;
    try {
      const deps = await resolvePlan(
        this.plan,
        { ...rawParams(request), body: undefined, request, websocket: ws, response: new ResponseDefaults(), background: new BackgroundTasks() },
        scope,
        checked,
      );
      target.deps = deps;
      await this.definition.handler(ws, target);
    } catch (error) {
      failure = error;
      throw error;
    } finally {
      if (scope.size > 0) await scope.close(failure, (e) => this.app.reportError(e, request));
    }
  }
}

/** The upgrade request an in-memory connection stands for: what Request and the middleware read of it. */
export function inMemoryUpgradeRequest(init: Pick<InMemoryConnectInit, "url" | "headers" | "client">): IncomingMessage {
  const url = new URL(init.url);
  const headers: Record<string, string> = { host: url.host, ...lowercase(init.headers as Record<string, string> | undefined) };
  return {
    method: "GET",
    httpVersion: "1.1",
    url: `${url.pathname}${url.search}`,
    headers,
    socket: { remoteAddress: init.client?.host ?? "testclient", remotePort: init.client?.port ?? 50000, encrypted: url.protocol === "wss:" },
  } as unknown as IncomingMessage;
}

/** The Request an upgrade is seen as, before routing (for the WebSocket middleware). */
export function upgradeRequest(app: App<any, any>, raw: IncomingMessage): Request {
  const url = raw.url ?? "/";
  const q = url.indexOf("?");
  return new Request({
    raw,
    app,
    pathname: q === -1 ? url : url.slice(0, q),
    search: q === -1 ? "" : url.slice(q + 1),
    bodyLimit: 0,
    trustProxy: app.settings.trustProxy ?? false,
  });
}

/**
 * The handler's second argument (`{ path, query, headers, cookies, deps, request }`). Validated params are assigned
 * by the compiled extractors; undeclared query and cookies are parsed from the request only if read, so an idle
 * connection does not keep them.
 */
class WebSocketHandlerContext implements ParamTarget {
  path: Record<string, unknown>;
  headers: Record<string, unknown>;
  deps: Record<string, unknown> = {};
  readonly request: Request;
  private _query: Record<string, unknown> | undefined;
  private _cookies: Record<string, unknown> | undefined;

  constructor(request: Request, path: Record<string, unknown>) {
    this.request = request;
    this.path = path;
    this.headers = request.raw.headers as Record<string, unknown>;
  }

  get query(): Record<string, unknown> {
    return (this._query ??= this.request.queryObject);
  }
  set query(value: Record<string, unknown>) {
    this._query = value;
  }

  get cookies(): Record<string, unknown> {
    return (this._cookies ??= this.request.cookies);
  }
  set cookies(value: Record<string, unknown>) {
    this._cookies = value;
  }

}

/** The request's params as they came, for dependencies that do not declare a location. */
function rawParams(request: Request): ParamTarget {
  return { path: request.pathParams, query: request.queryObject, headers: request.raw.headers as Record<string, unknown>, cookies: request.cookies };
}

function isMessageRouter(value: unknown): boolean {
  return typeof value === "object" && value !== null && typeof (value as { dispatch?: unknown }).dispatch === "function";
}

function lowercase(headers: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) out[k.toLowerCase()] = v;
  return out;
}

/** Close reasons are capped at 123 bytes by the protocol. */
function truncate(text: string): string {
  const bytes = Buffer.from(text);
  return bytes.length <= 123 ? text : bytes.subarray(0, 120).toString("utf8").replace(/\uFFFD$/, "") + "...";
}
