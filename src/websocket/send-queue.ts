const RECHECK_MS = 100;

/** What the send queue needs to know about the connection's outgoing buffer (the transport itself). */
export interface SendBuffer {
  readonly bufferedAmount: number;
  drained(): Promise<void>;
}

/** The connection a send queue writes for. */
export interface SendQueueOwner {
  /** Whether the connection is still open: once it is not, writes go through at once (and fail there). */
  isOpen(): boolean;
  /** The error a write fails with when the client did not read within `sendTimeout` (after dropping it). */
  sendOverflow(): Error;
}

/**
 * Outbound backpressure. Writes run in call order; a write waits while the bytes already buffered for the
 * client plus its own would pass `maxBufferedBytes`. If the client does not read enough within `sendTimeout`,
 * the write fails with `sendOverflow()`'s error, so a client that never reads cannot grow server memory without bound.
 */
export class SendQueue {
  private tail: Promise<void> = Promise.resolve();
  private pending = 0;

  constructor(
    private readonly buffer: SendBuffer,
    private readonly owner: SendQueueOwner,
    private readonly limits: { maxBufferedBytes: number; sendTimeout: number },
  ) {}

  /** Run `write` once `size` more bytes fit, after every earlier write. */
  run(size: number, write: () => void): Promise<void> {
    if (this.pending === 0 && this.fits(size)) {
      // Fast path: nothing queued and room to spare, so the frame goes out synchronously, keeping call order
      // with writes that do not await, e.g. `ws.sendText("bye"); ws.close()`.
      try {
        write();
        return Promise.resolve();
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return this.enqueue(size, write);
  }

  /**
   * Whether `data` may be written at once (the fast path of `run`, for callers that write inline rather than
   * through a closure). Its size is measured only when something is already buffered.
   */
  canWriteNow(data: string | Uint8Array): boolean {
    if (this.pending !== 0) return false;
    return this.buffer.bufferedAmount === 0 || this.fits(byteSize(data));
  }

  /** Run `write` after every earlier write, once `size` more bytes fit (or fail after `sendTimeout`). */
  enqueue(size: number, write: () => void): Promise<void> {
    this.pending++;
    const result = this.tail.then(async () => {
      try {
        await this.waitForRoom(size);
        write();
      } finally {
        this.pending--;
      }
    });
    this.tail = result.catch(() => undefined);
    return result;
  }

  private fits(size: number): boolean {
    const buffered = this.buffer.bufferedAmount;
    // A message bigger than the whole budget still goes out once the buffer is empty, or it never could.
    return !this.owner.isOpen() || buffered === 0 || buffered + size <= this.limits.maxBufferedBytes;
  }

  private async waitForRoom(size: number): Promise<void> {
    const deadline = Date.now() + this.limits.sendTimeout;
    while (!this.fits(size)) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw this.owner.sendOverflow();
      let timer: NodeJS.Timeout | undefined;
      // Re-check now and then: a transport's drain signal can be missed (ws buffers inside its sender while
      // compressing). Not unref'd: bounded by sendTimeout, and an in-memory peer has no socket to keep the loop alive.
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.min(remaining, RECHECK_MS))));
      try {
        await Promise.race([this.buffer.drained(), timeout]);
      } finally {
        clearTimeout(timer);
      }
    }
  }
}

/** Bytes `data` takes on the wire (before framing). */
export function byteSize(data: string | Uint8Array): number {
  return typeof data === "string" ? Buffer.byteLength(data, "utf8") : data.byteLength;
}
