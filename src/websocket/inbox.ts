import { WebSocketDisconnect, WebSocketStateError } from "./errors.ts";

/** One message as the client sent it. */
export type WebSocketMessage = { type: "text"; data: string } | { type: "bytes"; data: Uint8Array };

interface Waiter {
  resolve(message: WebSocketMessage): void;
  reject(error: Error): void;
}

/**
 * Messages the client sent that the handler has not received yet, then the end of the connection. Past
 * `highWaterBytes` of unread data it asks the transport to stop reading, so a client that floods a slow handler
 * fills the TCP window instead of server memory.
 */
export class Inbox {
  private readonly queue: WebSocketMessage[] = [];
  private readonly waiters: Waiter[] = [];
  private queuedBytes = 0;
  private paused = false;
  private ending: WebSocketDisconnect | undefined;
  private endReported = false;

  constructor(
    private readonly highWaterBytes: number,
    private readonly flow: { pause(): void; resume(): void },
  ) {}

  get ended(): boolean {
    return this.ending !== undefined;
  }

  push(message: WebSocketMessage): void {
    if (this.ending) return; // after a close, late frames are discarded (RFC 6455 §5.5.1)
    const waiter = this.waiters.shift();
    if (waiter) return waiter.resolve(message);
    this.queue.push(message);
    this.queuedBytes += sizeOf(message);
    if (!this.paused && this.queuedBytes > this.highWaterBytes) {
      this.paused = true;
      this.flow.pause();
    }
  }

  /** No more messages will come; receivers get `disconnect` once the queue is empty. The first call wins. */
  end(disconnect: WebSocketDisconnect): void {
    if (this.ending) return;
    this.ending = disconnect;
    const waiters = this.waiters.splice(0);
    // Every receiver already waiting learns of the disconnect, so concurrent readers all stop.
    for (const waiter of waiters) waiter.reject(disconnect);
    if (waiters.length > 0) this.endReported = true;
  }

  take(): Promise<WebSocketMessage> {
    const message = this.queue.shift();
    if (message) {
      this.queuedBytes -= sizeOf(message);
      if (this.paused && this.queuedBytes <= this.highWaterBytes / 2) {
        this.paused = false;
        this.flow.resume();
      }
      return Promise.resolve(message);
    }
    if (this.ending) return new Promise((_, reject) => this.reportEnd(reject));
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  private reportEnd(reject: (error: Error) => void): void {
    const disconnect = this.ending as WebSocketDisconnect;
    if (!this.endReported) {
      this.endReported = true;
      return reject(disconnect);
    }
    // Starlette's rule: a second receive after the disconnect was reported is a bug (often an endless loop).
    reject(
      new WebSocketStateError(
        `Cannot receive: the WebSocket is closed (code ${disconnect.code}) and WebSocketDisconnect was already ` +
          `thrown once. Stop receiving when you catch WebSocketDisconnect.`,
      ),
    );
  }
}

function sizeOf(message: WebSocketMessage): number {
  return message.type === "text" ? message.data.length * 2 : message.data.byteLength;
}

/** Close codes after which `iterText/iterBytes/iterJson` end instead of throwing (1005: closed without a code). */
export const NORMAL_CLOSE_CODES: ReadonlySet<number> = new Set([1000, 1001, 1005]);

/** What a message iterator reads from: the `WebSocket`, through symbol-named hooks. */
export interface MessageSource<T> {
  receive(): Promise<WebSocketMessage>;
  /** The message as the iterator yields it; throws (after closing the connection) when it breaks a rule. */
  [convertMessage](kind: MessageKind, message: WebSocketMessage): T;
  /** Whether this end of the connection ends the loop quietly rather than throwing. */
  [endsQuietly](disconnect: WebSocketDisconnect): boolean;
}

/** Which `receive*()` an iterator stands for. */
export type MessageKind = "text" | "bytes" | "json";

export const convertMessage = Symbol("skiff.websocket.convertMessage");
export const endsQuietly = Symbol("skiff.websocket.endsQuietly");

const DONE: IteratorReturnResult<void> = Object.freeze({ done: true, value: undefined });

/**
 * What an `async function*` looping over `receive()` would be, by hand: one promise per message where the
 * generator machinery (an await, a yield and the queue of requests) costs several, and two closures per loop.
 * Concurrent `next()` calls need no queue: the inbox serves receivers in order and ends them all at once.
 */
export class MessageIterator<T> implements AsyncGenerator<T, void, undefined> {
  private done = false;
  private readonly onValue: (message: WebSocketMessage) => IteratorResult<T, void>;
  private readonly onError: (error: unknown) => IteratorResult<T, void>;

  constructor(
    private readonly source: MessageSource<T>,
    kind: MessageKind,
  ) {
    this.onValue = (message) => {
      try {
        return { done: false, value: source[convertMessage](kind, message) };
      } catch (error) {
        return this.end(error);
      }
    };
    this.onError = (error) => this.end(error);
  }

  next(): Promise<IteratorResult<T, void>> {
    if (this.done) return Promise.resolve(DONE);
    let pending: Promise<WebSocketMessage>;
    try {
      pending = this.source.receive();
    } catch (error) {
      pending = Promise.reject(error);
    }
    return pending.then(this.onValue, this.onError);
  }

  return(): Promise<IteratorResult<T, void>> {
    this.done = true;
    return Promise.resolve(DONE);
  }

  throw(error: unknown): Promise<IteratorResult<T, void>> {
    this.done = true;
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** As async generators have from Node 22 on (`await using`). */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.return();
  }

  /** A `WebSocketDisconnect` the source accepts ends the loop; anything else escapes. */
  private end(error: unknown): IteratorResult<T, void> {
    this.done = true;
    if (error instanceof WebSocketDisconnect && this.source[endsQuietly](error)) return DONE;
    throw error;
  }
}
