import { SENT } from "./sent.ts";
import type { Validator } from "../params/issues.ts";
import { checkAcceptOptions, type AcceptOptions } from "./accept-options.ts";
import { assertValidClose, truncateUtf8 } from "./close-codes.ts";
import { notConnectedError, WebSocketDisconnect, WebSocketStateError } from "./errors.ts";
import { ConnectionInfo, type ConnectionInfoInit } from "./connection-info.ts";
import { convertMessage, endsQuietly, Inbox, MessageIterator, NORMAL_CLOSE_CODES, pollMessage, type MessageKind, type MessageSource, type Waiter, type WebSocketMessage } from "./inbox.ts";
import { describeIssuesForClose, describeValue, parseJsonMessage, stringifyJson } from "./json-message.ts";
import type { ResolvedWebSocketOptions } from "./options.ts";
import { byteSize, SendQueue, type SendQueueOwner } from "./send-queue.ts";
import type { HandshakeRefusal, PeerEvents, PeerTransport } from "./transport.ts";

/** Where each side of a WebSocket is in its life, as in Starlette. */
export type WebSocketState = "CONNECTING" | "CONNECTED" | "DISCONNECTED";

/** Everything a `WebSocket` is built from; assembled by `openWebSocket` (websocket/upgrade.ts). */
export interface WebSocketInit<In> extends ConnectionInfoInit {
  /** Validates `receiveJson()`/`iterJson()` (the route's `messages.in`). */
  inValidator?: Validator<In>;
  options: ResolvedWebSocketOptions;
}

/** Internal hooks for the session runner; not part of the public API. */
export const refuseHandshake = Symbol("skiff.websocket.refuseHandshake");
const peerMessage = Symbol("skiff.websocket.peerMessage");
const peerClosed = Symbol("skiff.websocket.peerClosed");
const connectionOpen = Symbol("skiff.websocket.connectionOpen");
const sendOverflow = Symbol("skiff.websocket.sendOverflow");

/** Who tracks the connection while it lives (the App, for shutdown): told once, when the connection ends. */
export const endListener = Symbol("skiff.websocket.endListener");
export interface WebSocketEndListener {
  untrackWebSocket(ws: WebSocket<any, any>): void;
}
/** The session runner's handshake timeout, cleared as soon as the handshake is decided. */
export const handshakeTimer = Symbol("skiff.websocket.handshakeTimer");


/**
 * One WebSocket connection as a handler sees it (Starlette's `WebSocket`). Created by Skiff in the CONNECTING
 * state when the upgrade request arrives; the handler decides with `accept()` or `close()`.
 * @example
 * app.websocket("/ws", async (ws) => {
 *   await ws.accept();
 *   for await (const text of ws.iterText()) await ws.sendText(`接受到的消息是: ${text}`);
 * });
 */
export class WebSocket<In = unknown, Out = unknown> extends ConnectionInfo {
  private _applicationState: WebSocketState = "CONNECTING";
  private _clientState: WebSocketState = "CONNECTING";
  private _subprotocol: string | undefined;
  private accepted = false;
  private _closeCode: number | undefined;
  private _closeReason = "";
  /** Who ended the connection: the handler's own `close()` makes iterators end quietly whatever the code. */
  private closedBy: "handler" | "skiff" | "client" | undefined;
  private refusedWith: WebSocketDisconnect | undefined;
  private readonly transport: PeerTransport;
  private readonly inbox: Inbox;
  private readonly sendQueue: SendQueue;
  /** Created on first use of `signal`: most connections never ask, and an AbortController is not small. */
  private ended: AbortController | undefined;
  /** The first end of the connection: the signal's abort reason. */
  private endedWith: WebSocketDisconnect | undefined;
  private readonly inValidator: Validator<In> | undefined;
  private readonly options: ResolvedWebSocketOptions;
  /** @internal */
  [handshakeTimer]: NodeJS.Timeout | undefined = undefined;
  private endListener: WebSocketEndListener | undefined;

  constructor(transport: PeerTransport, init: WebSocketInit<In>) {
    super(init);
    this.transport = transport;
    this.inValidator = init.inValidator;
    this.options = init.options;
    this.inbox = new Inbox(init.options.maxBufferedBytes, transport);
    // One small object carries the transport's events and the send queue's questions back to this WebSocket:
    // no closures per connection (each would also keep a context alive for the connection's life).
    const link = new WebSocketLink(this);
    this.sendQueue = new SendQueue(transport, link, init.options);
    transport.attach(link);
  }

  /** Aborted when the connection ends, for work that should stop with it (subscriptions, timers). */
  get signal(): AbortSignal {
    if (!this.ended) {
      this.ended = new AbortController();
      if (this.endedWith) this.ended.abort(this.endedWith);
    }
    return this.ended.signal;
  }

  /** What the handler did: CONNECTING until `accept()`/`close()`, DISCONNECTED once it closed or refused. */
  get applicationState(): WebSocketState {
    return this._applicationState;
  }

  /** What the client did: CONNECTED once the handshake completed, DISCONNECTED once it closed or vanished. */
  get clientState(): WebSocketState {
    return this._clientState;
  }

  /** The subprotocol chosen in `accept()`, if any. */
  get subprotocol(): string | undefined {
    return this._subprotocol;
  }

  /** The code that ended the connection (the client's, the handler's, or 1006 for a drop); `undefined` while open. */
  get closeCode(): number | undefined {
    return this._closeCode;
  }

  get closeReason(): string {
    return this._closeReason;
  }

  /** Bytes sent but not yet handed to the network; `send*()` keeps it near `maxBufferedBytes` at most. */
  get bufferedAmount(): number {
    return this.transport.bufferedAmount;
  }

  /**
   * Complete the handshake: the client's `open` fires and messages flow.
   * @example await ws.accept({ subprotocol: "chat.v1", headers: { "x-server": "skiff" } });
   */
  async accept(options: AcceptOptions = {}): Promise<void> {
    if (this._applicationState === "CONNECTED") {
      throw new WebSocketStateError("accept() was already called on this WebSocket; call it once.");
    }
    if (this.refusedWith) throw this.refusedWith;
    if (this._applicationState === "DISCONNECTED") {
      throw new WebSocketStateError("Cannot accept: close() was called before accept(), so the handshake was refused.");
    }
    if (this._clientState === "DISCONNECTED") throw this.disconnect();
    const headers = checkAcceptOptions(options, this.subprotocols);
    try {
      this.transport.accept(options.subprotocol, headers);
    } catch (error) {
      if (error instanceof WebSocketDisconnect) this.onClosed(error.code, error.reason);
      throw error;
    }
    this.clearHandshakeTimer();
    this._subprotocol = options.subprotocol;
    this.accepted = true;
    this._applicationState = "CONNECTED";
    this._clientState = "CONNECTED";
  }

  /** The next message, text or binary. Throws `WebSocketDisconnect` when the connection ends. */
  receive(): Promise<WebSocketMessage> {
    if (!this.accepted) return Promise.reject(this.stateError("receive"));
    return this.inbox.take();
  }

  /**
   * The next message, which must be text; a binary one closes the connection with 1003 (Unsupported Data).
   * @example const text = await ws.receiveText();
   */
  receiveText(): Promise<string> {
    // `then`, not `async`/`await`: no suspended frame per waiting receiver, and a little less work per message.
    return this.receive().then((message) => this[convertMessage]("text", message) as string);
  }

  /** The next message, which must be binary; a text one closes the connection with 1003 (Unsupported Data). */
  receiveBytes(): Promise<Uint8Array> {
    return this.receive().then((message) => this[convertMessage]("bytes", message) as Uint8Array);
  }

  /**
   * The next message parsed as JSON (text, or binary holding UTF-8) and validated against the route's
   * `messages.in`. Invalid JSON closes with 1007, an invalid message with 1008 and a reason naming the field;
   * both then throw `WebSocketDisconnect`.
   * @example const { text } = await ws.receiveJson(); // typed by `messages.in`
   */
  receiveJson(): Promise<In> {
    return this.receive().then((message) => this[convertMessage]("json", message) as In);
  }

  /**
   * Send a text message; resolves once it is queued within `maxBufferedBytes` (see `sendTimeout`). Rejects
   * with `WebSocketDisconnect` once the client is gone, so await it (or catch) to end a sending loop.
   * @example await ws.sendText(`接受到的消息是: ${text}`);
   */
  sendText(data: string): Promise<void> {
    if (typeof data !== "string") {
      return Promise.reject(new TypeError(`sendText() expects a string, got ${describeValue(data)}; use sendBytes() for binary or sendJson() for objects`));
    }
    return this.send("sendText", data);
  }

  /** Send a binary message; resolves once it is queued within `maxBufferedBytes` (see `sendTimeout`). */
  sendBytes(data: Uint8Array): Promise<void> {
    if (!(data instanceof Uint8Array)) {
      return Promise.reject(new TypeError(`sendBytes() expects a Uint8Array or Buffer, got ${describeValue(data)}; use sendText() for strings`));
    }
    return this.send("sendBytes", data);
  }

  /**
   * Send `data` as a JSON text message (`Set` → array, `Map` → object), typed by `messages.out`.
   * @example await ws.sendJson({ type: "joined", room });
   */
  sendJson(data: Out): Promise<void> {
    let text: string;
    try {
      text = stringifyJson(data, "sendJson()");
    } catch (error) {
      return Promise.reject(error);
    }
    return this.send("sendJson", text);
  }

  /** Text messages until the connection ends; see {@link WebSocket.iterJson} for how it ends. */
  iterText(): AsyncGenerator<string, void, undefined> {
    return this.iterate("text");
  }

  /** Binary messages until the connection ends; see {@link WebSocket.iterJson} for how it ends. */
  iterBytes(): AsyncGenerator<Uint8Array, void, undefined> {
    return this.iterate("bytes");
  }

  /**
   * Validated JSON messages until the connection ends. It ends quietly on a normal close (1000, 1001, or 1005
   * when the client sent no code) and when the handler itself called `close()`; any other end throws
   * `WebSocketDisconnect` — a dropped connection (1006), the client's error codes, or Skiff closing for a broken
   * rule (1003/1007/1008/1009).
   * @example for await (const msg of ws.iterJson()) await router.dispatch(ws, msg);
   */
  iterJson(): AsyncGenerator<In, void, undefined> {
    return this.iterate("json");
  }

  /**
   * Close the connection (before `accept()`: refuse the handshake with HTTP 403). Only codes a peer may send are
   * accepted — 1000–1003, 1007–1014, 3000–4999 — and reasons up to 123 UTF-8 bytes; anything else throws a
   * `RangeError`. Closing twice, or after the client left, does nothing.
   * @example await ws.close(4001, "bad token");
   */
  close(code = 1000, reason = ""): Promise<void> {
    // Thrown synchronously, so a bad code fails at the call even when the promise is not awaited.
    assertValidClose(code, reason);
    if (this._applicationState === "CONNECTING") {
      this[refuseHandshake]({ status: 403, headers: { "content-type": "application/json" }, body: '{"detail":"Forbidden"}' });
      return Promise.resolve();
    }
    if (this._applicationState === "DISCONNECTED") return Promise.resolve();
    // Through the send queue, so messages sent (and not awaited) before close() still go out first.
    return this.sendQueue.run(0, () => this.finish(code, reason, "handler")).catch((error: unknown) => {
      // The client was dropped while earlier sends waited: closed is what the caller wanted.
      if (!(error instanceof WebSocketDisconnect)) throw error;
    });
  }

  /** Refuse the opening handshake with an HTTP response. `disconnect` is what a later `accept()` throws. */
  [refuseHandshake](refusal: HandshakeRefusal, disconnect?: WebSocketDisconnect): void {
    if (this._applicationState !== "CONNECTING") return;
    this.clearHandshakeTimer();
    this._applicationState = "DISCONNECTED";
    this.refusedWith = disconnect;
    if (this._clientState !== "DISCONNECTED") this.transport.refuse(refusal);
    this.onClosed(1006, disconnect?.reason ?? `handshake refused with HTTP ${refusal.status}`);
  }

  private iterate<T>(kind: MessageKind): AsyncGenerator<T, void, undefined> {
    return new MessageIterator<T>(this as unknown as MessageSource<T>, kind);
  }

  /** @internal What an iterator's `next()` reads: `receive()` without a promise. */
  [pollMessage](waiter: Waiter): WebSocketMessage | undefined {
    if (!this.accepted) throw this.stateError("receive");
    return this.inbox.poll(waiter);
  }

  /** @internal The iterators' conversion: what `receiveText()`/`receiveBytes()`/`receiveJson()` resolve with. */
  [convertMessage](kind: MessageKind, message: WebSocketMessage): unknown {
    if (kind === "text") {
      if (message.type === "text") return message.data;
      throw this.closeForPolicy(1003, `receiveText() expected a text message, got a binary one (${message.data.byteLength} bytes)`);
    }
    if (kind === "bytes") {
      if (message.type === "bytes") return message.data;
      throw this.closeForPolicy(1003, `receiveBytes() expected a binary message, got a text one (${message.data.length} chars)`);
    }
    const parsed = parseJsonMessage(message.data);
    if (!parsed.ok) throw this.closeForPolicy(parsed.code, parsed.reason);
    if (!this.inValidator) return parsed.value;
    const result = this.inValidator(parsed.value);
    if (result.ok) return result.value;
    throw this.closeForPolicy(1008, describeIssuesForClose(result.issues));
  }

  /** @internal Normal closes and the handler's own `close()` end iterators quietly. */
  [endsQuietly](disconnect: WebSocketDisconnect): boolean {
    return NORMAL_CLOSE_CODES.has(disconnect.code) || this.closedBy === "handler";
  }

  /** @internal Tell `listener` when the connection ends; false (and nothing to track) if it already has. */
  [endListener](listener: WebSocketEndListener): boolean {
    if (this.endedWith) return false;
    this.endListener = listener;
    return true;
  }

  /** @internal A message from the transport. */
  [peerMessage](data: string | Uint8Array): void {
    this.inbox.push(typeof data === "string" ? { type: "text", data } : { type: "bytes", data });
  }

  /** @internal The transport's end of the connection. */
  [peerClosed](code: number, reason: string): void {
    this.onClosed(code, reason);
  }

  /** @internal For the send queue. */
  [connectionOpen](): boolean {
    return this.isOpen();
  }

  /** @internal For the send queue: the client did not read within `sendTimeout`. */
  [sendOverflow](): Error {
    return this.dropSlowReader();
  }

  private send(method: string, data: string | Uint8Array): Promise<void> {
    try {
      this.assertCanSend(method);
      // The common case inline: nothing queued and room in the buffer, so the frame goes out now (keeping call
      // order with sends that are not awaited) with no closure and no new promise per message.
      if (this.sendQueue.canWriteNow(data)) {
        this.transport.send(data);
        return SENT;
      }
    } catch (error) {
      return Promise.reject(error);
    }
    return this.sendQueue.enqueue(byteSize(data), () => {
      this.assertCanSend(method);
      this.transport.send(data);
    });
  }

  private assertCanSend(method: string): void {
    if (!this.accepted) throw this.stateError(method);
    if (this.closedBy === "handler") {
      throw new WebSocketStateError(`Cannot ${method}(): the handler already closed this WebSocket with code ${this._closeCode}.`);
    }
    if (this._clientState === "DISCONNECTED" || this._applicationState === "DISCONNECTED") throw this.disconnect();
  }

  private clearHandshakeTimer(): void {
    clearTimeout(this[handshakeTimer]);
    this[handshakeTimer] = undefined;
  }

  private isOpen(): boolean {
    return this._applicationState === "CONNECTED" && this._clientState === "CONNECTED";
  }

  /** Skiff closes because the client broke a rule; the handler gets the returned error to throw. */
  private closeForPolicy(code: number, reason: string): WebSocketDisconnect {
    const safeReason = truncateUtf8(reason);
    this.finish(code, safeReason, "skiff");
    return new WebSocketDisconnect(code, safeReason);
  }

  private dropSlowReader(): WebSocketDisconnect {
    const options = this.options;
    const reason = `client did not read: send buffer over ${options.maxBufferedBytes} bytes for ${options.sendTimeout} ms`;
    this.recordEnd(1008, reason, "skiff");
    // A close frame would sit behind the data the client is not reading, so drop the connection outright.
    this.transport.terminate();
    return new WebSocketDisconnect(1008, reason);
  }

  private finish(code: number, reason: string, by: "handler" | "skiff"): void {
    if (this._applicationState === "DISCONNECTED") return;
    const open = this._clientState === "CONNECTED";
    this.recordEnd(code, reason, by);
    if (open) this.transport.close(code, reason);
  }

  private recordEnd(code: number, reason: string, by: "handler" | "skiff"): void {
    this._applicationState = "DISCONNECTED";
    this.markEnded(code, reason, by);
  }

  private onClosed(code: number, reason: string): void {
    this._clientState = "DISCONNECTED";
    this.markEnded(code, reason, "client");
  }

  /** The first end wins: its code is what `closeCode`, later sends and the signal report. */
  private markEnded(code: number, reason: string, by: "handler" | "skiff" | "client"): void {
    if (this.closedBy === undefined) {
      this.closedBy = by;
      this._closeCode = code;
      this._closeReason = reason;
    }
    const disconnect = new WebSocketDisconnect(code, reason);
    this.inbox.end(disconnect);
    if (!this.endedWith) {
      this.endedWith = disconnect;
      this.ended?.abort(disconnect);
      const listener = this.endListener;
      this.endListener = undefined;
      listener?.untrackWebSocket(this);
    }
  }

  private disconnect(): WebSocketDisconnect {
    return new WebSocketDisconnect(this._closeCode ?? 1006, this._closeReason);
  }

  private stateError(method: string): WebSocketStateError {
    return notConnectedError(method, this._applicationState);
  }
}

/** The transport's events and the send queue's questions, forwarded to the WebSocket's internal hooks. */
class WebSocketLink implements PeerEvents, SendQueueOwner {
  constructor(private readonly ws: WebSocket<any, any>) {}
  message(data: string | Uint8Array): void {
    this.ws[peerMessage](data);
  }
  closed(code: number, reason: string): void {
    this.ws[peerClosed](code, reason);
  }
  isOpen(): boolean {
    return this.ws[connectionOpen]();
  }
  overflow(): Error {
    return this.ws[sendOverflow]();
  }
}
