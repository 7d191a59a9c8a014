import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { Validator } from "../params/issues.ts";
import { handshakeFromIncomingMessage, type LazyUrl } from "./handshake-request.ts";
import { writeRefusal } from "./http-refusal.ts";
import { consoleLogger, type WebSocketLogger } from "./logger.ts";
import { resolveWebSocketOptions, type WebSocketOptions } from "./options.ts";
import { checkOrigin } from "./origin.ts";
import { runSession, type WebSocketSession } from "./run-session.ts";
import { checkUpgradeRequest } from "./upgrade-request.ts";
import { WebSocket } from "./websocket.ts";
import { WsTransport } from "./ws-transport.ts";

/** Per-connection facts the App knows after routing, for `serveWebSocket` and `connectInMemory`. */
export interface WebSocketConnectionInit<In = unknown> {
  /** Path parameters from the matched route. */
  pathParams?: Record<string, unknown>;
  /** The connection's id for logs (the App derives it like an HTTP request's). */
  requestId: string;
  /** Initial content of `ws.state`. */
  state?: Record<string, unknown>;
  /** Compiled validator of the route's `messages.in`, used by `receiveJson()`/`iterJson()`. */
  inValidator?: Validator<In>;
  /** Defaults to stderr. Pass a pino logger (or child) as is. */
  logger?: WebSocketLogger;
  /** Overrides the URL derived from the request (e.g. `wss:` behind a trusted TLS proxy); a `LazyUrl` is built on first use. */
  url?: URL | LazyUrl;
}

/**
 * Serve one WebSocket upgrade request: call it from the HTTP server's `'upgrade'` event after routing. A
 * malformed handshake gets HTTP 400/405 and a refused origin 403 without running `session`; otherwise `session`
 * runs with a `WebSocket` in the CONNECTING state and the 101 response is written only when it calls
 * `ws.accept()`. How the session ends decides the answer (see `runSession`). Resolves when the session has
 * finished; never rejects.
 * @example
 * server.on("upgrade", (req, socket, head) => {
 *   const route = match(req.url);
 *   void serveWebSocket(req, socket, head, route.options, route.session, { pathParams: route.params, requestId: randomUUID() });
 * });
 */
export function serveWebSocket<In = unknown, Out = unknown>(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  options: WebSocketOptions,
  session: WebSocketSession<In, Out>,
  init: WebSocketConnectionInit<In>,
): Promise<void> {
  // Not an async function, so nothing of this call stays suspended (or chained) for the connection's life; a
  // throw still becomes a rejection, as before.
  try {
    return startSession(req, socket, head, options, session, init);
  } catch (error) {
    return Promise.reject(error);
  }
}

function startSession<In, Out>(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  options: WebSocketOptions,
  session: WebSocketSession<In, Out>,
  init: WebSocketConnectionInit<In>,
): Promise<void> {
  const malformed = checkUpgradeRequest(req);
  if (malformed) {
    socket.on("error", () => socket.destroy());
    writeRefusal(socket, malformed);
    return Promise.resolve();
  }
  const logger = init.logger ?? consoleLogger;
  const resolved = resolveWebSocketOptions(options);
  const request = handshakeFromIncomingMessage(req);
  if (init.url) request.url = init.url;
  const ws = new WebSocket<In, Out>(new WsTransport(req, socket, head, resolved), { ...init, request, options: resolved });
  const context = { logger, handshakeTimeout: resolved.handshakeTimeout };
  const allowed = checkOrigin(ws, resolved, logger);
  if (allowed === true) return runSession(ws, session, context);
  if (allowed === false) return Promise.resolve();
  return allowed.then((ok) => (ok ? runSession(ws, session, context) : undefined));
}
