import { parse as parseQueryString } from "node:querystring";
import { requireDependency } from "../util/require-dependency.ts";
import { unquoteCookie } from "./cookie-value.ts";
import { RequestHeaders, type RawHeaders } from "./request-headers.ts";

const { parseCookie } = requireDependency("cookie") as typeof import("cookie");

/**
 * What a connection is built from, whichever server received it: the request line and head, and who sent it.
 * Node's `IncomingMessage` is one source (see `nodeHead` in request.ts); a Web `Request` can be another.
 */
export interface ConnectionHead {
  readonly method: string;
  /** The request target in origin form: path and query, undecoded (`/items?q=1`). */
  readonly target: string;
  /** Lowercased names; a repeated header as an array. */
  readonly headers: RawHeaders;
  /** The other end. A Node socket is one as it is. */
  readonly peer: Peer;
  /** The request line's HTTP version (`"1.1"`), when the server tells it. */
  readonly httpVersion?: string | undefined;
}

/** The client's address and whether it spoke TLS to this server. */
export interface Peer {
  readonly remoteAddress?: string | undefined;
  readonly remotePort?: number | undefined;
  readonly encrypted?: boolean | undefined;
}

/**
 * What HTTP requests and WebSocket handshakes share (Starlette's `HTTPConnection`): headers, cookies, query, the URL
 * as the client used it (behind a trusted proxy: the forwarded scheme and host), the client, per-request state and
 * id. `Request` extends it; a `WebSocket` reads its handshake's. Everything is derived on first use, so a handler
 * pays only for what it reads.
 */
export class HTTPConnection {
  /** @internal What the connection was built from. */
  readonly head: ConnectionHead;
  readonly method: string;
  /** The URL path, undecoded. */
  readonly path: string;
  private readonly search: string;
  private readonly trustProxy: boolean;
  private _pathParams?: Record<string, unknown>;
  private _state?: Record<string, unknown>;
  private _headers?: RequestHeaders;
  private _query?: URLSearchParams;
  private _queryObject?: Record<string, string | string[]>;
  private _cookies?: Record<string, string>;
  private _url?: URL;
  private _id?: string;

  constructor(head: ConnectionHead, trustProxy: boolean) {
    this.head = head;
    this.method = head.method;
    const target = head.target;
    const q = target.indexOf("?");
    this.path = q === -1 ? target : target.slice(0, q);
    this.search = q === -1 ? "" : target.slice(q + 1);
    this.trustProxy = trustProxy;
  }

  /** Raw path params as the router matched them. */
  get pathParams(): Record<string, unknown> {
    return (this._pathParams ??= {});
  }
  set pathParams(value: Record<string, unknown>) {
    this._pathParams = value;
  }

  /** Per-request storage for middleware, dependencies and the handler (created on first use). */
  get state(): Record<string, unknown> {
    return (this._state ??= {});
  }

  /** Request headers; `get()` is case-insensitive. */
  get headers(): RequestHeaders {
    return (this._headers ??= new RequestHeaders(this.head.headers));
  }

  /** The query string as `URLSearchParams` (repeated keys kept). */
  get queryParams(): URLSearchParams {
    return (this._query ??= new URLSearchParams(this.search));
  }

  /**
   * The query string as a plain object without a prototype: repeated keys become arrays. Every pair is kept (the
   * app refuses more than `maxQueryParams` before routing, rather than truncating) except `__proto__`: repeated, it
   * is an array that a merge or Object.assign downstream would turn into a prototype (`queryParams` still has it).
   */
  get queryObject(): Record<string, string | string[]> {
    if (this._queryObject) return this._queryObject;
    const parsed = parseQuery(this.search);
    if (Object.hasOwn(parsed, "__proto__")) Reflect.deleteProperty(parsed, "__proto__");
    return (this._queryObject = parsed);
  }

  /** Cookies sent with the request, unquoted as Starlette hands them over (an object without a prototype). */
  get cookies(): Record<string, string> {
    if (this._cookies) return this._cookies;
    const header = this.headers.get("cookie");
    const parsed: Record<string, string> = Object.create(null);
    if (header) {
      for (const [name, value] of Object.entries(parseCookie(header))) if (value !== undefined) parsed[name] = unquoteCookie(value);
    }
    return (this._cookies = parsed);
  }

  /** The scheme the client used: `x-forwarded-proto` counts only when the app trusts its proxy. */
  get scheme(): "http" | "https" {
    if (this.trustProxy) {
      const first = firstHeader(this.head.headers["x-forwarded-proto"]);
      if (first === "https" || first === "http") return first;
    }
    return this.head.peer.encrypted ? "https" : "http";
  }

  /** The URL the client asked for: scheme and host as it used them (forwarded ones behind a trusted proxy). */
  get url(): URL {
    if (this._url) return this._url;
    const headers = this.head.headers;
    const host = (this.trustProxy && firstHeader(headers["x-forwarded-host"])) || (typeof headers.host === "string" && headers.host) || "localhost";
    try {
      this._url = new URL(`${this.scheme}://${host}${this.path}${this.search ? `?${this.search}` : ""}`);
    } catch {
      // A Host header that is not a valid authority must not make the request unusable.
      this._url = new URL(`${this.scheme}://localhost${this.path.startsWith("/") ? this.path : "/"}`);
    }
    return this._url;
  }

  /** The HTTP version the client spoke (`"1.1"`; a fetch host does not say, and is taken as 1.1). */
  get httpVersion(): string {
    return this.head.httpVersion ?? "1.1";
  }

  /** The client's address (`{ host: "", port: 0 }` when the server does not know it). */
  get client(): { host: string; port: number } {
    const peer = this.head.peer;
    return { host: peer.remoteAddress ?? "", port: peer.remotePort ?? 0 };
  }

  /** A request id: the client's `x-request-id` when it sent a sane one, else a fresh UUID. */
  get id(): string {
    if (this._id) return this._id;
    const given = this.head.headers["x-request-id"];
    return (this._id = typeof given === "string" && /^[\w.:-]{1,128}$/.test(given) ? given : flatUUID());
  }

  set id(value: string) {
    this._id = value;
  }

  /** @internal A WebSocket handshake on this connection was accepted: what only the handshake needed can go. */
  handshakeAccepted(): void {}
}

/**
 * `node:querystring`'s parse (every pair kept, repeated keys as arrays), splitting by hand when nothing needs
 * decoding (no `%`, no `+`), as in most queries: a third faster for `q=hi&limit=5`.
 */
export function parseQuery(search: string): Record<string, string | string[]> {
  if (search.length === 0) return Object.create(null);
  if (search.includes("%") || search.includes("+")) return parseQueryString(search, "&", "=", { maxKeys: 0 }) as Record<string, string | string[]>;
  const out: Record<string, string | string[]> = Object.create(null);
  let start = 0;
  // The next "=" at or after `start`, searched again only once passed: linear even for "a&a&a…" without any "=".
  let eq = search.indexOf("=");
  while (start < search.length) {
    let end = search.indexOf("&", start);
    if (end === -1) end = search.length;
    if (eq !== -1 && eq < start) eq = search.indexOf("=", start);
    if (end > start) {
      const key = eq === -1 || eq > end ? search.slice(start, end) : search.slice(start, eq);
      const value = eq === -1 || eq > end ? "" : search.slice(eq + 1, end);
      const existing = out[key];
      if (existing === undefined) out[key] = value;
      else if (typeof existing === "string") out[key] = [existing, value];
      else existing.push(value);
    }
    start = end + 1;
  }
  return out;
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  const first = typeof value === "string" ? value : value?.[0];
  return first?.split(",")[0]?.trim() || undefined;
}

/**
 * A random UUID as one flat string. randomUUID() builds it by concatenation, a rope of ~20 pieces (about 490 bytes
 * of heap); reading a character flattens it to ~64 bytes, which matters for ids that live as long as a WebSocket.
 */
function flatUUID(): string {
  const id = crypto.randomUUID();
  id.charCodeAt(0);
  return id;
}
