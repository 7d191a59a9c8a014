// Password hashing is deliberately slow (scrypt, ~50 ms of CPU and 16 MiB each) and runs on libuv's small thread
// pool, which file reads share: a login flood hashing on every thread starves static files and the event loop.
// The gate lets a few hashes run at once, queues a bounded number, and turns the rest away at once.

/** Thrown when the queue is full: the route answers 503 with `Retry-After`. */
export class LoginBusyError extends Error {
  constructor() {
    super("Too many logins at once");
  }
}

export class HashGate {
  #active = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(
    readonly maxConcurrent: number,
    readonly maxQueued: number,
  ) {}

  /** Runs `work` when a slot is free; throws LoginBusyError when `maxQueued` are already waiting. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#active >= this.maxConcurrent) {
      if (this.#waiting.length >= this.maxQueued) throw new LoginBusyError();
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else {
      this.#active++;
    }
    try {
      return await work();
    } finally {
      // Hand the slot straight to the next waiter (the count stays), or free it.
      const next = this.#waiting.shift();
      if (next) next();
      else this.#active--;
    }
  }
}
