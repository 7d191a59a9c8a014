import type { IncomingMessage } from "node:http";
import { HTTPException } from "./exceptions.ts";

/** Limits on the request line and head, checked before routing (HTTP requests and WebSocket handshakes alike). */
export interface RequestLimits {
  /** Longest request target (path and query) in bytes; longer → 414. */
  maxUrlLength: number;
  /** Most query parameters; more → 400 (never silently truncated). */
  maxQueryParams: number;
  /** Most header lines; more → 431. */
  maxHeaderCount: number;
}

export const DEFAULT_REQUEST_LIMITS: Readonly<RequestLimits> = Object.freeze({
  maxUrlLength: 8 * 1024,
  maxQueryParams: 1000,
  maxHeaderCount: 100,
});

/**
 * Why a request must be refused before anything else looks at it, or `undefined`; `url` is the target in origin
 * form (see {@link originForm}). The checks cost a few
 * comparisons for an ordinary request: the query is only counted when it is long enough to hold too many params.
 */
export function checkRequestHead(req: IncomingMessage, url: string, limits: RequestLimits): HTTPException | undefined {
  // Node's parser accepts HTTP/0.9 and HTTP/2.0 request lines; we speak only HTTP/1.x. 400 rather than 505, as
  // uvicorn (h11) answers: the client sent something this server cannot parse as a request.
  if (req.httpVersionMajor !== 1) return new HTTPException(400, `Unsupported HTTP version ${req.httpVersion}: send HTTP/1.1`);
  if (url.length > limits.maxUrlLength) return urlTooLong(limits);
  // Node gives at most `server.maxHeadersCount` headers and drops the rest silently; `serve` sets it above our limit.
  if (req.rawHeaders.length / 2 > limits.maxHeaderCount) {
    return new HTTPException(431, `Too many header fields: at most ${limits.maxHeaderCount} are accepted (maxHeaderCount)`);
  }
  if (url.charCodeAt(0) !== 47 /* "/" */) return notAPath();
  // Node keeps the first Host and drops the others; a proxy in front may have routed by another one (RFC 9112 §3.2).
  if (hostLines(req.rawHeaders) > 1) return new HTTPException(400, "Two Host headers: send exactly one");
  const coding = req.headers["transfer-encoding"];
  if (coding !== undefined && !(coding.length === 7 && coding.toLowerCase() === "chunked")) return unsupportedTransferCoding(coding);
  return checkQueryCount(url, limits);
}

/**
 * The same checks for a request a fetch host parsed (Bun.serve, Deno.serve): the host framed its body, joined
 * repeated headers and applied its own limit on their number, so what is left is the target's length and form and the
 * number of query parameters.
 */
export function checkFetchHead(url: string, limits: RequestLimits): HTTPException | undefined {
  if (url.length > limits.maxUrlLength) return urlTooLong(limits);
  if (url.charCodeAt(0) !== 47 /* "/" */) return notAPath();
  return checkQueryCount(url, limits);
}

function urlTooLong(limits: RequestLimits): HTTPException {
  return new HTTPException(414, `URL is longer than the limit of ${limits.maxUrlLength} bytes (maxUrlLength)`);
}

function notAPath(): HTTPException {
  return new HTTPException(400, "Invalid request target: expected a path starting with /");
}

function checkQueryCount(url: string, limits: RequestLimits): HTTPException | undefined {
  const q = url.indexOf("?");
  if (q !== -1 && url.length - q > 2 * limits.maxQueryParams && countParams(url, q + 1) > limits.maxQueryParams) {
    return new HTTPException(400, `Too many query parameters: at most ${limits.maxQueryParams} are accepted (maxQueryParams)`);
  }
  return undefined;
}

/**
 * RFC 9112 §6.1: a body whose last transfer coding is not chunked has no knowable length (400, and the connection
 * closed); a coding before chunked that we do not decode is 501. Node's parser frames "gzip, chunked" as chunked and
 * would hand the still-compressed body on as if plain.
 */
function unsupportedTransferCoding(coding: string): HTTPException {
  const last = coding
    .slice(coding.lastIndexOf(",") + 1)
    .trim()
    .toLowerCase();
  if (last !== "chunked") {
    return new HTTPException(400, `Transfer-Encoding "${coding}" does not end in chunked: the body's length cannot be known`, {
      connection: "close",
    });
  }
  return new HTTPException(501, `Transfer-Encoding "${coding}" is not supported: send the body chunked or with Content-Length`, {
    connection: "close",
  });
}

function hostLines(raw: string[]): number {
  let count = 0;
  for (let i = 0; i < raw.length; i += 2) if (raw[i]!.length === 4 && raw[i]!.toLowerCase() === "host") count++;
  return count;
}

/** Non-empty `&`-separated pairs from `start`, as `node:querystring` counts them. */
function countParams(url: string, start: number): number {
  let count = 0;
  let pairStart = start;
  for (let i = start; i <= url.length; i++) {
    if (i === url.length || url.charCodeAt(i) === 38 /* "&" */) {
      if (i > pairStart) count++;
      pairStart = i + 1;
    }
  }
  return count;
}

/**
 * A request in absolute form (`GET http://host/path HTTP/1.1`, which HTTP/1.1 servers must accept) rewritten to the
 * origin form the router expects; other targets are returned unchanged.
 */
export function originForm(url: string): string {
  if (url.charCodeAt(0) === 47 || !/^https?:\/\//i.test(url)) return url;
  const rest = url.slice(url.indexOf("//") + 2);
  const start = rest.search(/[/?]/);
  if (start === -1) return "/";
  return rest[start] === "/" ? rest.slice(start) : `/${rest.slice(start)}`;
}
