/** The slice of the WHATWG `WebSocket` the client uses; the browser's, Node 22's and `ws`'s all fit. */
export interface WebSocketLike {
  readonly readyState: number;
  readonly protocol: string;
  binaryType: string;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: "open" | "message" | "close" | "error", listener: (event: any) => void): void;
}

/**
 * A `WebSocket` constructor. The third argument is only used by implementations that accept options
 * (`ws` on Node), to send headers and cookies; browsers ignore it.
 */
export type WebSocketConstructor = new (url: string, protocols?: string | string[], options?: { headers?: Record<string, string> }) => WebSocketLike;

/** Headers sent with every request, or a function giving them per request (e.g. a fresh token). */
export type HeadersOption =
  | HeadersInit
  | Record<string, string | undefined>
  | (() => HeadersInit | Record<string, string | undefined> | Promise<HeadersInit | Record<string, string | undefined>>);

/**
 * Options of `createClient(baseUrl, options)`: default headers, `fetch` and `WebSocket` implementations.
 */
export interface ClientOptions {
  /** Sent with every HTTP request (and, with `ws` on Node, with every WebSocket handshake); a call's own win. */
  headers?: HeadersOption;
  /** The `fetch` to use (default: the global one) — for tests, retries, or a custom agent. */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
  /** The `WebSocket` constructor (default: the global one). On Node 20 pass `ws`'s: `import { WebSocket } from "ws"`. */
  WebSocket?: WebSocketConstructor;
}
