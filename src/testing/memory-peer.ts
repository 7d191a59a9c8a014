import type { IncomingMessage } from "node:http";
import { randomBytes } from "node:crypto";
import { HTTPConnection } from "../http/connection.ts";
import { nodeHead } from "../http/request.ts";
import { lowercaseHeaders, type RawHeaders } from "../http/request-headers.ts";
import { WebSocketDenied } from "../websocket/errors.ts";
import { resolveWebSocketOptions, type ResolvedWebSocketOptions, type WebSocketOptions } from "../websocket/options.ts";
import type { WebSocketSession } from "../websocket/run-session.ts";
import { WebSocketTestSession } from "./test-session.ts";
import { refusalHeaders, type HandshakeRefusal, type PeerEvents, type PeerTransport } from "../websocket/transport.ts";
import { openWebSocket, type UpgradeChannel, type WebSocketConnectionInit } from "../websocket/upgrade.ts";

/** What the TestClient knows about the connection it opens in memory. */
export interface InMemoryConnectInit<In = unknown> extends WebSocketConnectionInit<In> {
  /** Full URL, e.g. `ws://testserver/ws/chat?token=abc`. */
  url: string | URL;
  /** Request headers (`host` defaults to the URL's; add `origin` to test `allowedOrigins`). */
  headers?: RawHeaders;
  /** Subprotocols to offer (`Sec-WebSocket-Protocol`). */
  subprotocols?: string[];
  client?: { host: string; port: number } | null;
  /** Default timeout of the session's `receive*()`, in ms. Default 5000. */
  timeout?: number;
}

/**
 * Open a WebSocket to `session` without a network or an App, through the same steps as a real socket
 * (`openWebSocket`). Resolves with the client end once the handler calls `ws.accept()`; rejects with
 * `WebSocketDenied { status, body, headers }` when the handshake is refused. Limits apply as on a real socket (1009
 * for an oversize message, backpressure counting the bytes the test has not read), except the heartbeat, which
 * in-memory peers never fail.
 * @example
 * const ws = await connectInMemory(route.options, route.session, { url: "ws://testserver/ws", requestId: "t-1" });
 */
export function connectInMemory<In = unknown, Out = unknown>(
  options: WebSocketOptions,
  session: WebSocketSession<In, Out>,
  init: InMemoryConnectInit<In>,
): Promise<WebSocketTestSession> {
  const channel = new MemoryChannel(init.timeout ?? 5000);
  const req = inMemoryUpgradeRequest(init);
  const connection = new HTTPConnection(nodeHead(req, req.url!), false);
  channel.serving(openWebSocket(channel, connection, resolveWebSocketOptions(options), session, init));
  return channel.opened;
}

/**
 * The upgrade request an in-memory connection stands for, as a real client would send it: the handshake headers
 * (a fresh key, version 13, the offered subprotocols), `host` from the URL, then the test's own headers over them.
 */
export function inMemoryUpgradeRequest(init: Pick<InMemoryConnectInit, "url" | "headers" | "subprotocols" | "client">): IncomingMessage {
  const url = new URL(init.url);
  const headers: RawHeaders = {
    host: url.host,
    connection: "upgrade",
    upgrade: "websocket",
    "sec-websocket-version": "13",
    "sec-websocket-key": randomBytes(16).toString("base64"),
  };
  if (init.subprotocols?.length) headers["sec-websocket-protocol"] = init.subprotocols.join(", ");
  Object.assign(headers, lowercaseHeaders(init.headers));
  const rawHeaders: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    for (const one of typeof value === "string" ? [value] : (value ?? [])) rawHeaders.push(name, one);
  }
  const client = init.client === undefined ? { host: "testclient", port: 50000 } : init.client;
  return {
    method: "GET",
    httpVersion: "1.1",
    httpVersionMajor: 1,
    httpVersionMinor: 1,
    url: `${url.pathname}${url.search}`,
    headers,
    rawHeaders,
    socket: { remoteAddress: client?.host, remotePort: client?.port, encrypted: url.protocol === "wss:" },
  } as unknown as IncomingMessage;
}

/**
 * The TestClient's side of an upgrade: a refusal rejects `opened` with `WebSocketDenied`; an accepted handshake
 * resolves it with the client end of an in-memory transport.
 */
export class MemoryChannel implements UpgradeChannel {
  readonly opened: Promise<WebSocketTestSession>;
  readonly #timeout: number;
  #settle!: { resolve(session: WebSocketTestSession): void; reject(error: unknown): void };
  #session: WebSocketTestSession | undefined;
  #done: Promise<void> | undefined;

  constructor(timeout: number) {
    this.#timeout = timeout;
    this.opened = new Promise((resolve, reject) => (this.#settle = { resolve, reject }));
  }

  refuse(refusal: HandshakeRefusal): void {
    this.#settle.reject(deniedBy(refusal));
  }

  transport(options: ResolvedWebSocketOptions): PeerTransport {
    const transport = new MemoryTransport(options, this.#timeout, this.#settle);
    this.#session = transport.testSession;
    if (this.#done) this.#session.serverDone = this.#done;
    return transport;
  }

  destroy(error: unknown): void {
    this.#settle.reject(error);
  }

  /** The server's side of the connection: settled when the handler has finished (the test session's `serverDone`). */
  serving(done: Promise<void>): void {
    this.#done = done;
    if (this.#session) this.#session.serverDone = done;
  }
}

function deniedBy(refusal: HandshakeRefusal): WebSocketDenied {
  const body = typeof refusal.body === "string" ? refusal.body : Buffer.from(refusal.body).toString("utf8");
  return new WebSocketDenied(refusal.status, body, Object.fromEntries(refusalHeaders(refusal)));
}

/** The server end of an in-memory connection; `testSession` is the client end. */
class MemoryTransport implements PeerTransport {
  readonly testSession: WebSocketTestSession;
  private events: PeerEvents | undefined;
  private state: "connecting" | "open" | "closing" | "closed" = "connecting";
  private drain: Promise<void> | undefined;

  constructor(
    private readonly options: ResolvedWebSocketOptions,
    timeout: number,
    private readonly settle: { resolve(session: WebSocketTestSession): void; reject(error: unknown): void },
  ) {
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
    this.settle.reject(deniedBy(response));
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
      if (this.state === "open") this.events?.peerMessage(data);
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
    events?.peerClosed(code, reason);
  }
}
