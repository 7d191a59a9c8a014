import { randomBytes } from "node:crypto";
import { WebSocketDenied } from "../websocket/errors.ts";
import { WebSocketHeaders, type RawHeaders } from "../websocket/headers.ts";
import type { LazyUrl } from "../websocket/handshake-request.ts";
import { consoleLogger } from "../websocket/logger.ts";
import { resolveWebSocketOptions, type ResolvedWebSocketOptions, type WebSocketOptions } from "../websocket/options.ts";
import { checkOrigin } from "../websocket/origin.ts";
import { runSession, type WebSocketSession } from "../websocket/run-session.ts";
import { WebSocketTestSession } from "./test-session.ts";
import type { HandshakeRefusal, PeerEvents, PeerTransport } from "../websocket/transport.ts";
import type { WebSocketConnectionInit } from "../websocket/upgrade.ts";
import { WebSocket } from "../websocket/websocket.ts";

/** What the TestClient knows about the connection it opens in memory. */
export interface InMemoryConnectInit<In = unknown> extends Omit<WebSocketConnectionInit<In>, "url"> {
  /** Full URL, e.g. `ws://testserver/ws/chat?token=abc`. */
  url: string | URL;
  /** What `ws.url` says, when the server derives it otherwise (from the handshake's `request.url`). */
  serverUrl?: URL | LazyUrl;
  /** Request headers (`host` defaults to the URL's; add `origin` to test `allowedOrigins`). */
  headers?: RawHeaders;
  /** Subprotocols to offer (`Sec-WebSocket-Protocol`). */
  subprotocols?: string[];
  client?: { host: string; port: number } | null;
  /** Default timeout of the session's `receive*()`, in ms. Default 5000. */
  timeout?: number;
}

/**
 * Open a WebSocket to `session` without a network: the TestClient calls it after matching the route. Resolves
 * with the client end once the handler calls `ws.accept()`; rejects with `WebSocketDenied { status, body, headers }`
 * when the handshake is refused. Limits apply as on a real socket (1009 for an oversize message, backpressure
 * counting the bytes the test has not read), except the heartbeat, which in-memory peers never fail.
 * @example
 * const ws = await connectInMemory(route.options, route.session, { url: "ws://testserver/ws", requestId: "t-1" });
 */
export function connectInMemory<In = unknown, Out = unknown>(
  options: WebSocketOptions,
  session: WebSocketSession<In, Out>,
  init: InMemoryConnectInit<In>,
): Promise<WebSocketTestSession> {
  const resolved = resolveWebSocketOptions(options);
  const logger = init.logger ?? consoleLogger;
  const url = new URL(init.url);
  const headers = handshakeHeaders(url, init);
  const transport = new MemoryTransport(resolved, init.timeout ?? 5000);
  const ws = new WebSocket<In, Out>(transport, {
    ...init,
    request: { url: init.serverUrl ?? url, headers, client: init.client ?? { host: "testclient", port: 50000 } },
    options: resolved,
  });
  const opened = transport.opened;
  transport.testSession.serverDone = (async () => {
    if (await checkOrigin(ws, resolved, logger)) await runSession(ws, session, { logger, handshakeTimeout: resolved.handshakeTimeout });
  })();
  return opened;
}

function handshakeHeaders(url: URL, init: InMemoryConnectInit<any>): WebSocketHeaders {
  const raw: RawHeaders = {
    host: url.host,
    connection: "upgrade",
    upgrade: "websocket",
    "sec-websocket-version": "13",
    "sec-websocket-key": randomBytes(16).toString("base64"),
  };
  if (init.subprotocols?.length) raw["sec-websocket-protocol"] = init.subprotocols.join(", ");
  for (const [name, value] of Object.entries(init.headers ?? {})) raw[name.toLowerCase()] = value;
  return new WebSocketHeaders(raw);
}

/** The server end of an in-memory connection; `testSession` is the client end. */
class MemoryTransport implements PeerTransport {
  readonly testSession: WebSocketTestSession;
  readonly opened: Promise<WebSocketTestSession>;
  private events: PeerEvents | undefined;
  private settle!: { resolve(session: WebSocketTestSession): void; reject(error: Error): void };
  private state: "connecting" | "open" | "closing" | "closed" = "connecting";
  private drain: Promise<void> | undefined;

  constructor(
    private readonly options: ResolvedWebSocketOptions,
    timeout: number,
  ) {
    this.opened = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
    this.testSession = new WebSocketTestSession(
      { deliver: (data) => this.fromClient(data), closeFromClient: (code, reason) => this.clientClosed(code, reason) },
      timeout,
    );
  }

  attach(events: PeerEvents): void {
    this.events = events;
  }

  accept(subprotocol: string | undefined, headers: [string, string][]): void {
    this.state = "open";
    const session = this.testSession;
    session.acceptedSubprotocol = subprotocol;
    for (const [name, value] of headers) {
      const key = name.toLowerCase();
      session.responseHeaders[key] = key in session.responseHeaders ? `${session.responseHeaders[key]}, ${value}` : value;
    }
    this.settle.resolve(session);
  }

  refuse(response: HandshakeRefusal): void {
    this.state = "closed";
    this.settle.reject(new WebSocketDenied(response.status, response.body, response.headers));
  }

  send(data: string | Uint8Array): void {
    if (this.state !== "open") return;
    this.testSession.push(typeof data === "string" ? { type: "text", data } : { type: "bytes", data: Uint8Array.from(data) });
  }

  get bufferedAmount(): number {
    return this.testSession.unreadBytes;
  }

  drained(): Promise<void> {
    if (this.state === "closed") return Promise.resolve();
    return (this.drain ??= new Promise<void>((resolve) =>
      this.testSession.onNextRead(() => {
        this.drain = undefined;
        resolve();
      }),
    ));
  }

  close(code: number, reason: string): void {
    if (this.state !== "open") return;
    this.state = "closing";
    this.testSession.onClose(code, reason);
    // The test client answers a close frame at once, echoing its code, as browsers and `ws` do.
    queueMicrotask(() => this.report(code, reason));
  }

  terminate(): void {
    if (this.state === "closed") return;
    this.testSession.onClose(1006, "");
    this.report(1006, "");
  }

  pause(): void {}

  resume(): void {}

  private fromClient(data: string | Uint8Array): void {
    const size = typeof data === "string" ? Buffer.byteLength(data, "utf8") : data.byteLength;
    if (size > this.options.maxMessageSize) {
      // What `ws` does with an oversize frame: close with 1009 and report it.
      this.testSession.onClose(1009, "");
      this.report(1009, `message larger than maxMessageSize (${this.options.maxMessageSize} bytes)`);
      return;
    }
    // A microtask, like a network hop: the sender's code runs on before the handler sees the message.
    queueMicrotask(() => {
      if (this.state === "open") this.events?.message(data);
    });
  }

  private clientClosed(code: number, reason: string): void {
    queueMicrotask(() => this.report(code, reason));
  }

  private report(code: number, reason: string): void {
    if (this.state === "closed") return;
    this.state = "closed";
    const events = this.events;
    this.events = undefined;
    events?.closed(code, reason);
  }
}
