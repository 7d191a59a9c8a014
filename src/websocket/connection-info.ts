import { parseCookies, requestedSubprotocols, type HandshakeRequest, type LazyUrl } from "./handshake-request.ts";
import type { WebSocketHeaders } from "./headers.ts";

/** What identifies a connection, known from its handshake request. */
export interface ConnectionInfoInit {
  request: HandshakeRequest;
  pathParams?: Record<string, unknown>;
  requestId: string;
  state?: Record<string, unknown>;
}

/**
 * The parts of a `WebSocket` that come from its handshake request and never change (Starlette's
 * `HTTPConnection`): URL, query, path params, headers, cookies, offered subprotocols, client address.
 */
export class ConnectionInfo {
  /** Handshake request headers; `get()` is case-insensitive. */
  readonly headers: WebSocketHeaders;
  /** Path parameters of the matched route (converted, e.g. `{id:int}` → number). */
  readonly pathParams: Record<string, unknown>;
  /** This connection's id, carried into every log line. */
  readonly requestId: string;
  /** Subprotocols the client offered, in its order of preference. */
  readonly subprotocols: readonly string[];
  /** The client's address, when known. */
  readonly client: { host: string; port: number } | null;
  private _url: URL | LazyUrl;
  private _cookies: Record<string, string> | undefined;
  private _state: Record<string, unknown> | undefined;

  constructor(init: ConnectionInfoInit) {
    this._url = init.request.url;
    this.headers = init.request.headers;
    this.client = init.request.client;
    this.pathParams = init.pathParams ?? {};
    this._state = init.state;
    this.requestId = init.requestId;
    this.subprotocols = requestedSubprotocols(this.headers);
  }

  /** `ws://` or `wss://` URL of the handshake request (parsed on first use). */
  get url(): URL {
    const url = this._url;
    return url instanceof URL ? url : (this._url = url.parse());
  }

  /** Per-connection storage for dependencies and the handler (created on first use). */
  get state(): Record<string, unknown> {
    return (this._state ??= {});
  }

  /** The query string of the handshake URL (repeated keys kept). */
  get queryParams(): URLSearchParams {
    return this.url.searchParams;
  }

  /** Cookies sent with the handshake. */
  get cookies(): Record<string, string> {
    return (this._cookies ??= parseCookies(this.headers));
  }
}
