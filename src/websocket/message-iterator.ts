import type { Taker } from "../util/async-queue.ts";
import { WebSocketDisconnect } from "./errors.ts";
import type { MessageKind, WebSocketMessage } from "./inbox.ts";

/** What a message iterator reads from: the `WebSocket`'s internal side. */
export interface MessageSource<T> {
  receive(): Promise<WebSocketMessage>;
  /** The inbox's `takeInto`, behind the connection's state checks (it throws before `accept()`). */
  waitForMessage(taker: Taker<WebSocketMessage>): void;
  /** The message as the iterator yields it; throws (after closing the connection) when it breaks a rule. */
  messageAs(kind: MessageKind, message: WebSocketMessage): T;
  /** Whether this end of the connection ends the loop quietly rather than throwing. */
  endsQuietly(disconnect: WebSocketDisconnect): boolean;
}

const DONE: IteratorReturnResult<void> = Object.freeze({ done: true, value: undefined });

/**
 * What `iterText()`/`iterBytes()`/`iterJson()` return: an `async function*` looping over `receive()`, by hand. It
 * waits in the inbox itself (it is the inbox's taker), so a message resolves `next()` directly: one promise per
 * message where the generator machinery (an await, a yield and its queue of requests) costs several, and no
 * closures kept for an idle connection. A second `next()` while one waits goes through `receive()`, which the inbox
 * serves after it, in order; the end of the connection reaches every waiting receiver at once.
 */
export class MessageIterator<T> implements AsyncGenerator<T, void, undefined>, Taker<WebSocketMessage> {
  private done = false;
  /** The pending `next()`, while this iterator waits in the inbox for a message. */
  private resolveNext: ((result: IteratorResult<T, void>) => void) | undefined;
  private rejectNext: ((error: unknown) => void) | undefined;

  constructor(
    private readonly source: MessageSource<T>,
    private readonly kind: MessageKind,
  ) {}

  next(): Promise<IteratorResult<T, void>> {
    if (this.done) return Promise.resolve(DONE);
    if (this.resolveNext !== undefined) return this.nextThroughReceive();
    return new Promise<IteratorResult<T, void>>((resolve, reject) => {
      this.resolveNext = resolve;
      this.rejectNext = reject;
      try {
        this.source.waitForMessage(this);
      } catch (error) {
        this.reject(error);
      }
    });
  }

  /** The inbox hands over the message this iterator waited for. */
  resolve(message: WebSocketMessage): void {
    const resolve = this.resolveNext as (result: IteratorResult<T, void>) => void;
    const reject = this.rejectNext as (error: unknown) => void;
    this.resolveNext = this.rejectNext = undefined;
    try {
      resolve(this.converted(message));
    } catch (error) {
      reject(error);
    }
  }

  /** The connection ended (with `error`, a `WebSocketDisconnect` or a misuse) while this iterator waited. */
  reject(error: unknown): void {
    const resolve = this.resolveNext as (result: IteratorResult<T, void>) => void;
    const reject = this.rejectNext as (error: unknown) => void;
    this.resolveNext = this.rejectNext = undefined;
    try {
      resolve(this.ended(error));
    } catch (thrown) {
      reject(thrown);
    }
  }

  /** The inbox always ends with an error; a quiet end would be an end all the same. */
  end(): void {
    this.reject(undefined);
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

  private converted(message: WebSocketMessage): IteratorResult<T, void> {
    try {
      return { done: false, value: this.source.messageAs(this.kind, message) };
    } catch (error) {
      return this.ended(error);
    }
  }

  /** A `WebSocketDisconnect` the source accepts ends the loop quietly; anything else escapes. */
  private ended(error: unknown): IteratorResult<T, void> {
    this.done = true;
    if (error === undefined || (error instanceof WebSocketDisconnect && this.source.endsQuietly(error))) return DONE;
    throw error;
  }

  private nextThroughReceive(): Promise<IteratorResult<T, void>> {
    return this.source.receive().then(
      (message) => this.converted(message),
      (error: unknown) => this.ended(error),
    );
  }
}
