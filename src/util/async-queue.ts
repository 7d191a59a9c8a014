/**
 * Someone waiting in line for the next item of an {@link AsyncQueue}: told exactly once, by one of the three.
 */
export interface Taker<T> {
  /** The item it waited for. */
  resolve(item: T): void;
  /** The queue failed with `error` and holds nothing more. */
  reject(error: unknown): void;
  /** The queue ended quietly and holds nothing more. */
  end(): void;
}

/** What `take()` rejects with once the queue ended quietly and is empty. */
export class AsyncQueueEnded extends Error {
  constructor() {
    super("The queue has ended: nothing more will come.");
    this.name = "AsyncQueueEnded";
  }
}

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/**
 * Items handed over one by one, in order, to whoever asks (`take()`, `next()`, or a {@link Taker} of your own) — at
 * once when one is queued, else as soon as one is pushed — and then the end: quiet (`end()`) or an error (`fail()`),
 * which reaches takers only after every item queued before it. The first end wins; pushes after it are dropped.
 * Runtime-neutral (no Node API): the browser client uses it too.
 *
 * Subclasses hear of items entering and leaving the buffer (`queued`/`dequeued`, for byte counts and backpressure)
 * and may choose what a late taker of a failed queue gets (`failureFor`).
 * @example
 * const queue = new AsyncQueue<string>();
 * queue.push("a");
 * queue.end();
 * for await (const item of queue) console.log(item); // "a"
 */
export class AsyncQueue<T> implements AsyncIterableIterator<T, undefined>, AsyncDisposable {
  #items: T[] = [];
  /** First in line (nearly always the only one: a field, not an array per queue). */
  #taker: Taker<T> | undefined;
  #moreTakers: Taker<T>[] | undefined;
  #state: "open" | "ended" | "failed" = "open";
  #error: unknown;
  /** A taker has been given the failure. */
  #failureReported = false;

  /** Items queued and not yet taken. */
  get size(): number {
    return this.#items.length;
  }

  /** Whether someone waits for an item. */
  get waiting(): boolean {
    return this.#taker !== undefined;
  }

  /** No more items will be taken in: `end()` or `fail()` was called. */
  get ended(): boolean {
    return this.#state !== "open";
  }

  /** Hands `item` to the first taker in line, or queues it. False (and dropped) once the queue has ended. */
  push(item: T): boolean {
    if (this.#state !== "open") return false;
    const taker = this.#nextTaker();
    if (taker !== undefined) taker.resolve(item);
    else {
      this.#items.push(item);
      this.queued(item);
    }
    return true;
  }

  /** Ends quietly: takers get the items already queued, then the end. */
  end(): void {
    if (this.#state !== "open") return;
    this.#state = "ended";
    this.#settleTakers();
  }

  /** Ends with `error`: takers get the items already queued, then the error. */
  fail(error: unknown): void {
    if (this.#state !== "open") return;
    this.#state = "failed";
    this.#error = error;
    this.#settleTakers();
  }

  /** Drops every queued item. */
  clear(): void {
    for (const item of this.#items.splice(0)) this.dequeued(item);
  }

  /** The next queued item, now; `undefined` if none is queued. */
  shift(): T | undefined {
    if (this.#items.length === 0) return undefined;
    const item = this.#items.shift() as T;
    this.dequeued(item);
    return item;
  }

  /** Gives `taker` the next item, or the end: at once if there is one, else when it comes. */
  takeInto(taker: Taker<T>): void {
    if (this.#items.length > 0) return taker.resolve(this.shift() as T);
    if (this.#state === "open") {
      if (this.#taker === undefined) this.#taker = taker;
      else (this.#moreTakers ??= []).push(taker);
    } else this.#settle(taker);
  }

  /** Takes `taker` out of the line (it gave up waiting); false if it was not in it. */
  withdraw(taker: Taker<T>): boolean {
    if (this.#taker === taker) {
      this.#nextTaker();
      return true;
    }
    const index = this.#moreTakers?.indexOf(taker) ?? -1;
    if (index >= 0) this.#moreTakers!.splice(index, 1);
    return index >= 0;
  }

  /** The next item. Rejects with the failure once the queue failed, or with `AsyncQueueEnded` once it ended. */
  take(): Promise<T> {
    if (this.#items.length > 0) return Promise.resolve(this.shift() as T);
    return new Promise((resolve, reject) => this.takeInto(new PromiseTaker(resolve, reject)));
  }

  /** As an async iterator: done once ended; after a failure, the error once, then done (as a generator). */
  next(): Promise<IteratorResult<T, undefined>> {
    if (this.#items.length > 0) return Promise.resolve({ done: false, value: this.shift() as T });
    if (this.#state === "ended" || (this.#state === "failed" && this.#failureReported)) return Promise.resolve(DONE);
    return new Promise((resolve, reject) => this.takeInto(new IteratorTaker(resolve, reject)));
  }

  /** Leaving a loop early ends the queue and drops what it holds. */
  return(): Promise<IteratorResult<T, undefined>> {
    this.end();
    this.clear();
    return Promise.resolve(DONE);
  }

  throw(error?: unknown): Promise<IteratorResult<T, undefined>> {
    this.end();
    this.clear();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.return();
  }

  /** An item went into the buffer (no taker was waiting). */
  protected queued(_item: T): void {}

  /** An item left the buffer: taken, or dropped by `clear()`. */
  protected dequeued(_item: T): void {}

  /**
   * What a taker gets from a failed, empty queue: the error, each time. Takers waiting when `fail()` came always
   * get the error itself; `reported` says whether any taker had it before this one.
   */
  protected failureFor(error: unknown, _reported: boolean): unknown {
    return error;
  }

  #nextTaker(): Taker<T> | undefined {
    const taker = this.#taker;
    this.#taker = this.#moreTakers?.shift();
    return taker;
  }

  /** The queue just ended: whoever waits holds nothing to take (it would have been given it), so it gets the end. */
  #settleTakers(): void {
    const first = this.#taker;
    if (first === undefined) return;
    const more = this.#moreTakers ?? [];
    this.#taker = this.#moreTakers = undefined;
    for (const taker of [first, ...more]) {
      if (this.#state === "failed") {
        this.#failureReported = true;
        taker.reject(this.#error);
      } else taker.end();
    }
  }

  /** A taker that came after the end, with nothing left to take. */
  #settle(taker: Taker<T>): void {
    if (this.#state === "ended") return taker.end();
    const error = this.failureFor(this.#error, this.#failureReported);
    this.#failureReported = true;
    taker.reject(error);
  }
}

/** `take()`'s place in line. */
class PromiseTaker<T> implements Taker<T> {
  constructor(
    readonly resolve: (item: T) => void,
    readonly reject: (error: unknown) => void,
  ) {}
  end(): void {
    this.reject(new AsyncQueueEnded());
  }
}

/** `next()`'s place in line. */
class IteratorTaker<T> implements Taker<T> {
  constructor(
    private readonly fulfil: (result: IteratorResult<T, undefined>) => void,
    readonly reject: (error: unknown) => void,
  ) {}
  resolve(item: T): void {
    this.fulfil({ done: false, value: item });
  }
  end(): void {
    this.fulfil(DONE);
  }
}
