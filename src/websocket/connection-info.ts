import type { HTTPConnection } from "../http/connection.ts";
import type { RequestHeaders } from "../http/request-headers.ts";

/** What identifies a connection: its handshake request, and what routing found. */
export interface ConnectionInfoInit {
  /** The handshake request (the app's `Request`, which its middleware and dependencies saw). */
  connection: HTTPConnection;
  /** Path parameters of the matched route (converted). */
  pathParams?: Record<string, unknown>;
  /** The connection's id for logs; by default the handshake request's id. */
  requestId?: string;
}

/**
 * The parts of a `WebSocket` that come from its handshake request and never change: read from the request's
 * connection (see `HTTPConnection`), so `ws.headers`, `ws.cookies`, `ws.state` and `ws.client` are the request's, and
 * `ws.url` is `request.url` with `ws:`/`wss:`.
 */
export class ConnectionInfo {
  /** Path parameters of the matched route (converted, e.g. `{id:int}` → number). */
  readonly pathParams: Record<string, unknown>;
  readonly #connection: HTTPConnection;
  #url: URL | undefined;

  constructor(init: ConnectionInfoInit) {
    this.#connection = init.connection;
    if (init.requestId !== undefined) init.connection.id = init.requestId;
    this.pathParams = init.pathParams ?? {};
  }

  /** @internal The handshake was accepted (see `HTTPConnection.handshakeAccepted`). */
  protected handshakeAccepted(): void {
    this.#connection.handshakeAccepted();
  }

  /** Handshake request headers; `get()` is case-insensitive. */
  get headers(): RequestHeaders {
    return this.#connection.headers;
  }

  /** This connection's id, carried into every log line (the handshake request's). */
  get requestId(): string {
    return this.#connection.id;
  }

  /** The client's address, when known. */
  get client(): { host: string; port: number } | null {
    const client = this.#connection.client;
    return client.host === "" ? null : client;
  }

  /** Subprotocols the client offered in `Sec-WebSocket-Protocol`, in its order of preference. */
  get subprotocols(): readonly string[] {
    return requestedSubprotocols(this.#connection.headers);
  }

  /** The handshake request's URL with `ws:` or `wss:` (so `trustProxy`'s forwarded scheme and host count here too). */
  get url(): URL {
    if (this.#url) return this.#url;
    const url = new URL(this.#connection.url);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    return (this.#url = url);
  }

  /** Per-connection storage: the handshake request's `state`, so what middleware set there is here too. */
  get state(): Record<string, unknown> {
    return this.#connection.state;
  }

  /** The query string of the handshake URL (repeated keys kept). */
  get queryParams(): URLSearchParams {
    return this.#connection.queryParams;
  }

  /** Cookies sent with the handshake. */
  get cookies(): Record<string, string> {
    return this.#connection.cookies;
  }
}

/** Subprotocols offered in `Sec-WebSocket-Protocol`, in the client's order of preference. */
export function requestedSubprotocols(headers: RequestHeaders): string[] {
  const value = headers.get("sec-websocket-protocol");
  if (!value) return [];
  return value
    .split(",")
    .map((token) => token.trim())
    .filter((token) => token.length > 0);
}
