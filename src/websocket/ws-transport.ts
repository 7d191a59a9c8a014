import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { WebSocketServer as WsServer, WebSocket as WsSocket } from "ws";
import { requireDependency } from "../util/require-dependency.ts";
import { truncateUtf8 } from "./close-codes.ts";
import { WebSocketDisconnect } from "./errors.ts";
import { startHeartbeat, stopHeartbeat, type HeartbeatTarget } from "./heartbeat.ts";
import { writeRefusal } from "./http-refusal.ts";
import type { ResolvedWebSocketOptions } from "./options.ts";
import { TRANSPORT } from "../internal/symbols.ts";
import type { HandshakeRefusal, PeerEvents, PeerTransport } from "./transport.ts";

// ws is ~20 modules an app without WebSocket traffic never needs: required (CommonJS, so synchronously and shared
// with any other user of it) at the first handshake accepted.
let WebSocketServer: typeof WsServer | undefined;

/** The close codes `ws` sends for a broken frame, by its documented error codes. */
const CLOSE_CODE_BY_WS_ERROR: Record<string, number> = {
  WS_ERR_INVALID_UTF8: 1007,
  WS_ERR_UNSUPPORTED_MESSAGE_LENGTH: 1009,
  WS_ERR_UNSUPPORTED_DATA_PAYLOAD_LENGTH: 1009,
  WS_ERR_TOO_MANY_BUFFERED_PARTS: 1008,
};

const TEXT = Object.freeze({ binary: false });
const BINARY = Object.freeze({ binary: true });
/** The `ws` client carries its transport, so its event listeners can be shared functions instead of closures. */
type Client = WsSocket & { [TRANSPORT]: WsTransport };

/**
 * A real client on a TCP socket, through the `ws` package. Per connection it keeps only what it needs once the
 * handshake is done (no request, no head buffer, no closures, no timer: the heartbeat is a shared sweep).
 */
export class WsTransport implements PeerTransport, HeartbeatTarget {
  heardFrom = true;
  private events: PeerEvents | undefined;
  private client: Client | undefined;
  private req: IncomingMessage | undefined;
  private head: Buffer | undefined;
  private ended = false;
  private heartbeatFailed = false;
  /** Why `ws` closed the connection itself (a frame broke a rule), reported instead of the echo's code. */
  private protocolError: { code: number; reason: string } | undefined;
  private resolveDrain: (() => void) | undefined;
  private drainPromise: Promise<void> | undefined;
  // Handshake-time listeners, dropped once the handshake is done so an idle connection does not keep them.
  private onEarlyClose: (() => void) | undefined;
  private onSocketError: (() => void) | undefined;

  constructor(
    req: IncomingMessage,
    private readonly socket: Duplex,
    head: Buffer,
    private readonly options: ResolvedWebSocketOptions,
  ) {
    this.req = req;
    this.head = head;
    this.onEarlyClose = this.earlyClose.bind(this);
    this.onSocketError = this.destroySocket.bind(this);
    // Node's HTTP server removes its own socket error handler for upgrades; an unhandled ECONNRESET would crash.
    socket.on("error", this.onSocketError);
    socket.once("close", this.onEarlyClose);
  }

  attach(events: PeerEvents): void {
    this.events = events;
  }

  accept(subprotocol: string | undefined, headers: [string, string][]): void {
    this.dropHandshake();
    // ws takes the subprotocol and extra headers as server-wide hooks; a server per connection makes them ours.
    WebSocketServer ??= (requireDependency("ws") as typeof import("ws")).WebSocketServer;
    const server = new WebSocketServer({
      noServer: true,
      clientTracking: false,
      maxPayload: this.options.maxMessageSize,
      perMessageDeflate: this.options.perMessageDeflate,
      handleProtocols: () => subprotocol ?? false,
    });
    server.on("headers", (lines: string[]) => {
      for (const [name, value] of headers) lines.push(`${name}: ${value}`);
    });
    let upgraded: WsSocket | undefined;
    const req = this.req as IncomingMessage;
    const head = this.head as Buffer;
    this.req = undefined;
    this.head = undefined;
    server.handleUpgrade(req, this.socket, head, (client) => {
      upgraded = client;
      this.wire(client as Client);
    });
    if (!upgraded) {
      this.ended = true;
      throw new WebSocketDisconnect(1006, "client went away before the handshake completed");
    }
  }

  refuse(response: HandshakeRefusal): void {
    this.socket.off("close", this.onEarlyClose as () => void);
    this.onEarlyClose = undefined;
    this.req = undefined;
    this.head = undefined;
    this.ended = true;
    writeRefusal(this.socket, response);
  }

  send(data: string | Uint8Array, utf8?: Uint8Array): void {
    this.client?.send(utf8 ?? data, typeof data === "string" ? TEXT : BINARY);
  }

  get bufferedAmount(): number {
    return this.client?.bufferedAmount ?? 0;
  }

  drained(): Promise<void> {
    if (this.ended || !this.client) return Promise.resolve();
    return (this.drainPromise ??= new Promise<void>((resolve) => {
      const done = () => {
        this.socket.off("drain", done);
        this.drainPromise = undefined;
        this.resolveDrain = undefined;
        resolve();
      };
      this.resolveDrain = done;
      this.socket.on("drain", done);
    }));
  }

  close(code: number, reason: string): void {
    this.client?.close(code, reason);
  }

  terminate(): void {
    if (this.client) this.client.terminate();
    else this.socket.destroy();
  }

  pause(): void {
    this.client?.pause();
  }

  resume(): void {
    this.client?.resume();
  }

  /** @internal The heartbeat's ping. */
  ping(): void {
    this.client?.ping();
  }

  /** @internal The peer missed a pong: drop it; the close is reported as 1006. */
  missedPong(): void {
    this.heartbeatFailed = true;
    this.client?.terminate();
  }

  /** @internal */
  isPaused(): boolean {
    return this.client?.isPaused ?? false;
  }

  private dropHandshake(): void {
    this.socket.off("close", this.onEarlyClose as () => void);
    this.socket.off("error", this.onSocketError as () => void);
    this.onEarlyClose = undefined;
    this.onSocketError = undefined;
  }

  private wire(client: Client): void {
    this.client = client;
    client[TRANSPORT] = this;
    // Shared listeners (`this` is the client): no closures per connection.
    client.on("message", onClientMessage);
    client.on("pong", onClientAlive);
    client.on("ping", onClientAlive);
    client.on("error", onClientError);
    client.on("close", onClientClose); // emitted once; `on` saves once()'s wrapper per connection
    startHeartbeat(this, this.options.heartbeatInterval);
  }

  /** @internal */
  received(data: Buffer, isBinary: boolean): void {
    this.heardFrom = true;
    this.events?.peerMessage(isBinary ? data : data.toString("utf8"));
  }

  /** @internal */
  failed(error: Error & { code?: string }): void {
    const code = CLOSE_CODE_BY_WS_ERROR[error.code ?? ""] ?? 1002;
    this.protocolError ??= { code, reason: this.describeError(code, error) };
  }

  /** @internal */
  clientClosed(code: number, reason: Buffer): void {
    stopHeartbeat(this, this.options.heartbeatInterval);
    if (this.heartbeatFailed) {
      this.report(1006, `no pong within the ${this.options.heartbeatInterval} ms heartbeat interval`);
    } else if (this.protocolError) this.report(this.protocolError.code, this.protocolError.reason);
    else this.report(code, reason.toString("utf8"));
  }

  private earlyClose(): void {
    this.report(1006, "client went away before the handshake completed");
  }

  private destroySocket(): void {
    this.socket.destroy();
  }

  private describeError(code: number, error: Error): string {
    if (code === 1009) return `message larger than maxMessageSize (${this.options.maxMessageSize} bytes)`;
    if (code === 1007) return "text message is not valid UTF-8";
    return truncateUtf8(error.message);
  }

  private report(code: number, reason: string): void {
    this.ended = true;
    this.resolveDrain?.();
    const events = this.events;
    this.events = undefined;
    events?.peerClosed(code, reason);
  }
}

function onClientMessage(this: WsSocket, data: Buffer, isBinary: boolean): void {
  (this as Client)[TRANSPORT].received(data, isBinary);
}

function onClientAlive(this: WsSocket): void {
  (this as Client)[TRANSPORT].heardFrom = true;
}

function onClientError(this: WsSocket, error: Error & { code?: string }): void {
  (this as Client)[TRANSPORT].failed(error);
}

function onClientClose(this: WsSocket, code: number, reason: Buffer): void {
  (this as Client)[TRANSPORT].clientClosed(code, reason);
}
