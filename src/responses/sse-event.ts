import { stringifyJson } from "./response.ts";

/**
 * The fields of one server-sent event.
 */
export interface ServerSentEventInit {
  /** A string is sent as is (each line its own `data:` line); anything else as JSON. */
  data?: unknown;
  /** The event type (`addEventListener(event, …)` in the browser); default `message`. */
  event?: string;
  /** The browser sends the last one back as `Last-Event-ID` when it reconnects. */
  id?: string | number;
  /** How long the browser waits before reconnecting, in ms. */
  retry?: number;
  /** A `:` line the browser ignores. */
  comment?: string;
}

const LINE_BREAK = /\r\n|\r|\n/;

/**
 * One Server-Sent Event with its fields. Yield it from an EventSourceResponse's source; plain strings and objects
 * may be yielded too, as `data` (objects JSON-encoded).
 * @example yield new ServerSentEvent({ event: "price", id: 42, data: { symbol: "ACME", price: 12.5 } })
 */
export class ServerSentEvent {
  readonly data: unknown;
  readonly event: string | undefined;
  readonly id: string | undefined;
  readonly retry: number | undefined;
  readonly comment: string | undefined;

  constructor(init: ServerSentEventInit) {
    this.data = init.data;
    this.event = singleLine("event", init.event);
    this.id = singleLine("id", init.id === undefined ? undefined : String(init.id));
    if (this.id?.includes("\0")) throw new TypeError("A Server-Sent Event id must not contain NUL.");
    if (init.retry !== undefined && !(Number.isInteger(init.retry) && init.retry >= 0)) {
      throw new TypeError(`retry must be a non-negative integer of milliseconds, got ${init.retry}.`);
    }
    this.retry = init.retry;
    this.comment = init.comment;
  }

  /** The event on the wire, ending with the blank line that dispatches it. */
  encode(): string {
    let out = "";
    if (this.comment !== undefined) for (const line of this.comment.split(LINE_BREAK)) out += `: ${line}\n`;
    if (this.event !== undefined) out += `event: ${this.event}\n`;
    if (this.id !== undefined) out += `id: ${this.id}\n`;
    if (this.retry !== undefined) out += `retry: ${this.retry}\n`;
    if (this.data !== undefined) out += dataLines(this.data);
    return `${out}\n`;
  }
}

/** What a source may yield, on the wire. */
export function encodeEvent(item: ServerSentEvent | string | object): string {
  if (item instanceof ServerSentEvent) return item.encode();
  return `${dataLines(item)}\n`;
}

function dataLines(data: unknown): string {
  const text = typeof data === "string" ? data : stringifyJson(data);
  let out = "";
  for (const line of text.split(LINE_BREAK)) out += `data: ${line}\n`;
  return out;
}

// A line break in `event` or `id` would let a value forge further fields.
function singleLine(field: string, value: string | undefined): string | undefined {
  if (value !== undefined && LINE_BREAK.test(value)) throw new TypeError(`A Server-Sent Event ${field} must be a single line.`);
  return value;
}
