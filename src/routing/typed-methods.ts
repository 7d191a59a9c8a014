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

// Each method returns its receiver "typed with the route it adds": `App<Routes | NewRoute, State>`. The receiver's
// routes are inferred from a `this` parameter rather than read from the class's `this` type on purpose: a class's
// `this` is substituted before the call's own type parameters are inferred, so TypeScript would re-instantiate the
// whole route union once more for every call (quadratic in the number of routes). Inferred from `this`, the union
// is only copied, and each route costs the same whether it is the 10th or the 1,000th.

/** A route's handler: the path literal types `ctx.path`, the options' schemas the rest of the context. */
type RouteHandler<P extends string, O, R> = (ctx: HandlerContext<P, O>) => R;

/**
 * `app.get(path, options?, handler)` and the other HTTP methods. A `response` schema checks what the handler returns.
 */
export interface AppRouteMethod<M extends HttpMethod> {
  <Routes extends RouteType, State extends object, const P extends string, R>(
    this: App<Routes, State>,
    path: P,
    handler: RouteHandler<P, {}, R>,
  ): App<Routes | MakeHttpRoute<M, P, {}, R>, State>;
  <Routes extends RouteType, State extends object, const P extends string, const O extends RouteOptions, R extends HandlerReturn<O>>(
    this: App<Routes, State>,
    path: P,
    options: O,
    handler: RouteHandler<P, O, R>,
  ): App<Routes | MakeHttpRoute<M, P, O, R>, State>;
}

/** `router.get(path, options?, handler)`: as on the app, with the router's prefix in the route's path. */
export interface RouterRouteMethod<M extends HttpMethod, Prefix extends string> {
  <Routes extends RouteType, const P extends string, R>(
    this: APIRouter<Routes, Prefix>,
    path: P,
    handler: RouteHandler<`${Prefix}${P}`, {}, R>,
  ): APIRouter<Routes | MakeHttpRoute<M, `${Prefix}${P}`, {}, R>, Prefix>;
  <Routes extends RouteType, const P extends string, const O extends RouteOptions, R extends HandlerReturn<O>>(
    this: APIRouter<Routes, Prefix>,
    path: P,
    options: O,
    handler: RouteHandler<`${Prefix}${P}`, O, R>,
  ): APIRouter<Routes | MakeHttpRoute<M, `${Prefix}${P}`, O, R>, Prefix>;
}

/** `app.websocket(path, options?, handler)`. */
export interface AppWebSocketMethod {
  <Routes extends RouteType, State extends object, const P extends string>(
    this: App<Routes, State>,
    path: P,
    handler: WebSocketHandler<P, {}>,
  ): App<Routes | MakeWebSocketRoute<P, {}>, State>;
  <Routes extends RouteType, State extends object, const P extends string, const O extends WebSocketRouteOptions>(
    this: App<Routes, State>,
    path: P,
    options: O,
    handler: WebSocketHandler<P, O>,
  ): App<Routes | MakeWebSocketRoute<P, O>, State>;
}

/** `router.websocket(path, options?, handler)`. */
export interface RouterWebSocketMethod<Prefix extends string> {
  <Routes extends RouteType, const P extends string>(
    this: APIRouter<Routes, Prefix>,
    path: P,
    handler: WebSocketHandler<`${Prefix}${P}`, {}>,
  ): APIRouter<Routes | MakeWebSocketRoute<`${Prefix}${P}`, {}>, Prefix>;
  <Routes extends RouteType, const P extends string, const O extends WebSocketRouteOptions>(
    this: APIRouter<Routes, Prefix>,
    path: P,
    options: O,
    handler: WebSocketHandler<`${Prefix}${P}`, O>,
  ): APIRouter<Routes | MakeWebSocketRoute<`${Prefix}${P}`, O>, Prefix>;
}

/** `app.includeRouter(router, { prefix })`: the router's routes, under the include prefix. */
export interface AppIncludeRouter {
  <Routes extends RouteType, State extends object, Included extends RouteType, const IP extends string = "">(
    this: App<Routes, State>,
    router: APIRouter<Included, any>,
    options?: IncludeOptions & { prefix?: IP },
  ): App<Routes | (PrefixRoutes<Included, IP> & RouteType), State>;
}

/** `router.includeRouter(child, { prefix })`: the child's routes under the include prefix and this router's own. */
export interface RouterIncludeRouter<Prefix extends string> {
  <Routes extends RouteType, Included extends RouteType, const IP extends string = "">(
    this: APIRouter<Routes, Prefix>,
    router: APIRouter<Included, any>,
    options?: IncludeOptions & { prefix?: IP },
  ): APIRouter<Routes | (PrefixRoutes<Included, `${Prefix}${IP}`> & RouteType), Prefix>;
}
