/**
 * `subscription.pipeTo(ws)`: events written to a WebSocket as they arrive. While the socket keeps up, each event
 * is sent inside the publish that delivers it, like a plain loop over sockets — no promise, microtask or generator
 * turn per event, which is most of what a `for await … await ws.sendText()` loop costs on top of the write.
 */
import type { BroadcastEvent } from "./backend.ts";
import { isSent } from "../websocket/sent.ts";

/** What `pipeTo` writes to: a Skiff `WebSocket` (or anything with its send methods and end signal). */
export interface EventSink {
  sendText(data: string): Promise<void>;
  sendBytes(data: Uint8Array): Promise<void>;
  sendJson(data: unknown): Promise<void>;
  /** Aborted when the connection ends: the pipe stops and its subscription is released. */
  readonly signal: AbortSignal;
  /** @internal A Skiff `WebSocket`'s `sendText` for text already encoded as UTF-8. */
  sendEncodedText?(text: string, utf8: Uint8Array): Promise<void>;
}

/**
 * Options of `subscription.pipeTo(ws, options)`.
 */
export interface PipeOptions<T> {
  /** What to send for an event; default its `message`. A string goes as a text message, bytes as binary, anything else as JSON. */
  map?: (event: BroadcastEvent<T>) => unknown;
}

/** A pipe in progress, as its subscription's queue keeps it. */
export interface Pipe<T> {
  readonly sink: EventSink;
  readonly map: ((event: BroadcastEvent<T>) => unknown) | undefined;
  /** A send is waiting for room in the socket's buffer: events queue behind it, in order. */
  waiting: boolean;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
  onAbort: (() => void) | undefined;
}

/**
 * Sends one event. Returns undefined when it went out at once; otherwise the pending send, which the caller waits
 * for before the next event. Throws what `map` throws.
 */
export function sendEvent<T>(pipe: Pipe<T>, event: BroadcastEvent<T>): Promise<void> | undefined {
  const value = pipe.map === undefined ? event.message : pipe.map(event);
  const sink = pipe.sink;
  let sending: Promise<void>;
  if (typeof value === "string") {
    sending = value === event.message && sink.sendEncodedText ? sink.sendEncodedText(value, encodedMessage(event, value)) : sink.sendText(value);
  } else {
    sending = value instanceof Uint8Array ? sink.sendBytes(value) : sink.sendJson(value);
  }
  return isSent(sending) ? undefined : sending;
}

/**
 * Each event's text message as UTF-8, encoded for the first socket and reused for the others. Handing `ws` the
 * same bytes for every socket measured about 9 % less CPU per delivery than a string it encodes per socket (bench
 * scenario 6).
 */
const encodedMessages = new WeakMap<BroadcastEvent<unknown>, Uint8Array>();

function encodedMessage(event: BroadcastEvent<unknown>, message: string): Uint8Array {
  let utf8 = encodedMessages.get(event);
  if (utf8 === undefined) encodedMessages.set(event, (utf8 = Buffer.from(message)));
  return utf8;
}
