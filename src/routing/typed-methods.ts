import type {
  HandlerContext,
  HandlerReturn,
  HttpMethod,
  MakeHttpRoute,
  MakeWebSocketRoute,
  PrefixRoutes,
  RouteOptions,
  RouteType,
  WebSocketHandler,
  WebSocketRouteOptions,
} from "../types.ts";
import type { App } from "../app.ts";
import type { APIRouter } from "./api-router.ts";
import type { IncludeOptions } from "./collector.ts";

/** `Self` with one more route in its type: how `app.get(...)` returns the app "typed with the route it adds". */
export type AddRoute<Self, X extends RouteType> = Self extends App<infer Routes, infer State>
  ? App<Routes | X, State>
  : Self extends APIRouter<infer Routes, infer Prefix>
    ? APIRouter<Routes | X, Prefix>
    : Self;

/**
 * One route method (`get`, `post`, …). The path literal types `ctx.path`; the options' schemas type the rest of the
 * context, and a `response` schema checks what the handler returns.
 */
export interface RouteMethod<M extends HttpMethod, Self, Prefix extends string> {
  <const P extends string, R>(path: P, handler: (ctx: HandlerContext<`${Prefix}${P}`, {}>) => R): AddRoute<Self, MakeHttpRoute<M, `${Prefix}${P}`, {}, R>>;
  <const P extends string, const O extends RouteOptions, R extends HandlerReturn<O>>(
    path: P,
    options: O,
    handler: (ctx: HandlerContext<`${Prefix}${P}`, O>) => R,
  ): AddRoute<Self, MakeHttpRoute<M, `${Prefix}${P}`, O, R>>;
}

export interface WebSocketMethod<Self, Prefix extends string> {
  <const P extends string>(path: P, handler: WebSocketHandler<`${Prefix}${P}`, {}>): AddRoute<Self, MakeWebSocketRoute<`${Prefix}${P}`, {}>>;
  <const P extends string, const O extends WebSocketRouteOptions>(
    path: P,
    options: O,
    handler: WebSocketHandler<`${Prefix}${P}`, O>,
  ): AddRoute<Self, MakeWebSocketRoute<`${Prefix}${P}`, O>>;
}

/** `includeRouter`: the included routes get the include prefix and, on a router, that router's own prefix too. */
export interface IncludeRouterMethod<Self, Prefix extends string = ""> {
  <R extends RouteType, const IP extends string = "">(
    router: APIRouter<R, any>,
    options?: IncludeOptions & { prefix?: IP },
  ): AddRoute<Self, PrefixRoutes<R, `${Prefix}${IP}`> & RouteType>;
}

/** The methods App and APIRouter both declare; the runtime comes from `RouteCollector`. */
export interface TypedRouteMethods<Self, Prefix extends string> {
  get: RouteMethod<"get", Self, Prefix>;
  post: RouteMethod<"post", Self, Prefix>;
  put: RouteMethod<"put", Self, Prefix>;
  delete: RouteMethod<"delete", Self, Prefix>;
  patch: RouteMethod<"patch", Self, Prefix>;
  head: RouteMethod<"head", Self, Prefix>;
  options: RouteMethod<"options", Self, Prefix>;
  trace: RouteMethod<"trace", Self, Prefix>;
}
