/**
 * Skiff's WebSocket layer, independent of the App.
 *
 * ## Seams for the App and the TestClient
 *
 * 1. **Options** — at registration, merge app-wide and per-route options once (this also checks them):
 *    `const options = resolveWebSocketOptions(appSettings.websocket, routeOptions)`.
 *    Defaults: {@link DEFAULT_WEBSOCKET_OPTIONS}.
 *
 * 2. **Real sockets** — in the HTTP server's `'upgrade'` event, after routing:
 *    `serveWebSocket(req, socket, head, options, session, { pathParams, requestId, state?, inValidator?, logger?, url? })`.
 *    It answers a malformed handshake (400/405) and a refused origin (403) itself, creates the `WebSocket` in the
 *    CONNECTING state, runs `session(ws)`, and writes the `101` only when the session calls `ws.accept()`. The
 *    returned promise resolves when the session is over (never rejects).
 *
 * 3. **In memory** — the TestClient, after routing:
 *    `connectInMemory(options, session, { url, headers?, subprotocols?, timeout?, pathParams, requestId, … })`
 *    resolves with a {@link WebSocketTestSession} once the session accepts, or rejects with {@link WebSocketDenied}.
 *
 * `session` is the route's handler with its dependencies bound: `(ws: WebSocket) => Promise<void>`. How it ends
 * decides the answer (see {@link runSession}): before `accept()`, return/`close()`/`WebSocketException` → 403,
 * `HTTPException` → its status and `{"detail": …}`, other errors → 500 (logged); after `accept()`, return → close
 * 1000, `WebSocketException` → its code, other errors → 1011 (logged). The handler's `finally` runs when the client
 * vanishes, because `receive*()`/`send*()` throw `WebSocketDisconnect` and `ws.signal` aborts.
 *
 * For graceful shutdown, keep the `WebSocket`s the session receives and call `ws.close(1001, "server shutting down")`.
 *
 * `inValidator` is the compiled `messages.in` schema; its issues' `loc` should start with `"message"` or
 * `"body"` (the close reason drops either). A `MessageRouter` validates on its own and needs no `inValidator`.
 */
export { WebSocket, type WebSocketState, type WebSocketInit } from "./websocket.ts";
export type { WebSocketMessage } from "./inbox.ts";
export type { AcceptOptions } from "./accept-options.ts";
export { WebSocketHeaders } from "./headers.ts";
export {
  WebSocketDisconnect,
  WebSocketException,
  WebSocketStateError,
  WebSocketDenied,
  WebSocketReceiveTimeout,
} from "./errors.ts";
export { CloseCode, assertValidClose, isSendableCloseCode, describeCloseCode, MAX_CLOSE_REASON_BYTES } from "./close-codes.ts";
export {
  resolveWebSocketOptions,
  DEFAULT_WEBSOCKET_OPTIONS,
  type WebSocketOptions,
  type ResolvedWebSocketOptions,
  type OriginCheck,
} from "./options.ts";
export type { WebSocketLogger } from "./logger.ts";
export { serveWebSocket, type WebSocketConnectionInit } from "./upgrade.ts";
export { connectInMemory, type InMemoryConnectInit } from "./memory-peer.ts";
export { WebSocketTestSession, type ReceiveOptions } from "./test-session.ts";
export { runSession, type WebSocketSession } from "./run-session.ts";
export type { PeerTransport, PeerEvents, HandshakeRefusal } from "./transport.ts";
export {
  MessageRouter,
  type MessageHandler,
  type MessageOf,
  type MessageDescription,
  type MessageErrorFrame,
  type CompileMessageValidator,
} from "./message-router.ts";
