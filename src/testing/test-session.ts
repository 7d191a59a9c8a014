import { AsyncQueue, type Taker } from "../util/async-queue.ts";
import { assertValidClose } from "../websocket/close-codes.ts";
import { WebSocketDisconnect, WebSocketReceiveTimeout, WebSocketStateError } from "../websocket/errors.ts";
import type { WebSocketMessage } from "../websocket/inbox.ts";
import { parseJsonMessage, stringifyJson } from "../websocket/json-message.ts";

/** How the test side reaches the server side of an in-memory connection. */
export interface ServerEnd {
  deliver(data: string | Uint8Array): void;
  closeFromClient(code: number, reason: string): void;
}

/** Options of a test session's `receive*()`. */
export interface ReceiveOptions {
  /** Give up after this many ms with a `WebSocketReceiveTimeout`. Default: the session's (5000 ms). */
  timeout?: number;
}

/** The messages the server sent and the test has not read, counted in bytes (the in-memory socket's buffer). */
class ReceiveQueue extends AsyncQueue<WebSocketMessage> {
  unreadBytes = 0;
  private readListeners: (() => void)[] = [];

  /** Called once the next time the test reads a message (or the connection closes). */
  onNextRead(listener: () => void): void {
    this.readListeners.push(listener);
  }

  notifyRead(): void {
    for (const listener of this.readListeners.splice(0)) listener();
  }

  protected override queued(message: WebSocketMessage): void {
    this.unreadBytes += sizeOf(message);
  }

  protected override dequeued(message: WebSocketMessage): void {
    this.unreadBytes -= sizeOf(message);
    this.notifyRead();
  }
}

/** A `receive*()` waiting in line, which gives up after its timeout. */
class TimedTaker implements Taker<WebSocketMessage> {
  private readonly timer: ReturnType<typeof setTimeout>;

  constructor(
    queue: ReceiveQueue,
    method: string,
    timeout: number,
    readonly settle: { resolve(message: WebSocketMessage): void; reject(error: unknown): void },
  ) {
    this.timer = setTimeout(() => {
      queue.withdraw(this);
      settle.reject(new WebSocketReceiveTimeout(method, timeout));
    }, timeout);
  }

  resolve(message: WebSocketMessage): void {
    clearTimeout(this.timer);
    this.settle.resolve(message);
  }

  reject(error: unknown): void {
    clearTimeout(this.timer);
    this.settle.reject(error);
  }

  /** The queue only ends by failing with the close; here for the interface. */
  end(): void {
    this.reject(new WebSocketDisconnect(1005, ""));
  }
}

/**
 * The client end of an in-memory WebSocket, as the TestClient's `websocketConnect()` returns it. Every
 * `receive*()` gives up after a timeout (default 5000 ms) with an error saying what it waited for.
 * @example
 * await using ws = await client.websocketConnect("/ws");
 * ws.sendText("hi");
 * assert.equal(await ws.receiveText(), "接受到的消息是: hi");
 */
export class WebSocketTestSession implements AsyncDisposable {
  /** The subprotocol the server accepted, if any. */
  acceptedSubprotocol: string | undefined;
  /** Extra headers the server added to its `101` response (lowercased names). */
  responseHeaders: Record<string, string> = {};
  /** Resolves with the close code and reason once the connection is closed, whoever closed it. */
  readonly closed: Promise<{ code: number; reason: string }>;
  /** Resolves when the server's handler has finished, its `finally` blocks included. */
  serverDone: Promise<void> = Promise.resolve();

  private readonly queue = new ReceiveQueue();
  private closeFrame: { code: number; reason: string } | undefined;
  private resolveClosed!: (frame: { code: number; reason: string }) => void;

  constructor(
    private readonly server: ServerEnd,
    private readonly defaultTimeout = 5000,
  ) {
    this.closed = new Promise((resolve) => (this.resolveClosed = resolve));
  }

  /** The close code once closed (by either side); `undefined` while open. */
  get closeCode(): number | undefined {
    return this.closeFrame?.code;
  }

  get closeReason(): string | undefined {
    return this.closeFrame?.reason;
  }

  sendText(data: string): void {
    this.assertOpen("sendText");
    this.server.deliver(String(data));
  }

  sendBytes(data: Uint8Array): void {
    this.assertOpen("sendBytes");
    this.server.deliver(Uint8Array.from(data));
  }

  sendJson(data: unknown): void {
    this.assertOpen("sendJson");
    this.server.deliver(stringifyJson(data, "sendJson()"));
  }

  /** The next message from the server; throws `WebSocketDisconnect` once the server closed and all were read. */
  receive(options: ReceiveOptions = {}): Promise<WebSocketMessage> {
    return this.take("receive()", options.timeout ?? this.defaultTimeout);
  }

  async receiveText(options: ReceiveOptions = {}): Promise<string> {
    const message = await this.take("receiveText()", options.timeout ?? this.defaultTimeout);
    if (message.type === "text") return message.data;
    throw new TypeError(`receiveText() expected a text message, but the server sent a binary one (${message.data.byteLength} bytes)`);
  }

  async receiveBytes(options: ReceiveOptions = {}): Promise<Uint8Array> {
    const message = await this.take("receiveBytes()", options.timeout ?? this.defaultTimeout);
    if (message.type === "bytes") return message.data;
    throw new TypeError(`receiveBytes() expected a binary message, but the server sent text: ${JSON.stringify(message.data.slice(0, 80))}`);
  }

  // `any` by default, like `response.json()`: a test asserts on the shape.
  async receiveJson<T = any>(options: ReceiveOptions = {}): Promise<T> {
    const message = await this.take("receiveJson()", options.timeout ?? this.defaultTimeout);
    const parsed = parseJsonMessage(message.data);
    if (parsed.ok) return parsed.value as T;
    throw new SyntaxError(`receiveJson(): the server sent a message that is not JSON (${parsed.reason})`);
  }

  /** Close from the client side (default 1000) and wait for the close to complete. Does nothing once closed. */
  close(code = 1000, reason = ""): Promise<{ code: number; reason: string }> {
    assertValidClose(code, reason);
    if (!this.closeFrame) {
      this.onClose(code, reason);
      this.server.closeFromClient(code, reason);
    }
    return this.closed;
  }

  /** Close if still open, then wait (at most the receive timeout) for the server's handler to finish. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.serverDone, new Promise((resolve) => (timer = setTimeout(resolve, this.defaultTimeout)))]);
    clearTimeout(timer);
  }

  /** Bytes the server sent that the test has not read yet (the in-memory socket's send buffer). */
  get unreadBytes(): number {
    return this.queue.unreadBytes;
  }

  /** Called once the next time the test reads a message (or the connection closes). */
  onNextRead(listener: () => void): void {
    this.queue.onNextRead(listener);
  }

  /** Server side: a message arrives. */
  push(message: WebSocketMessage): void {
    this.queue.push(message);
  }

  /** Server side (or this side's own close): the connection is closed with this frame. */
  onClose(code: number, reason: string): void {
    if (this.closeFrame) return;
    this.closeFrame = { code, reason };
    // Messages already sent stay readable; then every receive throws the close.
    this.queue.fail(new WebSocketDisconnect(code, reason));
    this.queue.notifyRead();
    this.resolveClosed(this.closeFrame);
  }

  private take(method: string, timeout: number): Promise<WebSocketMessage> {
    const message = this.queue.shift();
    if (message !== undefined) return Promise.resolve(message);
    return new Promise((resolve, reject) => this.queue.takeInto(new TimedTaker(this.queue, method, timeout, { resolve, reject })));
  }

  private assertOpen(method: string): void {
    if (!this.closeFrame) return;
    throw new WebSocketStateError(
      `Cannot ${method}(): the connection is closed (code ${this.closeFrame.code}${this.closeFrame.reason ? `, reason ${JSON.stringify(this.closeFrame.reason)}` : ""}).`,
    );
  }
}

function sizeOf(message: WebSocketMessage): number {
  return message.type === "text" ? Buffer.byteLength(message.data, "utf8") : message.data.byteLength;
}
