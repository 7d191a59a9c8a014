import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { Validator } from "../params/issues.ts";
import { HTTPConnection } from "../http/connection.ts";
import { originForm } from "../http/request-limits.ts";
import { nodeHead } from "../http/request.ts";
import { writeRefusal } from "./http-refusal.ts";
import { consoleLogger, type WebSocketLogger } from "./logger.ts";
import { resolveWebSocketOptions, type ResolvedWebSocketOptions, type WebSocketOptions } from "./options.ts";
import { checkOrigin } from "./origin.ts";
import { runSession, type WebSocketSession } from "./run-session.ts";
import type { HandshakeRefusal, PeerTransport } from "./transport.ts";
import { checkUpgradeRequest } from "./upgrade-request.ts";
import { WebSocket } from "./websocket.ts";
import { WsTransport } from "./ws-transport.ts";

/**
 * How an upgrade request arrived, and so how it is answered: a real socket (`socketChannel`) or the TestClient's
 * in-memory peer (`MemoryChannel` in testing/). It is the only difference between the two paths.
 */
export interface UpgradeChannel {
  /** Answers the handshake with an HTTP response; the connection ends. */
  refuse(refusal: HandshakeRefusal): void;
  /** The server end of the WebSocket, once the route is known (its options set the limits). */
  transport(options: ResolvedWebSocketOptions): PeerTransport;
  /** Drops the connection without an answer (writing the answer itself failed). */
  destroy(error: unknown): void;
}

/** The channel of a real upgrade request: Node's `'upgrade'` event's socket, taken over from the HTTP server. */
export function socketChannel(req: IncomingMessage, socket: Duplex, head: Buffer): UpgradeChannel {
  return {
    refuse(refusal) {
      socket.on("error", () => socket.destroy());
      writeRefusal(socket, refusal);
    },
    transport: (options) => new WsTransport(req, socket, head, options),
    destroy: () => socket.destroy(),
  };
}

/** Per-connection facts known after routing, for `openWebSocket`. */
export interface WebSocketConnectionInit<In = unknown> {
  /** Path parameters from the matched route. */
  pathParams?: Record<string, unknown>;
  /** The connection's id for logs; by default the handshake request's id. */
  requestId?: string;
  /** Compiled validator of the route's `messages.in`, used by `receiveJson()`/`iterJson()`. */
  inValidator?: Validator<In>;
  /** Defaults to stderr. Pass a pino logger (or child) as is. */
  logger?: WebSocketLogger;
}

/**
 * The last steps of every upgrade, after routing: the handshake checks (a malformed one → 400/405), the WebSocket
 * in the CONNECTING state on the channel's transport, `allowedOrigins` (→ 403), then `session`, which decides
 * with `ws.accept()` (the 101 is written then) or refuses (see `runSession`). Resolves when the session has
 * finished; never rejects, and does not stay suspended for the connection's life.
 */
export function openWebSocket<In = unknown, Out = unknown>(
  channel: UpgradeChannel,
  connection: HTTPConnection,
  options: ResolvedWebSocketOptions,
  session: WebSocketSession<In, Out>,
  init: WebSocketConnectionInit<In>,
): Promise<void> {
  const malformed = checkUpgradeRequest(connection.head);
  if (malformed) {
    channel.refuse(malformed);
    return Promise.resolve();
  }
  const logger = init.logger ?? consoleLogger;
  const ws = new WebSocket<In, Out>(channel.transport(options), {
    connection,
    pathParams: init.pathParams,
    requestId: init.requestId,
    inValidator: init.inValidator,
    options,
  });
  const context = { logger, handshakeTimeout: options.handshakeTimeout };
  const allowed = checkOrigin(ws, options, logger);
  if (allowed === true) return runSession(ws, session, context);
  if (allowed === false) return Promise.resolve();
  return allowed.then((ok) => (ok ? runSession(ws, session, context) : undefined));
}

/**
 * Serve one WebSocket upgrade request without an App: call it from the HTTP server's `'upgrade'` event after
 * routing. The same steps as the App's (see `openWebSocket`), on the request's socket. Resolves when the session
 * has finished; never rejects.
 * @example
 * server.on("upgrade", (req, socket, head) => {
 *   const route = match(req.url);
 *   void serveWebSocket(req, socket, head, route.options, route.session, { pathParams: route.params });
 * });
 */
export function serveWebSocket<In = unknown, Out = unknown>(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  options: WebSocketOptions,
  session: WebSocketSession<In, Out>,
  init: WebSocketConnectionInit<In> = {},
): Promise<void> {
  try {
    const connection = new HTTPConnection(nodeHead(req, originForm(req.url ?? "/")), false);
    return openWebSocket(socketChannel(req, socket, head), connection, resolveWebSocketOptions(options), session, init);
  } catch (error) {
    return Promise.reject(error);
  }
}
