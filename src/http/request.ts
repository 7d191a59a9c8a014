import type { IncomingHttpHeaders, IncomingMessage } from "node:http";
import { randomUUID } from "node:crypto";
import { parse as parseQueryString } from "node:querystring";
import { parseCookie } from "cookie";
import { readBody } from "./body.ts";
import { unquoteCookie } from "./cookie-value.ts";
import type { App } from "../app.ts";

/** Read-only request headers with Fetch's `get()` (case-insensitive) over Node's lowercased header object. */
export class RequestHeaders {
  constructor(readonly raw: IncomingHttpHeaders) {}

  get(name: string): string | null {
    const value = this.raw[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(", ") : value;
  }

  has(name: string): boolean {
    return this.raw[name.toLowerCase()] !== undefined;
  }

  *entries(): IterableIterator<[string, string]> {
    for (const [name, value] of Object.entries(this.raw)) {
      if (value === undefined) continue;
      yield [name, Array.isArray(value) ? value.join(", ") : value];
    }
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}

export interface RequestInit {
  raw: IncomingMessage;
  app: App<any, any>;
  pathname: string;
  search: string;
  bodyLimit: number;
  trustProxy: boolean;
}

/**
 * The incoming HTTP request (Starlette's `Request`). Everything derived from the raw message is computed on first
 * use, so a handler pays only for what it reads.
 */
export class Request {
  readonly raw: IncomingMessage;
  /** The application serving this request (`request.app.state`, `request.app.logger`). */
  readonly app: App<any, any>;
  readonly method: string;
  /** The URL path, undecoded. */
  readonly path: string;
  private _pathParams?: Record<string, unknown>;
  private _state?: Record<string, unknown>;
  private readonly search: string;
  private readonly trustProxy: boolean;
  bodyLimit: number;
  private _headers?: RequestHeaders;
  private _query?: URLSearchParams;
  private _queryObject?: Record<string, string | string[]>;
  private _cookies?: Record<string, string>;
  private _url?: URL;
  private _id?: string;
  private _body?: Promise<Buffer>;

  constructor(init: RequestInit) {
    this.raw = init.raw;
    this.app = init.app;
    this.method = init.raw.method ?? "GET";
    this.path = init.pathname;
    this.search = init.search;
    this.bodyLimit = init.bodyLimit;
    this.trustProxy = init.trustProxy;
  }

  /** Raw path params as the router matched them. */
  get pathParams(): Record<string, unknown> {
    return (this._pathParams ??= {});
  }
  set pathParams(value: Record<string, unknown>) {
    this._pathParams = value;
  }

  /** Per-request storage for middleware and dependencies (created on first use). */
  get state(): Record<string, unknown> {
    return (this._state ??= {});
  }

  get headers(): RequestHeaders {
    return (this._headers ??= new RequestHeaders(this.raw.headers));
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
    if (Object.hasOwn(parsed, "__proto__")) delete parsed["__proto__"];
    return (this._queryObject = parsed);
  }

  get cookies(): Record<string, string> {
    if (this._cookies) return this._cookies;
    const header = this.raw.headers.cookie;
    const parsed: Record<string, string> = Object.create(null);
    if (header) {
      for (const [name, value] of Object.entries(parseCookie(header))) if (value !== undefined) parsed[name] = unquoteCookie(value);
    }
    return (this._cookies = parsed);
  }

  /** The scheme the client used: `x-forwarded-proto` counts only when the app trusts its proxy. */
  get scheme(): "http" | "https" {
    if (this.trustProxy) {
      const forwarded = this.raw.headers["x-forwarded-proto"];
      const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim();
      if (first === "https" || first === "http") return first;
    }
    return (this.raw.socket as { encrypted?: boolean }).encrypted ? "https" : "http";
  }

  get url(): URL {
    if (this._url) return this._url;
    const host = (this.trustProxy && firstHeader(this.raw.headers["x-forwarded-host"])) || this.raw.headers.host || "localhost";
    try {
      this._url = new URL(`${this.scheme}://${host}${this.path}${this.search ? `?${this.search}` : ""}`);
    } catch {
      this._url = new URL(`${this.scheme}://localhost${this.path}`);
    }
    return this._url;
  }

  get client(): { host: string; port: number } {
    return { host: this.raw.socket.remoteAddress ?? "", port: this.raw.socket.remotePort ?? 0 };
  }

  /** A request id: the client's `x-request-id` when it sent a sane one, else a fresh UUID. */
  get id(): string {
    if (this._id) return this._id;
    const given = this.raw.headers["x-request-id"];
    return (this._id = typeof given === "string" && /^[\w.:-]{1,128}$/.test(given) ? given : flatUUID());
  }

  set id(value: string) {
    this._id = value;
  }

  /** The raw body, read once (bounded by the body limit → 413). */
  body(): Promise<Buffer> {
    return (this._body ??= readBody(this.raw, this.bodyLimit));
  }

  async text(): Promise<string> {
    return (await this.body()).toString("utf8");
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const buffer = await this.body();
    return buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer;
  }
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
  const first = Array.isArray(value) ? value[0] : value;
  return first?.split(",")[0]?.trim() || undefined;
}

/**
 * A random UUID as one flat string. randomUUID() builds it by concatenation, a rope of ~20 pieces (about 490 bytes
 * of heap); reading a character flattens it to ~64 bytes, which matters for ids that live as long as a WebSocket.
 */
function flatUUID(): string {
  const id = randomUUID();
  id.charCodeAt(0);
  return id;
}
