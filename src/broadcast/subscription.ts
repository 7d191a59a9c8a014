import type { BroadcastEvent } from "./backend.ts";
import { BroadcastError, BroadcastOverflowError } from "./errors.ts";
import { sendEvent, type EventSink, type Pipe, type PipeOptions } from "./pipe.ts";

/**
 * What happens when a subscriber doesn't keep up and `bufferSize` events wait in its queue:
 * - `"error"` (default): the subscription stops taking events; the ones already queued are still delivered,
 *   then the loop throws {@link BroadcastOverflowError} (whose `lastId` lets a stream-backed subscriber resume).
 *   Like Redis' own output-buffer limit for slow Pub/Sub clients: falling behind is loud, never silent.
 * - `"dropOldest"`: the oldest queued event is discarded for each new one; `subscription.dropped` counts them.
 */
export type OverflowPolicy = "error" | "dropOldest";

/** Options of `subscribe` and `psubscribe`. */
export interface QueueOptions {
  /** Most events kept waiting for a slow consumer. Default 1000. */
  bufferSize?: number;
  /** See {@link OverflowPolicy}. Default `"error"`. */
  overflow?: OverflowPolicy;
}

/**
 * A live subscription: an async iterator of events, for one consumer. Leaving the loop (`break`, `return`, a
 * throw) unsubscribes; so do `close()` and `await using`. `Broadcast.disconnect()` ends the loop quietly.
 * @example
 * const sub = broadcast.subscribe("room:lobby");
 * await sub.ready; // optional: the subscription is live (messages published from now on will arrive)
 * for await (const { message } of sub) console.log(message);
 */
export interface Subscription<T = unknown> extends AsyncIterableIterator<BroadcastEvent<T>>, AsyncDisposable {
  /** Resolves when the subscription is live; rejects if the backend refused it. */
  readonly ready: Promise<void>;
  /** Events discarded by the `"dropOldest"` overflow policy. */
  readonly dropped: number;
  /** Unsubscribes and ends the loop. Idempotent. */
  close(): Promise<void>;
  /**
   * Sends every event to `ws` as it arrives (a string as a text message, bytes as binary, anything else as JSON;
   * `map` picks what to send) until the connection ends — then resolves and unsubscribes — or the subscription
   * ends: quietly on `broadcast.disconnect()`, with the error on an overflow or when `map` throws. Events that
   * arrive while the socket's buffer is full wait in this subscription's queue (its `bufferSize` and `overflow`
   * apply), in order. Instead of a `for await` loop, not beside one: a subscription has one consumer.
   * @example await broadcast.subscribe("room:lobby").pipeTo(ws);
   */
  pipeTo(ws: EventSink, options?: PipeOptions<T>): Promise<void>;
}

/** Where the Broadcast keeps a subscription's replay feed: on the queue, so a delivery touches one object. */
export const replayFeed = Symbol("skiff.broadcast.replayFeed");

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

interface Pull {
  resolve(result: IteratorResult<BroadcastEvent<never>, undefined>): void;
  reject(error: unknown): void;
}

/** The bounded queue behind a {@link Subscription}; `push`/`fail`/`end` are for the Broadcast that feeds it. */
export class EventQueue<T = unknown> implements Subscription<T> {
  readonly ready: Promise<void>;
  /** @internal The replay feed in front of this queue (stream-backed channel subscriptions); set by the Broadcast. */
  [replayFeed]: { offer(event: BroadcastEvent): void; pause(): void; catchUp(): Promise<void> } | undefined = undefined;
  readonly #target: string;
  readonly #bufferSize: number;
  readonly #overflow: OverflowPolicy;
  readonly #onRelease: () => void;
  #buffer: BroadcastEvent<T>[] = [];
  #head = 0;
  /** The consumer's pending `next()` (nearly always at most one: fields, not an object in an array). */
  #pullResolve: Pull["resolve"] | undefined;
  #pullReject: Pull["reject"] | undefined;
  /** Further concurrent `next()` calls, in order. */
  #morePulls: Pull[] | undefined;
  /** The `pipeTo` in progress, if the subscription is consumed that way. */
  #pipe: Pipe<T> | undefined;
  #spaceWaiters: (() => void)[] = [];
  #state: "open" | "failing" | "closed" = "open";
  #error: unknown;
  #released = false;
  #dropped = 0;
  #lastQueuedId: string | undefined;

  /** `target` names the subscription in errors; `onRelease` runs once, when it stops taking events. */
  constructor(target: string, options: QueueOptions, ready: Promise<void>, onRelease: () => void) {
    const bufferSize = options.bufferSize ?? 1000;
    if (!Number.isInteger(bufferSize) || bufferSize < 1) throw new RangeError("bufferSize must be a positive integer");
    this.#target = target;
    this.#bufferSize = bufferSize;
    this.#overflow = options.overflow ?? "error";
    this.#onRelease = onRelease;
    this.ready = ready;
    ready.catch(() => {}); // its failure also ends the loop; awaiting `ready` is optional
  }

  get dropped(): number {
    return this.#dropped;
  }

  get bufferSize(): number {
    return this.#bufferSize;
  }

  /** Still taking events. */
  get open(): boolean {
    return this.#state === "open";
  }

  get #size(): number {
    return this.#buffer.length - this.#head;
  }

  hasSpace(): boolean {
    return this.#size < this.#bufferSize;
  }

  /** Resolves when the consumer takes an event or the subscription stops. */
  waitForSpace(): Promise<void> {
    if (this.#state !== "open" || this.hasSpace()) return Promise.resolve();
    return new Promise((resolve) => this.#spaceWaiters.push(resolve));
  }

  push(event: BroadcastEvent): void {
    if (this.#state !== "open") return;
    const typed = event as BroadcastEvent<T>;
    const pipe = this.#pipe;
    if (pipe !== undefined && !pipe.waiting && this.#size === 0) {
      this.#lastQueuedId = event.id;
      return this.#deliver(pipe, typed);
    }
    const resolve = this.#pullResolve;
    if (resolve !== undefined) {
      this.#shiftPull();
      this.#lastQueuedId = event.id;
      return resolve({ done: false, value: typed as BroadcastEvent<never> });
    }
    if (this.#size >= this.#bufferSize) {
      if (this.#overflow === "error") {
        return this.fail(new BroadcastOverflowError(this.#target, this.#bufferSize, this.#lastQueuedId));
      }
      this.#take();
      this.#dropped++;
    }
    this.#buffer.push(typed);
    this.#lastQueuedId = event.id;
  }

  /** Stops taking events; queued ones are still delivered, then the loop throws `error`. */
  fail(error: unknown): void {
    if (this.#state !== "open") return;
    this.#state = "failing";
    this.#error = error;
    this.#release();
    if (this.#size === 0) this.#settlePulls();
    this.#drainPipe();
  }

  /** Ends the loop quietly, discarding queued events. */
  end(): void {
    if (this.#state === "closed") return;
    this.#state = "closed";
    this.#buffer = [];
    this.#head = 0;
    this.#release();
    this.#settlePulls();
    this.#drainPipe();
  }

  pipeTo(sink: EventSink, options: PipeOptions<T> = {}): Promise<void> {
    if (this.#pipe !== undefined || this.#pullResolve !== undefined) {
      return Promise.reject(new BroadcastError(`The subscription to ${this.#target} already has a consumer: pipeTo() takes it alone`));
    }
    return new Promise<void>((resolve, reject) => {
      const pipe: Pipe<T> = { sink, map: options.map, waiting: false, resolve, reject, onAbort: undefined };
      this.#pipe = pipe;
      if (sink.signal.aborted) return this.#endPipe(pipe, undefined);
      pipe.onAbort = () => this.#endPipe(pipe, undefined);
      sink.signal.addEventListener("abort", pipe.onAbort, { once: true });
      this.#drainPipe(); // what was queued before the pipe, or the end that came first
    });
  }

  /** One event to the pipe's socket; if it must wait for room, later events queue until it is out. */
  #deliver(pipe: Pipe<T>, event: BroadcastEvent<T>): void {
    let sending: Promise<void> | undefined;
    try {
      sending = sendEvent(pipe, event);
    } catch (error) {
      return this.#endPipe(pipe, error);
    }
    if (sending === undefined) return;
    pipe.waiting = true;
    sending.then(
      () => {
        pipe.waiting = false;
        this.#drainPipe();
      },
      (error: unknown) => this.#endPipe(pipe, error),
    );
  }

  /** Sends what waits in the queue while the socket keeps up; ends the pipe once the subscription has ended. */
  #drainPipe(): void {
    const pipe = this.#pipe;
    if (pipe === undefined) return;
    while (!pipe.waiting && this.#size > 0 && this.#pipe === pipe) {
      const event = this.#take();
      this.#wakeSpaceWaiters();
      this.#deliver(pipe, event);
    }
    if (this.#pipe !== pipe || pipe.waiting || this.#size > 0 || this.#state === "open") return;
    const failed = this.#state === "failing";
    this.#state = "closed";
    this.#endPipe(pipe, failed ? this.#error : undefined);
  }

  #endPipe(pipe: Pipe<T>, error: unknown): void {
    if (this.#pipe !== pipe) return;
    this.#pipe = undefined;
    if (pipe.onAbort) pipe.sink.signal.removeEventListener("abort", pipe.onAbort);
    this.end();
    // A send refused because the connection ended is how a pipe normally stops, not an error.
    if (error === undefined || pipe.sink.signal.aborted) pipe.resolve();
    else pipe.reject(error);
  }

  next(): Promise<IteratorResult<BroadcastEvent<T>, undefined>> {
    if (this.#pipe !== undefined) {
      return Promise.reject(new BroadcastError(`The subscription to ${this.#target} is piped to a WebSocket: pipeTo() takes it alone`));
    }
    if (this.#size > 0) {
      const value = this.#take();
      this.#wakeSpaceWaiters();
      return Promise.resolve({ done: false, value });
    }
    if (this.#state === "failing") {
      this.#state = "closed";
      return Promise.reject(this.#error);
    }
    if (this.#state === "closed") return Promise.resolve(DONE);
    return new Promise((resolve, reject) => this.#addPull(resolve, reject));
  }

  #addPull(resolve: Pull["resolve"], reject: Pull["reject"]): void {
    if (this.#pullResolve === undefined) {
      this.#pullResolve = resolve;
      this.#pullReject = reject;
    } else (this.#morePulls ??= []).push({ resolve, reject });
  }

  /** The first pending `next()` was settled: the next one in line takes its place. */
  #shiftPull(): void {
    const next = this.#morePulls?.shift();
    this.#pullResolve = next?.resolve;
    this.#pullReject = next?.reject;
  }

  async return(): Promise<IteratorResult<BroadcastEvent<T>, undefined>> {
    this.end();
    return DONE;
  }

  async throw(error?: unknown): Promise<IteratorResult<BroadcastEvent<T>, undefined>> {
    this.end();
    throw error;
  }

  async close(): Promise<void> {
    this.end();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.end();
  }

  #take(): BroadcastEvent<T> {
    const value = this.#buffer[this.#head];
    this.#head++;
    if (this.#head === this.#buffer.length) {
      this.#buffer = [];
      this.#head = 0;
    } else if (this.#head > 1024 && this.#head * 2 > this.#buffer.length) {
      this.#buffer = this.#buffer.slice(this.#head);
      this.#head = 0;
    }
    return value;
  }

  #settlePulls(): void {
    if (this.#pullResolve === undefined) return;
    const pulls: Pull[] = [{ resolve: this.#pullResolve, reject: this.#pullReject as Pull["reject"] }, ...(this.#morePulls ?? [])];
    this.#pullResolve = this.#pullReject = this.#morePulls = undefined;
    for (const pull of pulls) {
      if (this.#state === "failing") {
        this.#state = "closed";
        pull.reject(this.#error);
      } else pull.resolve(DONE);
    }
  }

  #wakeSpaceWaiters(): void {
    if (this.#spaceWaiters.length === 0) return;
    const waiters = this.#spaceWaiters;
    this.#spaceWaiters = [];
    for (const wake of waiters) wake();
  }

  #release(): void {
    this.#wakeSpaceWaiters();
    if (this.#released) return;
    this.#released = true;
    this.#onRelease();
  }
}
