/**
 * The client's view of an app's type: which paths each method accepts, what a call needs, what it returns.
 * Everything here is computed from the route descriptors in `App<Routes>` (src/types.ts); nothing is generated.
 * Kept shallow on purpose: one `Extract` over the route union per call, no recursion over paths.
 */
import type { HttpMethod, HttpRouteType, WebSocketRouteType } from "../types.ts";

/** The route union of an app or router type (`typeof app`), or a route union passed as is. */
export type RoutesOf<A> = A extends { readonly __routes: infer R } ? R : A;

/** The paths (OpenAPI form) that have a route for method `M`. */
export type HttpPaths<R, M extends HttpMethod> = R extends { kind: "http"; method: M; path: infer P } ? P : never;
/** The paths (OpenAPI form) of the WebSocket routes. */
export type WebSocketPaths<R> = R extends { kind: "ws"; path: infer P } ? P : never;

type RouteAt<R, M extends HttpMethod, P> = Extract<R, { kind: "http"; method: M; path: P }>;
type WsRouteAt<R, P> = Extract<R, { kind: "ws"; path: P }>;
type InputOf<Rt> = Rt extends { input: infer I } ? I : never;

/** Header values the client turns into strings; `undefined` leaves a header out. */
export type HeaderValue = string | number | boolean | undefined;
export type HeaderRecord = { [name: string]: HeaderValue };

/** Per-call extras that no route declares. */
export interface RequestExtras {
  /** Cancels the request (`AbortSignal.timeout(5000)`, an `AbortController`'s signal). */
  signal?: AbortSignal;
  /** Anything else `fetch` accepts (credentials, cache, mode…); method, body and headers come from the call. */
  init?: Omit<RequestInit, "method" | "body" | "headers" | "signal">;
}

type DeclaredHeaders<I> = I extends { headers?: infer H } ? H : {};

/**
 * A call's options: the route's declared parts (`path`, `query`, `headers`, `cookies`, `json`, `form`) plus any
 * extra headers and the fetch extras. Declared headers keep their types; other header names are free.
 */
export type CallOptions<I> = Omit<I, "headers"> &
  ("headers" extends RequiredKeys<I> ? { headers: DeclaredHeaders<I> & HeaderRecord } : { headers?: DeclaredHeaders<I> & HeaderRecord }) &
  RequestExtras;

type RequiredKeys<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? never : K }[keyof T];

/**
 * The options argument is optional exactly when every declared part is optional. `NoInfer`: a call's types come from
 * its path alone (see `HttpCall`).
 */
type CallArgs<I> = [RequiredKeys<I>] extends [never] ? [options?: NoInfer<CallOptions<I>>] : [options: NoInfer<CallOptions<I>>];

/** A successful answer (2xx): `data` is the route's response body, typed as the `response` schema's output. */
export interface ClientSuccess<Data, Status> {
  ok: true;
  status: Status;
  data: Data;
  error: undefined;
  /** The raw `Response` (headers, cookies); its body has already been read. */
  response: Response;
}

/** A failed answer: `error` is the body declared for `status` in the route's `responses` (422 always included). */
export interface ClientFailure<Error, Status> {
  ok: false;
  status: Status;
  data: undefined;
  error: Error;
  response: Response;
}

type Failures<E> = { [S in keyof E]: ClientFailure<E[S], S> }[keyof E];

/**
 * What a call resolves to, discriminated by `ok` (and, among failures, by `status`).
 * Only declared statuses are typed: an undeclared one (a 500, a proxy's 502) still arrives with `ok: false` and
 * the body as sent (JSON-decoded when it is JSON), so declare the errors a caller should handle.
 */
export type ClientResult<Rt> = Rt extends HttpRouteType ? ClientSuccess<Rt["output"], Rt["status"]> | Failures<Rt["errors"]> : never;

/**
 * `api.get(path, options)`: paths are the routes' OpenAPI paths for that method.
 *
 * `I` is the route's input, never inferred (the options are `NoInfer`), so it takes its default once `P` is known
 * from the path. Written as `CallArgs<InputOf<RouteAt<R, M, P>>>`, the options' type would stay generic while
 * TypeScript infers `P`, and contextually typing the options object would go through `P`'s constraint: the input of
 * every route of the app, computed at each call site's first use.
 */
export type HttpCall<R, M extends HttpMethod> = <const P extends HttpPaths<R, M>, I = InputOf<RouteAt<R, M, P>>>(
  path: P,
  ...options: CallArgs<I>
) => Promise<ClientResult<RouteAt<R, M, P>>>;

/** `api.head(path)`: GET routes answer HEAD too; there is never a body, so `data` is `undefined`. */
export type HeadCall<R> = <const P extends HttpPaths<R, "get" | "head">, I = InputOf<RouteAt<R, "get" | "head", P>>>(
  path: P,
  ...options: CallArgs<I>
) => Promise<ClientResult<HeadOf<RouteAt<R, "get" | "head", P>>>>;

type HeadOf<Rt> = Rt extends HttpRouteType ? Omit<Rt, "output"> & { output: undefined } : never;

/** A WebSocket call's options: the route's path, query (and, where the implementation can send them, headers/cookies). */
export type WebSocketCallOptions<I> = Omit<I, "headers"> &
  ("headers" extends RequiredKeys<I> ? { headers: DeclaredHeaders<I> & HeaderRecord } : { headers?: DeclaredHeaders<I> & HeaderRecord }) & {
    /** Subprotocols offered to the server, in order of preference. */
    protocols?: string | string[];
  };

type WebSocketArgs<I> = [RequiredKeys<I>] extends [never]
  ? [options?: NoInfer<WebSocketCallOptions<I>>]
  : [options: NoInfer<WebSocketCallOptions<I>>];

/** A connection typed by its route's `messages`: `send` takes `In`, iteration yields `Out`. */
export interface TypedWebSocket<In, Out> extends AsyncIterable<Out> {
  /** Resolves once the server accepted; rejects if the handshake failed (refused, unreachable). */
  readonly opened: Promise<void>;
  /** The server's close frame (`{ code: 4001, reason: "bad token" }`); 1006 when the connection dropped. */
  readonly closed: Promise<{ code: number; reason: string }>;
  /** The subprotocol the server chose ("" before open or when none). */
  readonly protocol: string;
  /** Sends one JSON message; messages sent before the handshake completes are queued. */
  send(message: In): void;
  /** Starts the closing handshake (default 1000). `closed` resolves with the server's answer. */
  close(code?: number, reason?: string): void;
}

/** `api.websocket(path, options)`: a connection typed by the route's `messages.in` and `messages.out`. */
export type WebSocketCall<R> = <const P extends WebSocketPaths<R>, I = InputOf<WsRouteAt<R, P>>>(
  path: P,
  ...options: WebSocketArgs<I>
) => TypedWebSocket<MessageIn<WsRouteAt<R, P>>, MessageOut<WsRouteAt<R, P>>>;

type MessageIn<Rt> = Rt extends WebSocketRouteType ? Rt["in"] : never;
type MessageOut<Rt> = Rt extends WebSocketRouteType ? Rt["out"] : never;

/** The typed client of an app: one function per HTTP method, and `websocket`. */
export interface Client<R> {
  get: HttpCall<R, "get">;
  post: HttpCall<R, "post">;
  put: HttpCall<R, "put">;
  patch: HttpCall<R, "patch">;
  delete: HttpCall<R, "delete">;
  head: HeadCall<R>;
  options: HttpCall<R, "options">;
  websocket: WebSocketCall<R>;
}
