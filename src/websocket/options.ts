import type { RequestHeaders } from "../http/request-headers.ts";

/** permessage-deflate settings, as the `ws` library takes them (its `PerMessageDeflateOptions`). */
export interface PerMessageDeflateOptions {
  serverNoContextTakeover?: boolean;
  clientNoContextTakeover?: boolean;
  serverMaxWindowBits?: number;
  clientMaxWindowBits?: number;
  /** Messages smaller than this many bytes are sent uncompressed (ws's default: 1024). */
  threshold?: number;
  /** How many compressions run at once (ws's default: 10). */
  concurrencyLimit?: number;
  zlibDeflateOptions?: Record<string, unknown>;
  zlibInflateOptions?: Record<string, unknown>;
}

/**
 * Decides whether a browser page from `origin` may open this WebSocket (cross-site WebSocket hijacking guard).
 * `origin` is `undefined` when the client sent no `Origin` header (non-browser clients).
 */
export type OriginCheck = (origin: string | undefined, headers: RequestHeaders) => boolean | Promise<boolean>;

/**
 * Server-side limits of one WebSocket route. `new App({ websocket: {…} })` sets app-wide defaults and
 * `app.websocket(path, {…})` overrides them per route (merge with {@link resolveWebSocketOptions}).
 * @example
 * app.websocket("/ws", { maxMessageSize: 64 * 1024, allowedOrigins: ["https://app.example"] }, handler);
 */
export interface WebSocketOptions {
  /**
   * Largest message (after reassembling fragments) a client may send, in bytes; a bigger one closes the
   * connection with 1009 (Message Too Big). Default 1 MiB.
   */
  maxMessageSize?: number;
  /**
   * Ping the client every this many ms; a client that has not answered (pong or any frame) by the next ping is
   * dropped and the handler's `receive*()` throws `WebSocketDisconnect(1006)`. `0` disables. Default 30 000.
   */
  heartbeatInterval?: number;
  /**
   * Bytes that may wait unsent for one connection. A `send*()` that would exceed it waits for the client to read
   * (up to `sendTimeout`); incoming messages the handler has not read yet beyond it pause reading from the
   * socket. A client that never reads therefore costs at most about this much memory. Default 4 MiB.
   */
  maxBufferedBytes?: number;
  /**
   * How long a `send*()` waits for a full send buffer to drain before Skiff gives up on the client: the
   * connection is dropped and the send throws `WebSocketDisconnect(1008)`. Default 10 000 ms.
   */
  sendTimeout?: number;
  /**
   * Which page origins may connect: `"same-origin"` (the `Origin` host equals the `Host` header), `"*"` (any), a
   * list of exact origins like `"https://app.example"`, or a function. Requests without an `Origin` header (not
   * from a browser) are allowed except by a function that says otherwise. A refused origin gets HTTP 403 before
   * the handler runs. Default `"same-origin"`.
   */
  allowedOrigins?: "same-origin" | "*" | readonly string[] | OriginCheck;
  /** Negotiate permessage-deflate compression (`true` or ws's options). Costs CPU and memory. Default `false`. */
  perMessageDeflate?: boolean | PerMessageDeflateOptions;
  /**
   * How long the handler may take to call `accept()` (or refuse) after the upgrade request arrived; past it the
   * handshake is refused with HTTP 503 and `accept()` throws `WebSocketDisconnect(1006)`. Default 10 000 ms.
   */
  handshakeTimeout?: number;
}

/** {@link WebSocketOptions} with every default filled in. */
export type ResolvedWebSocketOptions = Required<WebSocketOptions>;

/** The defaults, documented on each {@link WebSocketOptions} field. */
export const DEFAULT_WEBSOCKET_OPTIONS: Readonly<ResolvedWebSocketOptions> = Object.freeze({
  maxMessageSize: 1024 * 1024,
  heartbeatInterval: 30_000,
  maxBufferedBytes: 4 * 1024 * 1024,
  sendTimeout: 10_000,
  allowedOrigins: "same-origin",
  perMessageDeflate: false,
  handshakeTimeout: 10_000,
});

/**
 * Merge app-wide defaults and per-route options (later wins, `undefined` fields are skipped) over Skiff's
 * defaults, and check every value so a typo fails at registration rather than on the first connection.
 * @example resolveWebSocketOptions(appOptions.websocket, routeOptions)
 */
export function resolveWebSocketOptions(...layers: (WebSocketOptions | undefined)[]): ResolvedWebSocketOptions {
  // A route resolves its options once; serving each connection then passes them in again.
  if (layers.length === 1 && RESOLVED.has(layers[0] as object)) return layers[0] as ResolvedWebSocketOptions;
  const merged: Record<string, unknown> = { ...DEFAULT_WEBSOCKET_OPTIONS };
  for (const layer of layers) {
    if (!layer) continue;
    for (const [key, value] of Object.entries(layer)) if (value !== undefined) merged[key] = value;
  }
  const options = merged as ResolvedWebSocketOptions;
  checkPositiveInteger("maxMessageSize", options.maxMessageSize);
  checkPositiveInteger("maxBufferedBytes", options.maxBufferedBytes);
  checkPositiveInteger("sendTimeout", options.sendTimeout);
  checkPositiveInteger("handshakeTimeout", options.handshakeTimeout);
  if (!(Number.isInteger(options.heartbeatInterval) && options.heartbeatInterval >= 0)) {
    throw new RangeError(
      `WebSocket option heartbeatInterval must be a whole number of ms ≥ 0 (0 disables), got ${String(options.heartbeatInterval)}`,
    );
  }
  const origins = options.allowedOrigins;
  if (!(origins === "same-origin" || origins === "*" || Array.isArray(origins) || typeof origins === "function")) {
    throw new TypeError(
      `WebSocket option allowedOrigins must be "same-origin", "*", an array of origins or a function, got ${JSON.stringify(origins)}`,
    );
  }
  RESOLVED.add(options);
  return options;
}

const RESOLVED = new WeakSet<object>();

function checkPositiveInteger(name: string, value: unknown): void {
  if (!(typeof value === "number" && Number.isInteger(value) && value > 0)) {
    throw new RangeError(`WebSocket option ${name} must be a positive whole number, got ${String(value)}`);
  }
}
