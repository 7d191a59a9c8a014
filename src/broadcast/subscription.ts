import { AsyncQueue } from "../util/async-queue.ts";
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

/** The replay feed in front of a stream-backed channel subscription (see replay.ts). */
export interface ReplayFeed {
  offer(event: BroadcastEvent): void;
  pause(): void;
  catchUp(): Promise<void>;
}

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/**
 * The bounded queue behind a {@link Subscription}: an {@link AsyncQueue} of events with a size limit (`bufferSize`,
 * `overflow`) and a second way out, `pipeTo`. `push`/`fail`/`end` are for the Broadcast that feeds it.
 */
export class EventQueue<T = unknown> extends AsyncQueue<BroadcastEvent<T>> implements Subscription<T> {
  readonly ready: Promise<void>;
  /** @internal Set by the Broadcast for stream-backed channel subscriptions: on the queue, so a delivery touches one object. */
  replayFeed: ReplayFeed | undefined = undefined;
  readonly #target: string;
  readonly #bufferSize: number;
  readonly #overflow: OverflowPolicy;
  readonly #onRelease: () => void;
  /** The `pipeTo` in progress, if the subscription is consumed that way. */
  #pipe: Pipe<T> | undefined;
  #spaceWaiters: (() => void)[] = [];
  /** `end()` was called: nothing more is delivered, not even a failure still waiting to be thrown. */
  #closed = false;
  /** Why the subscription stopped taking events, if it failed: what the pipe ends with. */
  #error: unknown;
  #released = false;
  #dropped = 0;
  #lastQueuedId: string | undefined;

  /** `target` names the subscription in errors; `onRelease` runs once, when it stops taking events. */
  constructor(target: string, options: QueueOptions, ready: Promise<void>, onRelease: () => void) {
    super();
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
    return !this.ended;
  }

  hasSpace(): boolean {
    return this.size < this.#bufferSize;
  }

  /** Resolves when the consumer takes an event or the subscription stops. */
  waitForSpace(): Promise<void> {
    if (this.ended || this.hasSpace()) return Promise.resolve();
    return new Promise((resolve) => this.#spaceWaiters.push(resolve));
  }

  override push(event: BroadcastEvent): boolean {
    if (this.ended) return false;
    const typed = event as BroadcastEvent<T>;
    const pipe = this.#pipe;
    if (pipe !== undefined && !pipe.waiting && this.size === 0) {
      this.#lastQueuedId = event.id;
      this.#deliver(pipe, typed);
      return true;
    }
    if (this.size >= this.#bufferSize) {
      if (this.#overflow === "error") {
        this.fail(new BroadcastOverflowError(this.#target, this.#bufferSize, this.#lastQueuedId));
        return false;
      }
      this.shift();
      this.#dropped++;
    }
    this.#lastQueuedId = event.id;
    return super.push(typed);
  }

  /** Stops taking events; queued ones are still delivered, then the loop throws `error`. */
  override fail(error: unknown): void {
    if (this.ended) return;
    this.#error = error;
    super.fail(error);
    this.#release();
    this.#drainPipe();
  }

  /** Ends the loop quietly, discarding queued events. */
  override end(): void {
    if (this.#closed) return;
    this.#closed = true;
    super.end();
    this.clear();
    this.#release();
    this.#drainPipe();
  }

  override next(): Promise<IteratorResult<BroadcastEvent<T>, undefined>> {
    if (this.#pipe !== undefined) {
      return Promise.reject(new BroadcastError(`The subscription to ${this.#target} is piped to a WebSocket: pipeTo() takes it alone`));
    }
    if (this.#closed) return Promise.resolve(DONE);
    return super.next();
  }

  override async return(): Promise<IteratorResult<BroadcastEvent<T>, undefined>> {
    this.end();
    return DONE;
  }

  override async throw(error?: unknown): Promise<IteratorResult<BroadcastEvent<T>, undefined>> {
    this.end();
    throw error;
  }

  async close(): Promise<void> {
    this.end();
  }

  override async [Symbol.asyncDispose](): Promise<void> {
    this.end();
  }

  pipeTo(sink: EventSink, options: PipeOptions<T> = {}): Promise<void> {
    if (this.#pipe !== undefined || this.waiting) {
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

  protected override dequeued(): void {
    this.#wakeSpaceWaiters();
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
    while (!pipe.waiting && this.size > 0 && this.#pipe === pipe) this.#deliver(pipe, this.shift() as BroadcastEvent<T>);
    if (this.#pipe !== pipe || pipe.waiting || this.size > 0 || !this.ended) return;
    // The end, as a loop would meet it: quietly, or the failure that ended the subscription.
    this.#endPipe(pipe, this.#closed ? undefined : this.#error);
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
