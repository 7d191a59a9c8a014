import { AsyncQueue } from "../util/async-queue.ts";
import type { WebSocketLike } from "./options.ts";
import type { TypedWebSocket } from "./types.ts";

export interface CloseInfo {
  code: number;
  reason: string;
}

/**
 * A JSON WebSocket over any WHATWG-style implementation: sends queue until the handshake completes, received
 * messages queue until iterated, and iteration ends when the connection closes (after the queued messages).
 */
export class ClientWebSocket<In = unknown, Out = unknown> implements TypedWebSocket<In, Out> {
  readonly opened: Promise<void>;
  readonly closed: Promise<CloseInfo>;
  private socket: WebSocketLike | undefined;
  private readonly outbox: string[] = [];
  /** Received messages until iterated; then the close (quiet) or the failure (a bad message, a failed handshake). */
  private readonly inbox = new AsyncQueue<Out>();
  private isOpen = false;
  private ended = false;
  private closeRequested = false;
  private lastError: string | undefined;
  private pendingClose: [number?, string?] | undefined;
  private readonly url: string;
  private settleOpen!: { resolve: () => void; reject: (error: unknown) => void };
  private settleClosed!: (info: CloseInfo) => void;

  constructor(url: string, connect: () => Promise<WebSocketLike>) {
    this.url = url;
    this.opened = new Promise((resolve, reject) => (this.settleOpen = { resolve, reject }));
    this.opened.catch(() => {}); // a failed handshake also ends iteration; not awaiting `opened` is fine
    this.closed = new Promise((resolve) => (this.settleClosed = resolve));
    connect().then(
      (socket) => this.attach(socket),
      (error) => this.finish({ code: 1006, reason: "" }, error),
    );
  }

  get protocol(): string {
    return this.socket?.protocol ?? "";
  }

  send(message: In): void {
    if (this.ended || this.closeRequested) throw new Error(`Cannot send: the WebSocket to ${this.url} is closed or closing.`);
    const text = JSON.stringify(message);
    if (this.isOpen) this.socket!.send(text);
    else this.outbox.push(text);
  }

  // 1000 given explicitly: a close frame without a code reaches the server as 1005 "no status".
  close(code = 1000, reason?: string): void {
    if (this.ended) return;
    this.closeRequested = true;
    if (this.socket) this.socket.close(code, reason);
    else this.pendingClose = [code, reason];
  }

  [Symbol.asyncIterator](): AsyncIterator<Out> {
    return {
      next: () => this.next(),
      return: async () => ({ done: true, value: undefined }), // leaving a loop keeps the connection open
    };
  }

  private next(): Promise<IteratorResult<Out>> {
    if (this.inbox.waiting) return Promise.reject(new Error("This WebSocket is already being iterated; read it from one loop."));
    return this.inbox.next();
  }

  private attach(socket: WebSocketLike): void {
    this.socket = socket;
    socket.binaryType = "arraybuffer";
    socket.addEventListener("open", () => this.onOpen());
    socket.addEventListener("message", (event: { data: unknown }) => this.onMessage(event.data));
    // Browsers say nothing about why; `ws` does ("Unexpected server response: 403"). Listening also keeps `ws`
    // from throwing the error as uncaught.
    socket.addEventListener("error", (event: { message?: string }) => (this.lastError ??= event.message));
    socket.addEventListener("close", (event: { code: number; reason: string }) => this.onClose(event));
    if (this.pendingClose) socket.close(...this.pendingClose);
  }

  private onOpen(): void {
    this.isOpen = true;
    for (const text of this.outbox.splice(0)) this.socket!.send(text);
    this.settleOpen.resolve();
  }

  private onMessage(data: unknown): void {
    let message: Out;
    try {
      message = JSON.parse(typeof data === "string" ? data : new TextDecoder().decode(data as ArrayBuffer));
    } catch (error) {
      this.inbox.fail(new Error(`The server sent a message that is not JSON: ${String(error)}`));
      this.socket!.close(1007, "invalid JSON");
      return;
    }
    this.inbox.push(message);
  }

  private onClose(event: { code: number; reason: string }): void {
    const info = { code: event.code, reason: event.reason };
    if (this.isOpen) return this.finish(info);
    const why = this.lastError ? `: ${this.lastError}` : ` (close code ${event.code})`;
    const error = new Error(`WebSocket handshake to ${this.url} failed${why}.`);
    this.settleOpen.reject(error);
    this.finish(info, this.closeRequested ? undefined : error); // closing before the handshake is not a failure
  }

  private finish(info: CloseInfo, error?: unknown): void {
    if (this.ended) return;
    this.ended = true;
    if (error !== undefined) {
      this.settleOpen.reject(error);
      this.inbox.fail(error);
    }
    this.settleClosed(info);
    this.inbox.end();
  }
}
