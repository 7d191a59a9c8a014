import { WebSocketStateError } from "./errors.ts";

/** What `ws.accept()` may add to the `101 Switching Protocols` response. */
export interface AcceptOptions {
  /** One of the subprotocols the client offered (`ws.subprotocols`), echoed in `Sec-WebSocket-Protocol`. */
  subprotocol?: string;
  /** Extra response headers, e.g. `{ "set-cookie": ["a=1", "b=2"] }`. */
  headers?: Record<string, string | readonly string[]> | Iterable<readonly [string, string]>;
}

// The handshake itself owns these; letting a handler set them would break or forge the upgrade.
const RESERVED = new Set([
  "upgrade",
  "connection",
  "sec-websocket-accept",
  "sec-websocket-protocol",
  "sec-websocket-extensions",
  "content-length",
  "transfer-encoding",
]);
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Check `accept()`'s options against what the client offered; returns the header lines to add. */
export function checkAcceptOptions(options: AcceptOptions, offered: readonly string[]): [string, string][] {
  const { subprotocol } = options;
  if (subprotocol !== undefined && !offered.includes(subprotocol)) {
    throw new WebSocketStateError(
      `accept({ subprotocol: ${JSON.stringify(subprotocol)} }): the client offered ` +
        `${offered.length ? JSON.stringify(offered) : "no subprotocols"}; choose one of ws.subprotocols or omit subprotocol.`,
    );
  }
  const pairs: [string, string][] = [];
  const headers = options.headers ?? {};
  const entries: Iterable<readonly [string, string | readonly string[]]> =
    Symbol.iterator in headers ? (headers as Iterable<readonly [string, string]>) : Object.entries(headers);
  for (const [name, value] of entries) {
    for (const item of typeof value === "string" ? [value] : value) pairs.push([name, item]);
  }
  for (const [name, value] of pairs) {
    if (!TOKEN.test(name)) throw new TypeError(`accept(): ${JSON.stringify(name)} is not a valid header name`);
    if (RESERVED.has(name.toLowerCase())) {
      throw new TypeError(
        `accept(): the ${name} header is set by the WebSocket handshake itself` +
          (name.toLowerCase() === "sec-websocket-protocol" ? "; pass { subprotocol } instead" : ""),
      );
    }
    if (/[\r\n\0]/.test(value)) {
      throw new TypeError(`accept(): the value of header ${name} contains CR, LF or NUL, which would split the response`);
    }
  }
  return pairs;
}
