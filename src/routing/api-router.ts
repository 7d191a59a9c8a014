import type { RouteType } from "../types.ts";
import type { Dependency } from "../dependencies/depends.ts";
import { entriesOf } from "../dependencies/plan.ts";
import { RouteCollector, installMethodShortcuts, withResponses } from "./collector.ts";
import type { ResponsesOption } from "../types.ts";
import type { RouteDefinition } from "./definitions.ts";
import { joinPaths } from "./template.ts";
import type { RouterIncludeRouter, RouterRouteMethod, RouterWebSocketMethod } from "./typed-methods.ts";

/**
 * Options of `new APIRouter()`: a prefix, tags, dependencies and documented responses for all its routes.
 */
export interface APIRouterOptions<Prefix extends string = ""> {
  /** Path prefix for every route (no trailing slash), e.g. `"/ws"`. */
  prefix?: Prefix;
  /** OpenAPI tags added to every route. */
  tags?: readonly string[];
  /** Dependencies run for every route of this router. */
  deps?: readonly Dependency<any, any>[];
  /** Extra documented responses for every route of this router (e.g. `{ 404: { description: "Not found" } }`). */
  responses?: ResponsesOption;
}

/**
 * A group of routes mounted with `app.includeRouter(router)` (FastAPI's `APIRouter`).
 * @example
 * const router = new APIRouter({ prefix: "/ws", tags: ["websocket"] });
 * router.websocket("/chat", async (ws) => { await ws.accept(); });
 * app.includeRouter(router);
 */
export class APIRouter<Routes extends RouteType = never, Prefix extends string = ""> extends RouteCollector {
  readonly prefix: string;
  readonly tags: readonly string[];
  readonly deps: readonly Dependency[];
  readonly responses: ResponsesOption | undefined;
  private readonly definitions: RouteDefinition[] = [];
  declare readonly __routes: Routes;

  declare get: RouterRouteMethod<"get", Prefix>;
  declare post: RouterRouteMethod<"post", Prefix>;
  declare put: RouterRouteMethod<"put", Prefix>;
  declare delete: RouterRouteMethod<"delete", Prefix>;
  declare patch: RouterRouteMethod<"patch", Prefix>;
  declare head: RouterRouteMethod<"head", Prefix>;
  declare options: RouterRouteMethod<"options", Prefix>;
  declare trace: RouterRouteMethod<"trace", Prefix>;
  declare websocket: RouterWebSocketMethod<Prefix>;
  declare includeRouter: RouterIncludeRouter<Prefix>;

  constructor(options: APIRouterOptions<Prefix> = {}) {
    super();
    this.prefix = options.prefix ?? "";
    joinPaths(this.prefix, "/"); // validates the prefix early, naming it
    this.tags = [...(options.tags ?? [])];
    this.deps = entriesOf(options.deps as Dependency[] | undefined).unnamed;
    this.responses = options.responses;
  }

  get routes(): readonly RouteDefinition[] {
    return this.definitions;
  }

  /** @internal */
  protected addDefinition(definition: RouteDefinition): void {
    this.definitions.push({
      ...withResponses(definition, this.responses),
      path: joinPaths(this.prefix, definition.path),
      tags: [...new Set([...this.tags, ...definition.tags])],
      deps: [...this.deps, ...definition.deps],
    } as RouteDefinition);
  }
}

installMethodShortcuts(APIRouter);
