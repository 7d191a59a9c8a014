import { WebSocketDisconnect, WebSocketStateError } from "./errors.ts";

/** One message as the client sent it. */
export type WebSocketMessage = { type: "text"; data: string } | { type: "bytes"; data: Uint8Array };

export interface Waiter {
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
      this.taken(message);
      return Promise.resolve(message);
    }
    if (this.ending) return new Promise((_, reject) => reject(this.endError()));
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /**
   * `take()` for a receiver that is itself the waiter (an iterator): the next queued message, or `undefined`
   * once `waiter` was queued to get it later. Throws what `take()` would reject with once the connection ended.
   */
  poll(waiter: Waiter): WebSocketMessage | undefined {
    const message = this.queue.shift();
    if (message) {
      this.taken(message);
      return message;
    }
    if (this.ending) throw this.endError();
    this.waiters.push(waiter);
    return undefined;
  }

  private taken(message: WebSocketMessage): void {
    this.queuedBytes -= sizeOf(message);
    if (this.paused && this.queuedBytes <= this.highWaterBytes / 2) {
      this.paused = false;
      this.flow.resume();
    }
  }

  private endError(): Error {
    const disconnect = this.ending as WebSocketDisconnect;
    if (!this.endReported) {
      this.endReported = true;
      return disconnect;
    }
    // Starlette's rule: a second receive after the disconnect was reported is a bug (often an endless loop).
    return new WebSocketStateError(
      `Cannot receive: the WebSocket is closed (code ${disconnect.code}) and WebSocketDisconnect was already ` +
        `thrown once. Stop receiving when you catch WebSocketDisconnect.`,
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
  /** `Inbox.poll` behind the connection's state checks. */
  [pollMessage](waiter: Waiter): WebSocketMessage | undefined;
  /** The message as the iterator yields it; throws (after closing the connection) when it breaks a rule. */
  [convertMessage](kind: MessageKind, message: WebSocketMessage): T;
  /** Whether this end of the connection ends the loop quietly rather than throwing. */
  [endsQuietly](disconnect: WebSocketDisconnect): boolean;
}

/** Which `receive*()` an iterator stands for. */
export type MessageKind = "text" | "bytes" | "json";

export const pollMessage = Symbol("skiff.websocket.pollMessage");
export const convertMessage = Symbol("skiff.websocket.convertMessage");
export const endsQuietly = Symbol("skiff.websocket.endsQuietly");

const DONE: IteratorReturnResult<void> = Object.freeze({ done: true, value: undefined });

/**
 * What an `async function*` looping over `receive()` would be, by hand: one promise per message where the
 * generator machinery (an await, a yield and the queue of requests) costs several, and two closures per loop.
 * Concurrent `next()` calls need no queue: the inbox serves receivers in order and ends them all at once.
 * It is the inbox's `Waiter` structurally: a declared `implements Waiter` would not hold in the published
 * declarations, which strip the @internal `resolve`/`reject`.
 */
export class MessageIterator<T> implements AsyncGenerator<T, void, undefined> {
  private done = false;
  private readonly onValue: (message: WebSocketMessage) => IteratorResult<T, void>;
  private readonly onError: (error: unknown) => IteratorResult<T, void>;
  /** The pending `next()`, while this iterator waits in the inbox for a message. */
  private resolveNext: ((result: IteratorResult<T, void>) => void) | undefined;
  private rejectNext: ((error: unknown) => void) | undefined;

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
    // A second next() while one waits: through receive(), which the inbox serves after this one, in order.
    if (this.resolveNext !== undefined) return this.nextThroughReceive();
    let message: WebSocketMessage | undefined;
    try {
      // The iterator waits in the inbox itself: the message resolves next()'s promise directly, one promise
      // and one microtask per message fewer than chaining on receive().
      message = this.source[pollMessage](this);
      if (message !== undefined) return Promise.resolve(this.onValue(message));
    } catch (error) {
      return this.settle(error);
    }
    return new Promise<IteratorResult<T, void>>((resolve, reject) => {
      this.resolveNext = resolve;
      this.rejectNext = reject;
    });
  }

  /** @internal The inbox delivers the message this iterator waited for. */
  resolve(message: WebSocketMessage): void {
    const resolve = this.resolveNext as (result: IteratorResult<T, void>) => void;
    const reject = this.rejectNext as (error: unknown) => void;
    this.resolveNext = this.rejectNext = undefined;
    try {
      resolve(this.onValue(message));
    } catch (error) {
      reject(error);
    }
  }

  /** @internal The connection ended while this iterator waited. */
  reject(error: Error): void {
    const resolve = this.resolveNext as (result: IteratorResult<T, void>) => void;
    const reject = this.rejectNext as (error: unknown) => void;
    this.resolveNext = this.rejectNext = undefined;
    try {
      resolve(this.end(error));
    } catch (thrown) {
      reject(thrown);
    }
  }

  private nextThroughReceive(): Promise<IteratorResult<T, void>> {
    let pending: Promise<WebSocketMessage>;
    try {
      pending = this.source.receive();
    } catch (error) {
      pending = Promise.reject(error);
    }
    return pending.then(this.onValue, this.onError);
  }

  private settle(error: unknown): Promise<IteratorResult<T, void>> {
    try {
      return Promise.resolve(this.end(error));
    } catch (thrown) {
      return Promise.reject(thrown);
    }
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
