import type { IncomingMessage } from "node:http";
import type { TLSSocket } from "node:tls";
import { parseCookie } from "cookie";
import { WebSocketHeaders, type RawHeaders } from "./headers.ts";

/** What the opening handshake request tells about a connection, whichever transport carried it. */
export interface HandshakeRequest {
  /** Parsed on first use of `ws.url` when given unparsed (most connections never read it). */
  url: URL | LazyUrl;
  headers: WebSocketHeaders;
  client: { host: string; port: number } | null;
}

/** Build the {@link HandshakeRequest} of a real HTTP upgrade request. */
export function handshakeFromIncomingMessage(req: IncomingMessage): HandshakeRequest {
  const secure = Boolean((req.socket as TLSSocket).encrypted);
  const host = typeof req.headers.host === "string" && req.headers.host ? req.headers.host : "localhost";
  const address = req.socket.remoteAddress;
  return {
    url: new UnparsedUrl(req.url ?? "/", secure, host),
    headers: new WebSocketHeaders(req.headers as RawHeaders),
    client: address ? { host: address, port: req.socket.remotePort ?? 0 } : null,
  };
}

/** A URL built only when `ws.url` is first read. */
export interface LazyUrl {
  parse(): URL;
}

/** A handshake's request target and host, kept as strings until the URL is asked for (a URL is ~200 bytes). */
export class UnparsedUrl implements LazyUrl {
  constructor(
    private readonly target: string,
    private readonly secure: boolean,
    private readonly host: string,
  ) {}

  parse(): URL {
    return parseUrl(this.target, `${this.secure ? "wss" : "ws"}://${this.host}`);
  }
}

/**
 * `ws.url` as the handshake's `request.url` derives it (so `trustProxy`'s forwarded scheme and host count for both):
 * the same URL with `ws:` for `http:` and `wss:` for `https:`.
 */
export class WebSocketUrlOf implements LazyUrl {
  constructor(private readonly request: { readonly url: URL }) {}

  parse(): URL {
    const url = new URL(this.request.url);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    return url;
  }
}

function parseUrl(target: string, base: string): URL {
  try {
    return new URL(target, base);
  } catch {
    // A Host header that is not a valid authority must not make the connection unusable.
    return new URL(target.startsWith("/") ? target : "/", "ws://localhost");
  }
}

/** Subprotocols the client offered in `Sec-WebSocket-Protocol`, in its order of preference. */
export function requestedSubprotocols(headers: WebSocketHeaders): string[] {
  const value = headers.get("sec-websocket-protocol");
  if (!value) return [];
  return value
    .split(",")
    .map((token) => token.trim())
    .filter((token) => token.length > 0);
}

/** Cookies from the `Cookie` header (absent values dropped). */
export function parseCookies(headers: WebSocketHeaders): Record<string, string> {
  const header = headers.get("cookie");
  if (!header) return {};
  const cookies: Record<string, string> = {};
  for (const [name, value] of Object.entries(parseCookie(header))) if (value !== undefined) cookies[name] = value;
  return cookies;
}
