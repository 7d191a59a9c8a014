/**
 * Type-level core: path-template inference, the handler context each route's options produce, and the route
 * descriptors that accumulate in `App<Routes>` so a typed client can be derived from `typeof app`.
 */
import type { AnySchema, Infer, InferInput, ParamShape, ShapeInfer, ShapeInferInput } from "./params/schema.ts";
import type { Request } from "./http/request.ts";
import type { Response } from "./responses/response.ts";
import type { ResponseDefaults } from "./http/response-defaults.ts";
import type { BackgroundTasks } from "./http/background.ts";
import type { Dependency, DependencySpec, DepsClientParts } from "./dependencies/depends.ts";
import type { WebSocket } from "./websocket/websocket.ts";
import type { WebSocketOptions } from "./websocket/options.ts";
import type { MessageRouter } from "./websocket/message-router.ts";
import type { FormLimits } from "./forms/limits.ts";
import type { FieldSelection } from "./params/response-shaping.ts";

export type Simplify<T> = { [K in keyof T]: T[K] } & {};
export type MaybePromise<T> = T | Promise<T>;

// ---- path templates -------------------------------------------------------------------------------------------

type ConvertorValue<C extends string> = C extends "int" | "float" ? number : string;

type ParamOf<Inner extends string> = Inner extends `${infer Name}:${infer Convertor}`
  ? { [K in Name]: ConvertorValue<Convertor> }
  : { [K in Inner]: string };

type CollectParams<P extends string> = P extends `${string}{${infer Inner}}${infer Rest}` ? ParamOf<Inner> & CollectParams<Rest> : {};

/** `"/items/{id:int}/{name}"` → `{ id: number; name: string }`. */
export type PathParams<P extends string> = Simplify<CollectParams<P>>;

/** The OpenAPI form of a template: convertors dropped (`/items/{id:int}` → `/items/{id}`). */
export type OpenApiPath<P extends string> = P extends `${infer Head}{${infer Name}:${string}}${infer Rest}`
  ? `${Head}{${Name}}${OpenApiPath<Rest>}`
  : P;

// ---- route options --------------------------------------------------------------------------------------------

export type DepsOption = { readonly [name: string]: Dependency<any, any> } | readonly Dependency<any, any>[];

/** Extra documented responses by status (a schema, or `{ description?, schema? }`), on routes and routers. */
export type ResponsesOption = { readonly [status: number]: AnySchema | { description?: string; schema?: AnySchema } };

/** A `Response` subclass: constructed as `new Class(returnedValue, { status })`. */
export type ResponseClass = (new (content: any, init?: { status?: number }) => Response) & { readonly mediaType: string | null };

/** Options shared by every route method (`app.get(path, options, handler)`). */
export interface RouteOptions {
  /** Schemas for path params (override the types inferred from the template). */
  path?: ParamShape;
  query?: ParamShape;
  headers?: ParamShape;
  cookies?: ParamShape;
  /** JSON body schema. */
  body?: AnySchema;
  /** URL-encoded or multipart form fields. */
  form?: AnySchema;
  /** Multipart file fields (`t.File()`). */
  files?: ParamShape;
  /** Validates, filters and documents the success body. */
  response?: AnySchema;
  /** With `response`: leave out fields the handler's value did not set (FastAPI's `response_model_exclude_unset`). */
  responseExcludeUnset?: boolean;
  /** With `response`: leave out fields equal to their default (`response_model_exclude_defaults`). */
  responseExcludeDefaults?: boolean;
  /** With `response`: leave out `null` fields (`response_model_exclude_none`). */
  responseExcludeNone?: boolean;
  /** With `response`: send only these fields, e.g. `["name", "description"]` or `{ owner: ["name"] }`. */
  responseInclude?: FieldSelection;
  /** With `response`: never send these fields, e.g. `["tax"]` or `{ owner: ["email"] }`. */
  responseExclude?: FieldSelection;
  /** Other documented responses by status. */
  responses?: ResponsesOption;
  /**
   * The response class for what the handler returns (FastAPI's `response_class`): `HTMLResponse` sends a returned
   * string as HTML, `FileResponse` a returned path as the file, `StreamingResponse` a returned iterable; OpenAPI
   * documents its media type. A returned `Response` is still sent as it is.
   */
  responseClass?: ResponseClass;
  /** Status of the success response (default 200). */
  status?: number;
  deps?: DepsOption;
  tags?: readonly string[];
  summary?: string;
  description?: string;
  deprecated?: boolean;
  operationId?: string;
  includeInSchema?: boolean;
  /** Request body cap in bytes (default: the app's `bodyLimit`, 1 MiB). */
  bodyLimit?: number;
  /** Multipart/urlencoded limits for this route (default: the app's `formLimits`). */
  formLimits?: Partial<FormLimits>;
  /** Ms this route may take to produce its response before the client gets 504 (default: the app's `timeout`, none). */
  timeout?: number;
}

/**
 * Options of `app.websocket(path, options, handler)`: params, dependencies, message schemas and limits.
 */
export interface WebSocketRouteOptions extends WebSocketOptions {
  path?: ParamShape;
  query?: ParamShape;
  headers?: ParamShape;
  cookies?: ParamShape;
  deps?: DepsOption;
  /** `in`: a schema, or a `MessageRouter` whose handlers' schemas document (and type) the incoming messages. */
  messages?: { in?: AnySchema | MessageRouter<any, any>; out?: AnySchema };
  tags?: readonly string[];
  summary?: string;
  description?: string;
  includeInSchema?: boolean;
}

// ---- what handlers and dependencies receive -------------------------------------------------------------------

type PathOf<P extends string, O> = O extends { path: infer S extends ParamShape }
  ? Simplify<Omit<PathParams<P>, keyof S> & ShapeInfer<S>>
  : PathParams<P>;
type ShapeOr<O, K extends string, Fallback> = O extends { [Q in K]: infer S extends ParamShape } ? ShapeInfer<S> : Fallback;

type RawQuery = Record<string, string | string[] | undefined>;
type RawHeaders = Record<string, string | string[] | undefined>;
type RawCookies = Record<string, string | undefined>;

type BodyOf<O> = O extends { body: infer S extends AnySchema } ? Infer<S> : O extends { form: infer S extends AnySchema } ? Infer<S> : undefined;

type DepValue<D> = D extends Dependency<infer T, any> ? T : never;
export type DepsOf<O> = O extends { deps: infer D } ? (D extends readonly unknown[] ? {} : { [K in keyof D]: DepValue<D[K]> }) : {};

/** The handler's argument: validated inputs plus the request and response helpers. */
export interface HandlerContext<P extends string = string, O = {}> {
  path: PathOf<P, O>;
  query: ShapeOr<O, "query", RawQuery>;
  headers: ShapeOr<O, "headers", RawHeaders>;
  cookies: ShapeOr<O, "cookies", RawCookies>;
  body: BodyOf<O>;
  files: ShapeOr<O, "files", {}>;
  deps: Simplify<DepsOf<O>>;
  request: Request;
  /** Headers, cookies and status to add to the response. */
  response: ResponseDefaults;
  /** Tasks to run after the response is sent. */
  background: BackgroundTasks;
}

/** A dependency's argument: its own declared params and deps; `websocket` is set on WebSocket routes. */
export interface DependencyContext<S extends DependencySpec = {}> {
  path: ShapeOr<S, "path", Record<string, unknown>>;
  query: ShapeOr<S, "query", RawQuery>;
  headers: ShapeOr<S, "headers", RawHeaders>;
  cookies: ShapeOr<S, "cookies", RawCookies>;
  body: BodyOf<S>;
  deps: Simplify<DepsOf<S>>;
  request: Request;
  websocket: WebSocket | undefined;
  response: ResponseDefaults;
  background: BackgroundTasks;
}

/**
 * What a WebSocket handler receives besides the socket: validated path, query, headers, cookies and dependencies.
 */
export interface WebSocketContext<P extends string = string, O = {}> {
  path: PathOf<P, O>;
  query: ShapeOr<O, "query", RawQuery>;
  headers: ShapeOr<O, "headers", RawHeaders>;
  cookies: ShapeOr<O, "cookies", RawCookies>;
  deps: Simplify<DepsOf<O>>;
  request: Request;
}

export type HandlerReturn<O> = O extends { response: infer S extends AnySchema } ? MaybePromise<InferInput<S> | Response> : unknown;

export type Handler<P extends string, O, R> = (ctx: HandlerContext<P, O>) => R;

type MessageIn<O> = O extends { messages: { in: infer S } }
  ? S extends MessageRouter<any, infer M>
    ? M
    : S extends AnySchema
      ? Infer<S>
      : unknown
  : unknown;
type MessageOut<O> = O extends { messages: { out: infer S extends AnySchema } } ? InferInput<S> : unknown;

export type WebSocketHandler<P extends string, O> = (ws: WebSocket<MessageIn<O>, MessageOut<O>>, ctx: WebSocketContext<P, O>) => unknown;

// ---- route descriptors: what `typeof app` knows ---------------------------------------------------------------

export type HttpMethod = "get" | "post" | "put" | "delete" | "patch" | "head" | "options" | "trace";

/** One HTTP route as the typed client sees it. */
export interface HttpRouteType {
  kind: "http";
  method: HttpMethod;
  path: string;
  input: unknown;
  output: unknown;
  status: number;
  errors: unknown;
}

/** One WebSocket route as the typed client sees it. */
export interface WebSocketRouteType {
  kind: "ws";
  path: string;
  input: unknown;
  in: unknown;
  out: unknown;
}

/**
 * One route of an app, as types see it: HTTP or WebSocket.
 */
export type RouteType = HttpRouteType | WebSocketRouteType;

type InputShape<O, K extends string> = O extends { [Q in K]: infer S extends ParamShape } ? ShapeInferInput<S> : never;

type ClientPath<P extends string, O> = O extends { path: infer S extends ParamShape }
  ? Simplify<Omit<PathParams<P>, keyof S> & ShapeInferInput<S>>
  : PathParams<P>;

// What the route's deps add (src/dependencies/depends.ts `ClientPart`): their params, a form one reads itself, the
// errors a security scheme answers. Each dependency's type already carries its own deps' parts, so this looks one
// level down however deep the graph is. App-, router- and include-level deps are not in the route's type.
type DepParts<O> = O extends { deps: infer D } ? DepsClientParts<D> : never;
type Intersect<U> = [U] extends [never] ? never : (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
/** One part (`query`, `errors`…) of all the deps' parts, intersected; `never` when no dependency has it. */
type DepPart<X, K extends string> = Intersect<X extends { readonly [Q in K]: infer V } ? V : never>;
/** `Own` over `Dep`: on a name clash the route's own declaration wins, as at runtime. */
type Over<Own, Dep> = [Dep] extends [never] ? Own : [Own] extends [never] ? Simplify<Dep> : Simplify<Omit<Dep, keyof Own> & Own>;

type OwnInputParts<P extends string, O> = {
  path: keyof PathParams<P> extends never ? never : ClientPath<P, O>;
  query: InputShape<O, "query">;
  headers: ClientHeaders<InputShape<O, "headers">>;
  cookies: InputShape<O, "cookies">;
  json: O extends { body: infer S extends AnySchema } ? InferInput<S> : never;
  form: O extends { form: infer S extends AnySchema } ? InferInput<S> : never;
};
/**
 * Headers are optional per call even when the route requires them: clients usually send them for every call
 * (`createClient(url, { headers: { authorization } })`), and a missing one is still a typed 422.
 */
type ClientHeaders<H> = [H] extends [never] ? never : Partial<H>;
/**
 * Template params, typed by the deps' path schemas, then by the route's own. Shaped like `ClientPath` on purpose:
 * `Over<InputShape<O, "path">, …>` here made tsc expand TypeBox's generic static types while checking src/app.ts,
 * which with tsc's 4 parallel checkers meant one more full expansion (~1.2M instantiations for any importer).
 */
type PathWithDeps<P extends string, O, DP> = [DP] extends [never]
  ? ClientPath<P, O>
  : O extends { path: infer S extends ParamShape }
    ? Simplify<Omit<Over<DP, PathParams<P>>, keyof S> & ShapeInferInput<S>>
    : Over<DP, PathParams<P>>;
type InputParts<P extends string, O, X = DepParts<O>> = [X] extends [never]
  ? OwnInputParts<P, O>
  : {
      path: keyof PathParams<P> extends never ? never : PathWithDeps<P, O, DepPart<X, "path">>;
      query: Over<InputShape<O, "query">, DepPart<X, "query">>;
      headers: ClientHeaders<Over<InputShape<O, "headers">, DepPart<X, "headers">>>;
      cookies: Over<InputShape<O, "cookies">, DepPart<X, "cookies">>;
      json: O extends { body: infer S extends AnySchema } ? InferInput<S> : never;
      // A route's own body or form is what the endpoint reads; a dependency's form (OAuth2PasswordRequestForm) otherwise.
      form: O extends { form: infer S extends AnySchema } ? InferInput<S> : O extends { body: AnySchema } ? never : Over<never, DepPart<X, "form">>;
    };
type DropNever<T> = { [K in keyof T as [T[K]] extends [never] ? never : K]: T[K] };
type RequiredKeys<T> = { [K in keyof T]: {} extends T[K] ? never : K }[keyof T];
/** Client input: present parts only; a part whose fields are all optional is itself optional. */
export type RouteInput<P extends string, O> = Simplify<
  Pick<DropNever<InputParts<P, O>>, RequiredKeys<DropNever<InputParts<P, O>>> & keyof DropNever<InputParts<P, O>>> &
    Partial<Omit<DropNever<InputParts<P, O>>, RequiredKeys<DropNever<InputParts<P, O>>>>>
>;

type SchemaOf<E> = E extends { schema: infer S extends AnySchema } ? S : E extends AnySchema ? E : never;
export interface ValidationErrorBody {
  detail: { type: string; loc: (string | number)[]; msg: string; input: unknown; ctx?: Record<string, unknown> }[];
}
type DeclaredErrors<O> = O extends { responses: infer R } ? { [K in keyof R as K extends number ? K : never]: Infer<SchemaOf<R[K]>> } : {};
/** Declared `responses`, 422, and what the deps answer (a security scheme's 401) unless the route declares that status. */
export type RouteErrors<O> = ErrorsWithDeps<DeclaredErrors<O>, DepPart<DepParts<O>, "errors">>;
type ErrorsWithDeps<Declared, Dep> = [Dep] extends [never]
  ? Simplify<Declared & { 422: ValidationErrorBody }>
  : Simplify<Omit<Dep, keyof Declared | 422> & Declared & { 422: ValidationErrorBody }>;

export type RouteOutput<O, R> = O extends { response: infer S extends AnySchema } ? Infer<S> : Exclude<Awaited<R>, Response>;
type StatusOf<O> = O extends { status: infer S extends number } ? S : 200;

/**
 * The type an HTTP route adds to its app's type (what the typed client reads).
 */
export type MakeHttpRoute<M extends HttpMethod, P extends string, O, R> = {
  kind: "http";
  method: M;
  path: OpenApiPath<P>;
  input: RouteInput<P, O>;
  output: RouteOutput<O, R>;
  status: StatusOf<O>;
  errors: RouteErrors<O>;
};

/**
 * The type a WebSocket route adds to its app's type (what the typed client reads).
 */
export type MakeWebSocketRoute<P extends string, O> = {
  kind: "ws";
  path: OpenApiPath<P>;
  input: Simplify<Omit<RouteInput<P, O>, "json" | "form">>;
  in: O extends { messages: { in: infer S } } ? (S extends MessageRouter<any, infer M> ? M : S extends AnySchema ? InferInput<S> : unknown) : unknown;
  out: O extends { messages: { out: infer S extends AnySchema } } ? Infer<S> : unknown;
};

/** Re-roots route descriptors under a prefix (what `includeRouter` does to the types). */
export type PrefixRoutes<R, Prefix extends string> = R extends { path: infer P extends string } ? Omit<R, "path"> & { path: `${Prefix}${P}` } : never;
