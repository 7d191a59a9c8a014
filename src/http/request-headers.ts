/** Header values as servers hand them over: lowercased names, a repeated header as an array (Node's shape). */
export type RawHeaders = Record<string, string | string[] | undefined>;

/**
 * Read-only request headers with Fetch's case-insensitive `get()`, over the lowercased header record of an HTTP
 * request or a WebSocket handshake (`request.headers`, `ws.headers`).
 * @example request.headers.get("User-Agent")
 */
export class RequestHeaders implements Iterable<[string, string]> {
  /** The lowercased header record as received (Node's `req.headers` on Node). */
  readonly raw: RawHeaders;

  constructor(raw: RawHeaders) {
    this.raw = raw;
  }

  /** The header's value, repeated values joined with ", " (cookies with "; ", as Node does); `null` when absent. */
  get(name: string): string | null {
    const lower = name.toLowerCase();
    const value = this.raw[lower];
    if (typeof value === "string") return value;
    // Anything else that is not an array (a record with a prototype answers `__proto__`) is no header.
    return Array.isArray(value) ? value.join(lower === "cookie" ? "; " : ", ") : null;
  }

  has(name: string): boolean {
    return this.get(name) !== null;
  }

  *entries(): IterableIterator<[string, string]> {
    for (const name of Object.keys(this.raw)) {
      const value = this.get(name);
      if (value !== null) yield [name, value];
    }
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }

  /** A plain object of lowercased names to values, for logging or spreading. */
  toJSON(): Record<string, string> {
    return Object.fromEntries(this.entries());
  }
}

/** A header record with lowercased names, as a connection's head needs it (for heads built by hand). */
export function lowercaseHeaders(headers: Record<string, string | string[] | undefined> | undefined): RawHeaders {
  const out: RawHeaders = {};
  for (const [name, value] of Object.entries(headers ?? {})) if (value !== undefined) out[name.toLowerCase()] = value;
  return out;
}
