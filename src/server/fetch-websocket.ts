// WebSockets behind a fetch host: `Deno.upgradeWebSocket` on Deno, `server.upgrade` + `bunWebSocket` on Bun. The
// upgrade goes through the same dispatcher as Node's (limits, middleware, routing, handshake checks, origin); only
// the channel differs: the handshake's answer is the fetch handler's Response.
import type { ResolvedWebSocketOptions } from "../websocket/options.ts";
import { refusalHeaders, type HandshakeRefusal, type PeerEvents, type PeerTransport } from "../websocket/transport.ts";
import type { UpgradeChannel } from "../websocket/upgrade.ts";
import { WebSocketDisconnect } from "../websocket/errors.ts";

/** Bun's server, as much as an upgrade needs (the fetch handler's second argument). */
interface BunServer {
  upgrade(request: globalThis.Request, options: { headers?: Record<string, string>; data: unknown }): boolean;
}

/** Bun's `ServerWebSocket`, as much as Skiff uses. */
interface BunSocket {
  readonly data: BunTransport;
  send(data: string | Uint8Array): number;
  close(code?: number, reason?: string): void;
  terminate(): void;
  getBufferedAmount(): number;
}

declare const Deno:
  | {
      upgradeWebSocket(
        request: globalThis.Request,
        options?: { protocol?: string; idleTimeout?: number },
      ): { socket: globalThis.WebSocket; response: globalThis.Response };
    }
  | undefined;

/** Where a fetch upgrade's handshake answer goes: the fetch handler returns it (`undefined` once Bun took over). */
export class FetchUpgradeChannel implements UpgradeChannel {
  readonly answer: Promise<globalThis.Response | undefined>;
  #settle!: (response: globalThis.Response | undefined) => void;

  constructor(
    readonly request: globalThis.Request,
    readonly server: unknown,
  ) {
    this.answer = new Promise((resolve) => (this.#settle = resolve));
  }

  /** @internal */
  settle(response: globalThis.Response | undefined): void {
    this.#settle(response);
  }

  refuse(refusal: HandshakeRefusal): void {
    this.#settle(refusalResponse(refusal));
  }

  transport(options: ResolvedWebSocketOptions): PeerTransport {
    if (isBunServer(this.server)) return new BunTransport(this, this.server, options);
    if (typeof Deno !== "undefined") return new DenoTransport(this, options);
    return new UnsupportedTransport(this);
  }

  destroy(): void {
    this.#settle(new globalThis.Response(null, { status: 500 }));
  }
}

function isBunServer(value: unknown): value is BunServer {
  return typeof (value as BunServer | undefined)?.upgrade === "function";
}

function refusalResponse(refusal: HandshakeRefusal): globalThis.Response {
  const headers = new Headers();
  for (const [name, value] of refusalHeaders(refusal)) headers.append(name, value);
  return new globalThis.Response(refusal.body as BodyInit, { status: refusal.status, headers });
}

/** What both runtimes' transports share: the events sink, the size limit, closing once. */
abstract class WebTransport implements PeerTransport {
  protected events: PeerEvents | undefined;
  protected ended = false;
  #drainWaiters: (() => void)[] = [];

  constructor(
    protected readonly channel: FetchUpgradeChannel,
    protected readonly options: ResolvedWebSocketOptions,
  ) {}

  attach(events: PeerEvents): void {
    this.events = events;
  }

  abstract accept(subprotocol: string | undefined, headers: [string, string][]): void;
  abstract send(data: string | Uint8Array): void;
  abstract get bufferedAmount(): number;
  abstract close(code: number, reason: string): void;
  abstract terminate(): void;

  refuse(response: HandshakeRefusal): void {
    this.ended = true;
    this.channel.refuse(response);
  }

  drained(): Promise<void> {
    if (this.ended) return Promise.resolve();
    return new Promise((resolve) => this.#drainWaiters.push(resolve));
  }

  // Neither runtime lets a server stop reading one socket: inbound backpressure is the runtime's own.
  pause(): void {}
  resume(): void {}

  /** A message from the client; one over `maxMessageSize` closes with 1009, as `ws` does on Node. */
  protected received(data: string | ArrayBuffer | Uint8Array): void {
    if (this.ended) return;
    const message = typeof data === "string" ? data : data instanceof Uint8Array ? data : new Uint8Array(data);
    if (tooLarge(message, this.options.maxMessageSize)) {
      this.close(1009, "");
      this.report(1009, `message larger than maxMessageSize (${this.options.maxMessageSize} bytes)`);
      return;
    }
    this.events?.peerMessage(message);
  }

  protected drainedNow(): void {
    const waiters = this.#drainWaiters;
    this.#drainWaiters = [];
    for (const resolve of waiters) resolve();
  }

  protected report(code: number, reason: string): void {
    if (this.ended && !this.events) return;
    this.ended = true;
    this.drainedNow();
    const events = this.events;
    this.events = undefined;
    events?.peerClosed(code, reason);
  }
}

/** Whether `message` is over `limit` bytes; a string short enough that even three bytes a character fit is not measured. */
function tooLarge(message: string | Uint8Array, limit: number): boolean {
  if (typeof message !== "string") return message.byteLength > limit;
  return message.length * 3 > limit && Buffer.byteLength(message) > limit;
}

/** Deno: `Deno.upgradeWebSocket`; its `idleTimeout` pings the client and drops one that stops answering. */
class DenoTransport extends WebTransport {
  #socket: globalThis.WebSocket | undefined;
  /** What the handler sent or did between accept() and the socket's opening (once the fetch handler returned). */
  #early: ((socket: globalThis.WebSocket) => void)[] | undefined = [];
  #drainTimer: ReturnType<typeof setTimeout> | undefined;

  accept(subprotocol: string | undefined, headers: [string, string][]): void {
    const idleTimeout = this.options.heartbeatInterval > 0 ? Math.max(1, Math.ceil(this.options.heartbeatInterval / 1000)) : undefined;
    const { socket, response } = Deno!.upgradeWebSocket(this.channel.request, { protocol: subprotocol, idleTimeout });
    for (const [name, value] of headers) response.headers.append(name, value);
    socket.binaryType = "arraybuffer";
    socket.onopen = () => {
      const early = this.#early ?? [];
      this.#early = undefined;
      for (const action of early) action(socket);
    };
    socket.onmessage = (event) => this.received(event.data as string | ArrayBuffer);
    socket.onclose = (event) => this.report(event.code, event.reason);
    this.#socket = socket;
    this.channel.settle(response);
  }

  #withSocket(action: (socket: globalThis.WebSocket) => void): void {
    if (this.#early) this.#early.push(action);
    else if (this.#socket) action(this.#socket);
  }

  send(data: string | Uint8Array): void {
    this.#withSocket((socket) => {
      if (socket.readyState === 1) socket.send(data as string);
    });
  }

  get bufferedAmount(): number {
    return this.#socket?.bufferedAmount ?? 0;
  }

  override drained(): Promise<void> {
    // A Web WebSocket has no drain event: look again shortly.
    this.#drainTimer ??= setTimeout(() => {
      this.#drainTimer = undefined;
      this.drainedNow();
    }, 5);
    return super.drained();
  }

  close(code: number, reason: string): void {
    this.#withSocket((socket) => {
      if (socket.readyState <= 1) socket.close(code, reason);
    });
  }

  terminate(): void {
    this.#withSocket((socket) => socket.close());
    this.report(1006, "");
  }
}

/** Bun: `server.upgrade` in the fetch handler; `bunWebSocket`'s handlers deliver the socket's events here. */
class BunTransport extends WebTransport {
  #socket: BunSocket | undefined;
  /** What the handler sent or did between accept() and Bun's `open` (which comes once the fetch handler returned). */
  #early: ((socket: BunSocket) => void)[] | undefined;

  constructor(
    channel: FetchUpgradeChannel,
    private readonly server: BunServer,
    options: ResolvedWebSocketOptions,
  ) {
    super(channel, options);
  }

  accept(subprotocol: string | undefined, headers: [string, string][]): void {
    const extra: Record<string, string> = {};
    for (const [name, value] of headers) extra[name] = extra[name] === undefined ? value : `${extra[name]}, ${value}`;
    if (subprotocol !== undefined) extra["sec-websocket-protocol"] = subprotocol;
    if (!this.server.upgrade(this.channel.request, { headers: extra, data: this })) {
      this.ended = true;
      throw new WebSocketDisconnect(1006, "client went away before the handshake completed");
    }
    this.#early = [];
    this.channel.settle(undefined);
  }

  /** @internal `bunWebSocket.open` */
  opened(socket: BunSocket): void {
    this.#socket = socket;
    const early = this.#early ?? [];
    this.#early = undefined;
    for (const action of early) action(socket);
  }

  #withSocket(action: (socket: BunSocket) => void): void {
    if (this.#socket) action(this.#socket);
    else this.#early?.push(action);
  }

  /** @internal `bunWebSocket.message` */
  onMessage(data: string | Uint8Array): void {
    this.received(data);
  }

  /** @internal `bunWebSocket.close` */
  onClose(code: number, reason: string): void {
    this.report(code, reason);
  }

  /** @internal `bunWebSocket.drain` */
  onDrain(): void {
    this.drainedNow();
  }

  send(data: string | Uint8Array): void {
    // Every message of an open socket comes here: no closure unless it must wait for Bun's `open`.
    if (this.#socket) this.#socket.send(data);
    else this.#early?.push((socket) => socket.send(data));
  }

  get bufferedAmount(): number {
    return this.#socket?.getBufferedAmount() ?? 0;
  }

  close(code: number, reason: string): void {
    this.#withSocket((socket) => socket.close(code, reason));
  }

  terminate(): void {
    this.#withSocket((socket) => socket.terminate());
    this.report(1006, "");
  }
}

/** A fetch host with no upgrade hook Skiff knows: the handshake is answered 501, saying what is missing. */
class UnsupportedTransport extends WebTransport {
  constructor(channel: FetchUpgradeChannel) {
    super(channel, undefined as unknown as ResolvedWebSocketOptions);
  }

  accept(): void {
    this.ended = true;
    this.channel.settle(
      globalThis.Response.json(
        {
          detail:
            "This server cannot upgrade to WebSocket: serve with Bun.serve({ fetch: app.fetch, websocket: bunWebSocket }), Deno.serve, or app.listen",
        },
        { status: 501 },
      ),
    );
    throw new WebSocketDisconnect(1006, "the fetch host has no WebSocket upgrade");
  }
  send(): void {}
  get bufferedAmount(): number {
    return 0;
  }
  close(): void {}
  terminate(): void {}
}

/**
 * Bun's WebSocket handlers for Skiff's routes: `Bun.serve({ fetch: app.fetch, websocket: bunWebSocket })`. Each
 * socket's events go to the connection its route opened.
 */
export const bunWebSocket = {
  open(socket: BunSocket): void {
    socket.data.opened(socket);
  },
  message(socket: BunSocket, message: string | Uint8Array): void {
    socket.data.onMessage(message);
  },
  close(socket: BunSocket, code: number, reason: string): void {
    socket.data.onClose(code, reason);
  },
  drain(socket: BunSocket): void {
    socket.data.onDrain();
  },
};
