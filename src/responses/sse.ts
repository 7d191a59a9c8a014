import type { Request } from "../http/request.ts";
import { Response } from "./response.ts";
import { encodeEvent, type ServerSentEvent } from "./sse-event.ts";

/**
 * Options of `new EventSourceResponse(events, options)`.
 */
export interface EventSourceOptions {
  /** Send a `: ping` comment after this many ms without an event, so proxies keep the stream open. 0 disables. Default 15000. */
  ping?: number;
  headers?: Record<string, string | string[]>;
  status?: number;
}

/**
 * One item an `EventSourceResponse` sends: an event, a string (its data) or an object (sent as JSON).
 */
export type EventSourceItem = ServerSentEvent | string | object;

/**
 * A Server-Sent Events stream (`text/event-stream`) from an async iterable. Strings and objects become `data`
 * (objects as JSON), a `ServerSentEvent` carries `event`, `id`, `retry` and comments. Idle streams get `: ping`
 * comments. When the client disconnects the source is closed: a generator's `finally` runs at its current
 * `yield`, or at its next one if it is awaiting something else. A reconnecting browser sends the last id it saw;
 * read it with `request.headers.get("last-event-id")`.
 * @example
 * app.get("/ticks", ({ request }) => {
 *   let n = Number(request.headers.get("last-event-id") ?? 0);
 *   return new EventSourceResponse((async function* () {
 *     while (true) { await sleep(1000); yield new ServerSentEvent({ id: ++n, data: { n } }); }
 *   })());
 * });
 */
export class EventSourceResponse extends Response {
  static override mediaType = "text/event-stream";
  private readonly stream: EventStream;

  constructor(source: AsyncIterable<EventSourceItem>, options: EventSourceOptions = {}) {
    const stream = new EventStream(source, options.ping ?? 15_000);
    super(stream, { status: options.status, headers: options.headers });
    this.stream = stream;
    if (!this.headers.has("cache-control")) this.headers.set("cache-control", "no-cache");
    // nginx buffers proxied responses unless told not to, which would hold events back.
    this.headers.set("x-accel-buffering", "no");
  }

  /** A HEAD never reads the stream, so the source is closed here rather than left open. */
  prepare(request: Request): void {
    if (request.method === "HEAD") void this.stream.return();
  }
}

const PING = ": ping\n\n";

/**
 * The wire frames of a source, with pings while it is idle. `return()` (the writer calls it when the client goes
 * away) settles a pending `next()` at once and closes the source, without waiting for the source to yield.
 */
class EventStream implements AsyncIterableIterator<string> {
  private readonly source: AsyncIterator<EventSourceItem>;
  private pending: Promise<IteratorResult<EventSourceItem>> | undefined;
  private closed = false;
  private stop: (() => void) | undefined;
  private readonly stopped: Promise<"stopped">;

  constructor(
    source: AsyncIterable<EventSourceItem>,
    private readonly ping: number,
  ) {
    this.source = source[Symbol.asyncIterator]();
    this.stopped = new Promise((resolve) => (this.stop = () => resolve("stopped")));
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<string>> {
    if (this.closed) return { done: true, value: undefined };
    const pending = (this.pending ??= this.source.next());
    let timer: NodeJS.Timeout | undefined;
    const idle = this.ping > 0 ? new Promise<"ping">((resolve) => (timer = setTimeout(resolve, this.ping, "ping"))) : undefined;
    try {
      const step = await Promise.race(idle ? [pending, idle, this.stopped] : [pending, this.stopped]);
      if (step === "stopped") return { done: true, value: undefined };
      if (step === "ping") return { done: false, value: PING };
      this.pending = undefined;
      if (step.done) {
        this.closed = true;
        return { done: true, value: undefined };
      }
      return { done: false, value: encodeEvent(step.value) };
    } catch (error) {
      this.closed = true;
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  async return(): Promise<IteratorResult<string>> {
    if (!this.closed) {
      this.closed = true;
      this.stop?.();
      // Nobody reads the pending step any more; its failure must not become an unhandled rejection.
      this.pending?.catch(() => undefined);
      // Not awaited: a generator parked on an `await` only reaches its `finally` at its next `yield`.
      try {
        Promise.resolve(this.source.return?.()).catch(() => undefined);
      } catch {
        // a source whose return() throws has nothing left to close
      }
    }
    return { done: true, value: undefined };
  }
}
