import type { ResponsesOption, RouteOptions, WebSocketRouteOptions } from "../types.ts";
import type { Dependency } from "../dependencies/depends.ts";
import { entriesOf } from "../dependencies/plan.ts";
import { joinPaths } from "./template.ts";
import { HTTP_METHODS, type RouteDefinition } from "./definitions.ts";

export interface IncludeOptions {
  prefix?: string;
  tags?: readonly string[];
  deps?: readonly Dependency<any, any>[];
  /** Extra documented responses for every included route; a route's own for the same status win. */
  responses?: ResponsesOption;
}

/**
 * What App and APIRouter share: route registration as plain definitions. Subclasses decide what registering means
 * (the app compiles and mounts; a router keeps them until it is included).
 */
export abstract class RouteCollector {
  /** @internal */
  protected abstract addDefinition(definition: RouteDefinition): void;

  /** Every route registered here, prefixes applied (read-only view for docs and tests). */
  abstract get routes(): readonly RouteDefinition[];

  /**
   * Registers one handler for several methods.
   * @example app.route(["GET", "POST"], "/echo", ({ request }) => request.method)
   */
  route(methods: readonly string[], path: string, optionsOrHandler: RouteOptions | ((ctx: any) => unknown), handler?: (ctx: any) => unknown): this {
    const [options, fn] = splitArgs<RouteOptions>(optionsOrHandler, handler, `${methods.join("/")} ${path}`);
    this.addDefinition({
      kind: "http",
      methods: methods.map((m) => m.toUpperCase()),
      path,
      options,
      handler: fn,
      tags: [...(options.tags ?? [])],
      deps: [],
    });
    return this;
  }

  protected registerWebSocket(
    path: string,
    optionsOrHandler: WebSocketRouteOptions | ((ws: any, ctx: any) => unknown),
    handler?: (ws: any, ctx: any) => unknown,
  ): this {
    const [options, fn] = splitArgs<WebSocketRouteOptions>(optionsOrHandler, handler, `websocket ${path}`);
    this.addDefinition({ kind: "ws", path, options, handler: fn, tags: [...(options.tags ?? [])], deps: [] });
    return this;
  }

  /** Adds every route of `router` under its prefix (and `options.prefix` before it). */
  protected registerRouter(router: { readonly routes: readonly RouteDefinition[] }, options: IncludeOptions = {}): this {
    const prefix = options.prefix ?? "";
    joinPaths(prefix, "/"); // validates the prefix
    const tags = [...(options.tags ?? [])];
    const deps = entriesOf(options.deps as Dependency[] | undefined).unnamed;
    for (const definition of router.routes) {
      this.addDefinition({
        ...withResponses(definition, options.responses),
        path: joinPaths(prefix, definition.path),
        tags: dedupe([...tags, ...definition.tags]),
        deps: [...deps, ...definition.deps],
      } as RouteDefinition);
    }
    return this;
  }
}

/**
 * An HTTP route with a router's (or an include's) extra responses under its own, as FastAPI merges them: the route's
 * entry wins for a status both declare.
 */
export function withResponses(definition: RouteDefinition, responses: ResponsesOption | undefined): RouteDefinition {
  if (responses === undefined || definition.kind !== "http") return definition;
  return { ...definition, options: { ...definition.options, responses: { ...responses, ...definition.options.responses } } };
}

type AnyHandler = (...args: any[]) => unknown;

function splitArgs<O extends object>(optionsOrHandler: O | AnyHandler, handler: AnyHandler | undefined, where: string): [O, AnyHandler] {
  if (typeof optionsOrHandler === "function") return [{} as O, optionsOrHandler];
  if (typeof handler !== "function") {
    throw new TypeError(`Route ${where} needs a handler function as its last argument.`);
  }
  return [(optionsOrHandler ?? {}) as O, handler];
}

function dedupe(values: string[]): string[] {
  return [...new Set(values)];
}

/**
 * Installs `get/post/…`, `websocket` and `includeRouter` on a collector's prototype. Their precise types live in the
 * class declarations (`declare get: AppRouteMethod<"get">`): one runtime, typed per class.
 */
export function installMethodShortcuts(target: { prototype: RouteCollector }): void {
  const proto = target.prototype as unknown as Record<string, unknown>;
  proto.websocket = function (this: RouteCollector, ...args: unknown[]) {
    return (this as unknown as { registerWebSocket: (...a: unknown[]) => unknown }).registerWebSocket(...args);
  };
  proto.includeRouter = function (this: RouteCollector, ...args: unknown[]) {
    return (this as unknown as { registerRouter: (...a: unknown[]) => unknown }).registerRouter(...args);
  };
  for (const method of HTTP_METHODS) {
    Object.defineProperty(target.prototype, method, {
      value(this: RouteCollector, path: string, optionsOrHandler: RouteOptions | ((ctx: any) => unknown), handler?: (ctx: any) => unknown) {
        return this.route([method], path, optionsOrHandler, handler);
      },
      writable: true,
      configurable: true,
    });
  }
}
