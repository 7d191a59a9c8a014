/**
 * `skiffjs/client`: a typed client derived from the app's type — HTTP and WebSocket, no code generation.
 * Imports only types from the server, so bundling it pulls in nothing but this folder.
 */
import { cookieHeader, fillPath, mergeHeaders, queryString } from "./encode.ts";
import { joinUrl, request, type RawCallOptions } from "./http.ts";
import type { ClientOptions, WebSocketConstructor } from "./options.ts";
import type { Client, RoutesOf } from "./types.ts";
import { ClientWebSocket } from "./websocket.ts";

export type { ClientOptions, HeadersOption, WebSocketConstructor, WebSocketLike } from "./options.ts";
export type {
  CallOptions,
  Client,
  ClientFailure,
  ClientResult,
  ClientSuccess,
  HttpPaths,
  RequestExtras,
  RoutesOf,
  TypedWebSocket,
  WebSocketCallOptions,
  WebSocketPaths,
} from "./types.ts";
export { ClientWebSocket } from "./websocket.ts";

/**
 * Creates a client for an app from its type alone: `createClient<typeof app>(baseUrl, options)`.
 * Paths are the app's OpenAPI paths; each call's options and result are typed by its route.
 *
 * A route's dependencies count: the params its `deps` declare (and their deps', at any depth) are part of the call's
 * `query`/`headers`/`cookies`/`path`, the route's own winning a name clash; a route using `OAuth2PasswordRequestForm`
 * takes `form: { username, password, … }`; a security scheme (`HTTPBearer`, `OAuth2PasswordBearer`, `APIKey*`…,
 * directly or through a dependency) adds `401: { detail }` to the route's errors unless it has `autoError: false`
 * (HTTPBasic always), and makes its header, query param or cookie an *optional* input — credentials usually come
 * from the client's `headers` option. Only the route's own `deps` are seen: app-, router- and include-level deps
 * are not in the route's type, and a dependency typed by hand as `Dependency<T, S>` carries nothing.
 * @example
 * import type { AppType } from "./server.ts";
 * const api = createClient<AppType>("http://127.0.0.1:8000", { headers: () => ({ authorization: `Bearer ${token()}` }) });
 * const r = await api.get("/items/{item_id}", { path: { item_id: 5 } });
 * if (r.ok) console.log(r.data.name); else console.log(r.status, r.error);
 * const chat = api.websocket("/ws/chat", { query: { token } });
 * chat.send({ type: "say", text: "hi" });
 * for await (const msg of chat) console.log(msg);
 * console.log(await chat.closed); // { code: 4001, reason: "bad token" }
 */
export function createClient<A>(baseUrl: string | URL, options: ClientOptions = {}): Client<RoutesOf<A>> {
  const base = String(baseUrl);
  const http = (method: string) => (path: string, call?: RawCallOptions) => request(base, options, method, path, call);
  const client = {
    get: http("get"),
    post: http("post"),
    put: http("put"),
    patch: http("patch"),
    delete: http("delete"),
    head: http("head"),
    options: http("options"),
    websocket: (path: string, call?: RawCallOptions & { protocols?: string | string[] }) => openWebSocket(base, options, path, call),
  };
  return client as unknown as Client<RoutesOf<A>>;
}

function openWebSocket(
  base: string,
  options: ClientOptions,
  template: string,
  call: RawCallOptions & { protocols?: string | string[] } = {},
): ClientWebSocket {
  const Impl = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (!Impl) {
    throw new TypeError(
      'No WebSocket implementation: pass one with createClient(url, { WebSocket }), e.g. `import { WebSocket } from "ws"` on Node 20.',
    );
  }
  const url = webSocketUrl(base, fillPath(template, call.path) + queryString(call.query));
  return new ClientWebSocket(url, async () => {
    const defaults = typeof options.headers === "function" ? await options.headers() : options.headers;
    const headers = Object.fromEntries(mergeHeaders(defaults, call.headers, { cookie: cookieHeader(call.cookies) }));
    // Browsers cannot send headers on a handshake and ignore a third argument; `ws` sends them. Never pass an
    // `undefined` protocols argument: Chromium then offers a protocol named "undefined".
    const protocols = call.protocols ?? [];
    return Object.keys(headers).length > 0 ? new Impl(url, protocols, { headers }) : new Impl(url, protocols);
  });
}

/** `http://h/api` + `/ws` → `ws://h/api/ws`; a relative base resolves against the page's location. */
function webSocketUrl(base: string, path: string): string {
  const url = new URL(joinUrl(base, path), (globalThis as { location?: { href: string } }).location?.href);
  url.protocol = url.protocol.replace(/^http/, "ws");
  return url.href;
}
