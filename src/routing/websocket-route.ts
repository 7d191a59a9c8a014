import type { App } from "../app.ts";
import type { WebSocketRouteDefinition } from "./definitions.ts";
import { convertParams, type ParsedTemplate } from "./template.ts";
import { CompiledParams } from "./compiled-params.ts";
import { compileValidator } from "../params/validator.ts";
import { RequestValidationError, type Validator, type ValidationIssue } from "../params/issues.ts";
import { DependencyScope, resolvePlan } from "../dependencies/resolve.ts";
import type { ParamTarget } from "../http/param-extractors.ts";
import type { CheckedPlan } from "../dependencies/params.ts";
import type { Request } from "../http/request.ts";
import { ResponseDefaults } from "../http/response-defaults.ts";
import { BackgroundTasks } from "../http/background.ts";
import { resolveWebSocketOptions, type ResolvedWebSocketOptions, type WebSocketOptions } from "../websocket/options.ts";
import { WebSocketException } from "../websocket/errors.ts";
import type { WebSocket } from "../websocket/websocket.ts";

export type { WebSocketOptions };

/**
 * A WebSocket route compiled at registration, as an HTTP route is: options merged and checked, params extractors
 * and the dependency plan built (`CompiledParams`). The upgrade dispatcher opens each connection; `run` then
 * validates its params, resolves its dependencies (torn down when the connection ends) and runs the handler.
 */
export class WebSocketEndpoint {
  readonly definition: WebSocketRouteDefinition;
  readonly template: ParsedTemplate;
  readonly options: ResolvedWebSocketOptions;
  /** Params extractors and dependency plan, compiled as an HTTP route's are. */
  readonly params: CompiledParams;
  /** Compiled `messages.in` (a plain schema; a MessageRouter validates per message type itself). */
  readonly inValidator: Validator | undefined;
  private readonly app: App<any, any>;

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
    this.params = new CompiledParams(options, definition.deps, app.dependencyOverrides);
    const incoming = options.messages?.in;
    this.inValidator = incoming && !isMessageRouter(incoming) ? compileValidator(incoming, ["message"]) : undefined;
  }

  /** The router's params, converted (`{id:int}` → number). */
  pathParams(rawParams: Record<string, string>): Record<string, unknown> {
    return this.template.converts ? convertParams(rawParams, this.template) : rawParams;
  }

  /**
   * One connection: validate params, resolve deps, run the handler; teardown when it ends. Without dependencies
   * the handler's own promise is returned: no frame of ours stays suspended for the connection's life.
   */
  run(ws: WebSocket, request: Request): Promise<void> | void {
    request.pathParams = ws.pathParams;
    const target = new WebSocketHandlerContext(request, ws.pathParams);
    const issues: ValidationIssue[] = [];
    const checked = this.params.check(target, request, issues);
    // Unlike HTTP, nothing runs before invalid params are refused: the handshake is refused (or closed with 1008).
    if (issues.length > 0) {
      // Before accept, Skiff's session runner refuses the handshake (403) for a WebSocketException.
      const error = new RequestValidationError(issues);
      throw new WebSocketException(1008, truncate(error.message));
    }
    // Tracked (for shutdown's 1001) until the connection ends; the WebSocket tells the app then.
    if (ws.notifyOnEnd(this.app)) this.app.trackWebSocket(ws);
    if (checked === undefined) return this.definition.handler(ws, target) as Promise<void> | void;
    return this.runWithDependencies(ws, request, target, checked);
  }

  /** Only a route with dependencies needs a teardown scope, held for the connection's life. */
  private async runWithDependencies(ws: WebSocket, request: Request, target: WebSocketHandlerContext, checked: CheckedPlan): Promise<void> {
    const scope = new DependencyScope();
    let failure: unknown;
    try {
      const deps = await resolvePlan(
        this.params.plan,
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
      if (scope.size > 0) await scope.close(failure, (e) => request.exchange.errors.report(e, request));
    }
  }
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
    this.headers = request.head.headers as Record<string, unknown>;
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
  return { path: request.pathParams, query: request.queryObject, headers: request.head.headers as Record<string, unknown>, cookies: request.cookies };
}

function isMessageRouter(value: unknown): boolean {
  return typeof value === "object" && value !== null && typeof (value as { dispatch?: unknown }).dispatch === "function";
}

/** Close reasons are capped at 123 bytes by the protocol. */
function truncate(text: string): string {
  const bytes = Buffer.from(text);
  return bytes.length <= 123
    ? text
    : `${bytes
        .subarray(0, 120)
        .toString("utf8")
        .replace(/\uFFFD$/, "")}...`;
}
