/** Node's header shape: lowercased names, repeated headers as arrays. */
export type RawHeaders = Record<string, string | string[] | undefined>;

/**
 * Read-only handshake request headers with Fetch's case-insensitive `get()`.
 * @example ws.headers.get("User-Agent")
 */
export class WebSocketHeaders implements Iterable<[string, string]> {
  private readonly raw: RawHeaders;

  constructor(raw: RawHeaders) {
    const lowered: RawHeaders = {};
    for (const [name, value] of Object.entries(raw)) if (value !== undefined) lowered[name.toLowerCase()] = value;
    this.raw = lowered;
  }

  /** The header's value, repeated values joined with ", " (cookies with "; ", as Node does); `null` when absent. */
  get(name: string): string | null {
    const lower = name.toLowerCase();
    const value = this.raw[lower];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(lower === "cookie" ? "; " : ", ") : value;
  }

  has(name: string): boolean {
    return this.raw[name.toLowerCase()] !== undefined;
  }

  *entries(): IterableIterator<[string, string]> {
    for (const name of Object.keys(this.raw)) yield [name, this.get(name) as string];
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }

  /** A plain object of lowercased names to values, for logging or spreading. */
  toJSON(): Record<string, string> {
    return Object.fromEntries(this.entries());
  }
}
