import type { RouteOptions, WebSocketRouteOptions } from "../types.ts";
import type { Dependency } from "../dependencies/depends.ts";

/** A registered HTTP route as plain data: what the app compiles and what OpenAPI documents. */
export interface HttpRouteDefinition {
  kind: "http";
  methods: string[];
  /** Full template, prefixes applied. */
  path: string;
  options: RouteOptions;
  handler: (ctx: any) => unknown;
  /** Router tags first, then the route's own. */
  tags: string[];
  /** App-, include- and router-level deps, outermost first (run for their effect). */
  deps: Dependency[];
}

export interface WebSocketRouteDefinition {
  kind: "ws";
  path: string;
  options: WebSocketRouteOptions;
  handler: (ws: any, ctx: any) => unknown;
  tags: string[];
  deps: Dependency[];
}

export type RouteDefinition = HttpRouteDefinition | WebSocketRouteDefinition;

/**
 * Marks a route Skiff itself registers (the docs pages): app-level dependencies do not apply to it, as FastAPI's docs
 * routes are not guarded by the app's dependencies. Declared with the other internal keys.
 */
export { INTERNAL_ROUTE } from "../internal/symbols.ts";

export const HTTP_METHODS = ["get", "post", "put", "delete", "patch", "head", "options", "trace"] as const;
