import type { Readable } from "node:stream";
import { ResponseHeaders } from "./headers.ts";
import { expiredCookie, serializeCookie, type CookieOptions } from "./cookies.ts";

export type ResponseBody = string | Uint8Array | null | AsyncIterable<string | Uint8Array> | Readable;

/**
 * What every response class takes besides its body: status, headers and media type.
 */
export interface ResponseInit {
  status?: number;
  headers?: Record<string, string | string[]> | Iterable<[string, string]>;
  /** The `content-type`; a `text/*` type gets `; charset=utf-8` appended. */
  mediaType?: string | null;
}

/**
 * A response a handler may return as is (Starlette's `Response`). Subclasses render their content; this base class
 * sends `body` untouched.
 * @example return new Response("pong", { mediaType: "text/plain" })
 */
export class Response {
  status: number;
  body: ResponseBody;
  readonly headers: ResponseHeaders;

  constructor(body: ResponseBody = null, init: ResponseInit = {}) {
    this.status = init.status ?? 200;
    this.body = body;
    this.headers = new ResponseHeaders(init.headers);
    const mediaType = init.mediaType === undefined ? (this.constructor as typeof Response).mediaType : init.mediaType;
    if (mediaType && (init.headers === undefined || !this.headers.has("content-type"))) {
      this.headers.set("content-type", contentType(mediaType));
    }
  }

  /** The default `content-type` of this response class. */
  static mediaType: string | null = null;

  setCookie(name: string, value: string, options?: CookieOptions): this {
    this.headers.append("set-cookie", serializeCookie(name, value, options));
    return this;
  }

  deleteCookie(name: string, options?: Omit<CookieOptions, "maxAge" | "expires">): this {
    this.headers.append("set-cookie", expiredCookie(name, options));
    return this;
  }
}

/** A media type as a `content-type` value: text types get `charset=utf-8` unless they name one. */
function contentType(mediaType: string): string {
  return mediaType.startsWith("text/") && !mediaType.includes("charset") ? `${mediaType}; charset=utf-8` : mediaType;
}

/** JSON of any value (`application/json`, no charset, as FastAPI sends it). */
export class JSONResponse extends Response {
  static override mediaType = "application/json";
  constructor(content: unknown, init: ResponseInit = {}) {
    super(stringifyJson(content), init);
  }
}

/**
 * An HTML page: `text/html; charset=utf-8` (FastAPI's `HTMLResponse`).
 * @example return new HTMLResponse("<h1>Hello</h1>");
 */
export class HTMLResponse extends Response {
  static override mediaType = "text/html";
  constructor(content: string, init: ResponseInit = {}) {
    super(content, init);
  }
}

/**
 * Plain text: `text/plain; charset=utf-8` (FastAPI's `PlainTextResponse`).
 * @example return new PlainTextResponse("pong");
 */
export class PlainTextResponse extends Response {
  static override mediaType = "text/plain";
  constructor(content: string, init: ResponseInit = {}) {
    super(content, init);
  }
}

/**
 * A redirect (307 by default, so the method and body are kept). The URL is sent as given: a relative URL keeps the
 * client on the scheme and host it used, which is right behind a TLS-terminating proxy.
 */
export class RedirectResponse extends Response {
  constructor(url: string | URL, init: ResponseInit = {}) {
    super(null, { status: 307, ...init });
    this.headers.set("location", encodeURI(decodeURISafe(String(url))));
  }
}

function decodeURISafe(url: string): string {
  try {
    return decodeURI(url);
  } catch {
    return url;
  }
}

/** JSON.stringify that also renders Set (as an array), Map (as an object) and BigInt (as a number string). */
export function stringifyJson(value: unknown): string {
  // A replacer makes JSON.stringify call back into JS for every key (the slowest part of a JSON response); most
  // values hold nothing it would change, and checking that in JS first is far cheaper.
  const text = JSON.stringify(value, needsReplacer(value, 0) ? jsonReplacer : undefined);
  return text === undefined ? "null" : text;
}

const MAX_SCAN_DEPTH = 32;

/**
 * Whether `value` may hold something the replacer renders differently: a Set, Map or BigInt, an object that is
 * not a plain object, array or Date (its `toJSON` or class could produce one), or nesting too deep to scan
 * (cycles included, which JSON.stringify then reports as before).
 */
function needsReplacer(value: unknown, depth: number): boolean {
  if (typeof value !== "object" || value === null) return typeof value === "bigint";
  if (depth > MAX_SCAN_DEPTH) return true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (needsReplacer(value[i], depth + 1)) return true;
    return false;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto === Date.prototype) return Object.hasOwn(value, "toJSON");
  if ((proto !== Object.prototype && proto !== null) || typeof (value as { toJSON?: unknown }).toJSON === "function") return true;
  for (const key in value) if (needsReplacer((value as Record<string, unknown>)[key], depth + 1)) return true;
  return false;
}

function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value !== "object" || value === null) {
    return typeof value === "bigint" ? value.toString() : value;
  }
  if (value instanceof Set) return Array.from(value);
  if (value instanceof Map) return Object.fromEntries(value);
  return value;
}
