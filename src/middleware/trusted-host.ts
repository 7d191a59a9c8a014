import { PlainTextResponse, RedirectResponse } from "../responses/response.ts";
import { websocketAware, type Middleware } from "./compose.ts";

/**
 * Options of `trustedHost()`.
 */
export interface TrustedHostOptions {
  /** Host names served, e.g. `["example.com", "*.example.com"]`. Default `["*"]` (any). */
  allowedHosts?: readonly string[];
  /** A request for `example.com` when only `www.example.com` is allowed is redirected there. Default true. */
  wwwRedirect?: boolean;
}

/**
 * Answers 400 "Invalid host header" to requests (and WebSocket handshakes) whose `Host` is not one of yours — the
 * guard against Host-header attacks on password-reset links and caches (Starlette's `TrustedHostMiddleware`).
 * @example app.use(trustedHost({ allowedHosts: ["example.com", "*.example.com"] }))
 */
export function trustedHost(options: TrustedHostOptions = {}): Middleware {
  const allowed = options.allowedHosts ?? ["*"];
  for (const pattern of allowed) checkPattern(pattern);
  const wwwRedirect = options.wwwRedirect ?? true;
  if (allowed.includes("*")) return websocketAware((request, next) => next(request));
  const exact = new Set(allowed.filter((p) => !p.startsWith("*")).map((p) => p.toLowerCase()));
  const suffixes = allowed.filter((p) => p.startsWith("*.")).map((p) => p.slice(1).toLowerCase());

  return websocketAware((request, next) => {
    const host = hostname(request.headers.get("host") ?? "");
    if (exact.has(host) || suffixes.some((suffix) => host.endsWith(suffix))) return next(request);
    if (wwwRedirect && exact.has(`www.${host}`)) {
      const url = new URL(request.url);
      url.hostname = `www.${url.hostname}`;
      return new RedirectResponse(url);
    }
    return new PlainTextResponse("Invalid host header", { status: 400 });
  });
}

function checkPattern(pattern: string): void {
  const wildcard = pattern.indexOf("*");
  if (wildcard === -1 || pattern === "*") return;
  if (wildcard !== 0 || !pattern.startsWith("*.") || pattern.includes("*", 1)) {
    throw new TypeError(`Invalid allowed host ${JSON.stringify(pattern)}: domain wildcard patterns must be like "*.example.com".`);
  }
}

/** The host name without the port; IPv6 literals keep their brackets, as clients send them. */
function hostname(host: string): string {
  const lower = host.toLowerCase();
  if (lower.startsWith("[")) {
    const end = lower.indexOf("]");
    return end === -1 ? lower : lower.slice(0, end + 1);
  }
  const colon = lower.indexOf(":");
  return colon === -1 ? lower : lower.slice(0, colon);
}
