import { SkiffError } from "../errors.ts";

/**
 * Base class of every error thrown by `skiffjs/broadcast`.
 * @example
 * try { await broadcast.publish("room", msg); } catch (e) { if (e instanceof BroadcastError) log.warn(e.message); }
 */
export class BroadcastError extends SkiffError {
  constructor(message: string, options?: { cause?: unknown; code?: string }) {
    super(options?.code ?? "SKIFF_BROADCAST", message, options);
  }
}

/**
 * The backend (Redis) cannot be reached right now: `publish`, `presence.*` and replay reads reject with this
 * instead of waiting for the connection to come back. Subscriptions are not affected: they resume by themselves.
 * @example
 * try { await broadcast.publish("room", msg); } catch (e) { if (e instanceof BroadcastUnavailableError) return retryLater(); }
 */
export class BroadcastUnavailableError extends BroadcastError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, { ...options, code: "SKIFF_BROADCAST_UNAVAILABLE" });
  }
}

/**
 * Ends a subscription whose consumer fell `bufferSize` events behind (the default `overflow: "error"` policy).
 * Every event received before the overflow is still delivered first; `lastId` is the last of them, so a consumer
 * of a stream-backed channel can resubscribe with `{ since: error.lastId }` and miss nothing.
 * @example
 * try { for await (const e of broadcast.subscribe("room")) await slowWork(e); }
 * catch (e) { if (e instanceof BroadcastOverflowError) resumeFrom(e.lastId); }
 */
export class BroadcastOverflowError extends BroadcastError {
  readonly lastId: string | undefined;

  constructor(target: string, bufferSize: number, lastId: string | undefined) {
    super(`Subscriber of ${target} fell behind: ${bufferSize} events were waiting to be consumed (bufferSize)`, { code: "SKIFF_BROADCAST_OVERFLOW" });
    this.lastId = lastId;
  }
}
