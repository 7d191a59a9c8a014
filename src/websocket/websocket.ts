import { SENT } from "./sent.ts";
import type { Validator } from "../params/issues.ts";
import { checkAcceptOptions, type AcceptOptions } from "./accept-options.ts";
import { assertValidClose, truncateUtf8 } from "./close-codes.ts";
import { notConnectedError, WebSocketDisconnect, WebSocketStateError } from "./errors.ts";
import { ConnectionInfo, type ConnectionInfoInit } from "./connection-info.ts";
import type { Taker } from "../util/async-queue.ts";
import { Inbox, NORMAL_CLOSE_CODES, type MessageKind, type WebSocketMessage } from "./inbox.ts";
import { applicationState, clientState, CONNECTING, endOf, OPEN, wasAccepted, type Ended, type Lifecycle } from "./lifecycle.ts";
import { MessageIterator, type MessageSource } from "./message-iterator.ts";
import { describeIssuesForClose, describeValue, parseJsonMessage, stringifyJson } from "./json-message.ts";
import type { ResolvedWebSocketOptions } from "./options.ts";
import { byteSize, SendQueue } from "./send-queue.ts";
import type { HandshakeRefusal, PeerTransport } from "./transport.ts";

/** Where each side of a WebSocket is in its life, as in Starlette. */
export type WebSocketState = "CONNECTING" | "CONNECTED" | "DISCONNECTED";

/** Everything a `WebSocket` is built from; assembled by `openWebSocket` (websocket/upgrade.ts). */
export interface WebSocketInit<In> extends ConnectionInfoInit {
  /** Validates `receiveJson()`/`iterJson()` (the route's `messages.in`). */
  inValidator?: Validator<In>;
  options: ResolvedWebSocketOptions;
}

/** Who tracks the connection while it lives (the App, for shutdown): told once, when the connection ends. */
export interface WebSocketEndListener {
  untrackWebSocket(ws: WebSocket<any, any>): void;
}

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
  private lifecycle: Lifecycle = CONNECTING;
  private readonly transport: PeerTransport;
  private readonly inbox: Inbox;
  private readonly sendQueue: SendQueue;
  /** Created on first use of `signal`: most connections never ask, and an AbortController is not small. */
  private aborter: AbortController | undefined;
  private readonly inValidator: Validator<In> | undefined;
  private readonly options: ResolvedWebSocketOptions;
  /** @internal The session runner's handshake timeout, cleared as soon as the handshake is decided. */
  handshakeTimer: ReturnType<typeof setTimeout> | undefined = undefined;
  private endListener: WebSocketEndListener | undefined;

  constructor(transport: PeerTransport, init: WebSocketInit<In>) {
    super(init);
    this.transport = transport;
    this.inValidator = init.inValidator;
    this.options = init.options;
    this.inbox = new Inbox(init.options.maxBufferedBytes, transport);
    // The WebSocket itself hears the transport's events and answers the send queue: no closures per connection.
    this.sendQueue = new SendQueue(transport, this, init.options);
    transport.attach(this);
  }

  /** Aborted when the connection ends, for work that should stop with it (subscriptions, timers). */
  get signal(): AbortSignal {
    if (!this.aborter) {
      this.aborter = new AbortController();
      const ended = this.ended;
      if (ended) this.aborter.abort(ended.disconnect);
    }
    return this.aborter.signal;
  }

  /** What the handler did: CONNECTING until `accept()`/`close()`, DISCONNECTED once it closed or refused. */
  get applicationState(): WebSocketState {
    return applicationState(this.lifecycle);
  }

  /** What the client did: CONNECTED once the handshake completed, DISCONNECTED once it closed or vanished. */
  get clientState(): WebSocketState {
    return clientState(this.lifecycle);
  }

  /** The subprotocol chosen in `accept()`, if any. */
  get subprotocol(): string | undefined {
    return "subprotocol" in this.lifecycle ? this.lifecycle.subprotocol : undefined;
  }

  /** The code that ended the connection (the client's, the handler's, or 1006 for a drop); `undefined` while open. */
  get closeCode(): number | undefined {
    return this.ended?.disconnect.code;
  }

  get closeReason(): string {
    return this.ended?.disconnect.reason ?? "";
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
    const state = this.lifecycle;
    if (state.phase === "abandoned") throw state.disconnect;
    if (state.phase === "refused") {
      if (state.acceptError) throw state.acceptError;
      throw new WebSocketStateError("Cannot accept: close() was called before accept(), so the handshake was refused.");
    }
    if (state.phase !== "connecting") throw new WebSocketStateError("accept() was already called on this WebSocket; call it once.");
    const headers = checkAcceptOptions(options, this.subprotocols);
    try {
      this.transport.accept(options.subprotocol, headers);
    } catch (error) {
      if (error instanceof WebSocketDisconnect) this.peerClosed(error.code, error.reason);
      throw error;
    }
    this.clearHandshakeTimer();
    this.handshakeAccepted();
    this.lifecycle = options.subprotocol === undefined ? OPEN : { phase: "open", subprotocol: options.subprotocol };
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
    return this.receive().then((message) => this.messageAs("text", message) as string);
  }

  /** The next message, which must be binary; a text one closes the connection with 1003 (Unsupported Data). */
  receiveBytes(): Promise<Uint8Array> {
    return this.receive().then((message) => this.messageAs("bytes", message) as Uint8Array);
  }

  /**
   * The next message parsed as JSON (text, or binary holding UTF-8) and validated against the route's
   * `messages.in`. Invalid JSON closes with 1007, an invalid message with 1008 and a reason naming the field;
   * both then throw `WebSocketDisconnect`.
   * @example const { text } = await ws.receiveJson(); // typed by `messages.in`
   */
  receiveJson(): Promise<In> {
    return this.receive().then((message) => this.messageAs("json", message) as In);
  }

  /**
   * Send a text message; resolves once it is queued within `maxBufferedBytes` (see `sendTimeout`). Rejects
   * with `WebSocketDisconnect` once the client is gone, so await it (or catch) to end a sending loop.
   * @example await ws.sendText(`接受到的消息是: ${text}`);
   */
  sendText(data: string): Promise<void> {
    if (typeof data !== "string") {
      return Promise.reject(
        new TypeError(`sendText() expects a string, got ${describeValue(data)}; use sendBytes() for binary or sendJson() for objects`),
      );
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
    const phase = this.lifecycle.phase;
    if (phase === "connecting" || phase === "abandoned") {
      this.refuse({ status: 403, headers: { "content-type": "application/json" }, body: '{"detail":"Forbidden"}' }, "handler", undefined);
      return Promise.resolve();
    }
    if (phase !== "open" && phase !== "disconnected") return Promise.resolve();
    // Through the send queue, so messages sent (and not awaited) before close() still go out first.
    return this.sendQueue
      .run(0, () => this.closeFromServer(code, reason, "handler"))
      .catch((error: unknown) => {
        // The client was dropped while earlier sends waited: closed is what the caller wanted.
        if (!(error instanceof WebSocketDisconnect)) throw error;
      });
  }

  /** @internal Refuse the opening handshake with an HTTP response. `disconnect` is what a later `accept()` throws. */
  refuseHandshake(refusal: HandshakeRefusal, disconnect?: WebSocketDisconnect): void {
    this.refuse(refusal, "skiff", disconnect);
  }

  /** @internal Tell `listener` when the connection ends; false (and nothing to track) if it already has. */
  notifyOnEnd(listener: WebSocketEndListener): boolean {
    if (this.ended) return false;
    this.endListener = listener;
    return true;
  }

  /** @internal For message iterators: `receive()` with `taker` in the inbox's line instead of a promise. */
  waitForMessage(taker: Taker<WebSocketMessage>): void {
    if (!this.accepted) throw this.stateError("receive");
    this.inbox.takeInto(taker);
  }

  /** @internal What `receiveText()`/`receiveBytes()`/`receiveJson()` and the iterators make of a message. */
  messageAs(kind: MessageKind, message: WebSocketMessage): unknown {
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

  /** @internal For the iterators: normal closes and the handler's own `close()` end them quietly. */
  endsQuietly(disconnect: WebSocketDisconnect): boolean {
    return NORMAL_CLOSE_CODES.has(disconnect.code) || this.ended?.by === "handler";
  }

  /** @internal The transport: a message from the client. */
  peerMessage(data: string | Uint8Array): void {
    this.inbox.push(typeof data === "string" ? { type: "text", data } : { type: "bytes", data });
  }

  /** @internal The transport (or a failed `accept()`): the client's end of the connection. */
  peerClosed(code: number, reason: string): void {
    const state = this.lifecycle;
    switch (state.phase) {
      case "connecting":
        return this.end({ phase: "abandoned", by: "client", disconnect: new WebSocketDisconnect(code, reason) });
      case "open":
        return this.end({ phase: "disconnected", subprotocol: state.subprotocol, by: "client", disconnect: new WebSocketDisconnect(code, reason) });
      case "closing":
        this.lifecycle = { ...state, phase: "closed" };
    }
  }

  /** @internal For the send queue: whether writes should wait for room (once closed they fail at once). */
  isOpen(): boolean {
    return this.lifecycle.phase === "open";
  }

  /**
   * @internal For the send queue: the client did not read within `sendTimeout`. A close frame would sit behind
   * the data it is not reading, so the connection is dropped outright.
   */
  sendOverflow(): Error {
    const options = this.options;
    const reason = `client did not read: send buffer over ${options.maxBufferedBytes} bytes for ${options.sendTimeout} ms`;
    this.closeFromServer(1008, reason, "skiff", false);
    this.transport.terminate();
    return new WebSocketDisconnect(1008, reason);
  }

  private iterate<T>(kind: MessageKind): AsyncGenerator<T, void, undefined> {
    return new MessageIterator<T>(this as unknown as MessageSource<T>, kind);
  }

  /**
   * @internal For broadcast's `pipeTo`: `sendText(text)` with the text already encoded as UTF-8, once for every socket
   * the event goes to.
   */
  sendEncodedText(text: string, utf8: Uint8Array): Promise<void> {
    return this.send("sendText", text, utf8);
  }

  private send(method: string, data: string | Uint8Array, utf8?: Uint8Array): Promise<void> {
    try {
      this.assertCanSend(method);
      // The common case inline: nothing queued and room in the buffer, so the frame goes out now (keeping call
      // order with sends that are not awaited) with no closure and no new promise per message.
      if (this.sendQueue.canWriteNow(utf8 ?? data)) {
        this.transport.send(data, utf8);
        return SENT;
      }
    } catch (error) {
      return Promise.reject(error);
    }
    return this.sendQueue.enqueue(byteSize(utf8 ?? data), () => {
      this.assertCanSend(method);
      this.transport.send(data, utf8);
    });
  }

  private assertCanSend(method: string): void {
    const state = this.lifecycle;
    if (state.phase === "open") return;
    if (!this.accepted) throw this.stateError(method);
    if (this.ended?.by === "handler") {
      throw new WebSocketStateError(`Cannot ${method}(): the handler already closed this WebSocket with code ${this.closeCode}.`);
    }
    throw this.disconnect();
  }

  /** `accept()` completed the handshake at some point. */
  private get accepted(): boolean {
    return wasAccepted(this.lifecycle);
  }

  /** How the connection ended first, once it has. */
  private get ended(): Ended | undefined {
    return endOf(this.lifecycle);
  }

  private clearHandshakeTimer(): void {
    clearTimeout(this.handshakeTimer);
    this.handshakeTimer = undefined;
  }

  private refuse(refusal: HandshakeRefusal, by: "handler" | "skiff", acceptError: WebSocketDisconnect | undefined): void {
    const state = this.lifecycle;
    if (state.phase !== "connecting" && state.phase !== "abandoned") return;
    this.clearHandshakeTimer();
    if (state.phase === "abandoned") {
      this.lifecycle = { ...state, phase: "refused", acceptError };
      return;
    }
    this.transport.refuse(refusal);
    const disconnect = new WebSocketDisconnect(1006, acceptError?.reason ?? `handshake refused with HTTP ${refusal.status}`);
    this.end({ phase: "refused", acceptError, by, disconnect });
  }

  /** Skiff closes because the client broke a rule; the handler gets the returned error to throw. */
  private closeForPolicy(code: number, reason: string): WebSocketDisconnect {
    const safeReason = truncateUtf8(reason);
    this.closeFromServer(code, safeReason, "skiff");
    return new WebSocketDisconnect(code, safeReason);
  }

  /** The handler or Skiff ends an accepted connection: a close frame to the client if it is still there. */
  private closeFromServer(code: number, reason: string, by: "handler" | "skiff", sendCloseFrame = true): void {
    const state = this.lifecycle;
    if (state.phase === "disconnected") this.lifecycle = { ...state, phase: "closed" };
    if (state.phase !== "open") return;
    this.end({ phase: "closing", subprotocol: state.subprotocol, by, disconnect: new WebSocketDisconnect(code, reason) });
    if (sendCloseFrame) this.transport.close(code, reason);
  }

  /** The first end of the connection: receivers, the signal and the end listener hear of it. */
  private end(state: Lifecycle & Ended): void {
    this.lifecycle = state;
    this.inbox.fail(state.disconnect);
    this.aborter?.abort(state.disconnect);
    const listener = this.endListener;
    this.endListener = undefined;
    listener?.untrackWebSocket(this);
  }

  private disconnect(): WebSocketDisconnect {
    return new WebSocketDisconnect(this.closeCode ?? 1006, this.closeReason);
  }

  private stateError(method: string): WebSocketStateError {
    return notConnectedError(method, this.applicationState);
  }
}
