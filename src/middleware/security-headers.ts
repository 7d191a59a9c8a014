import { SkiffOptionError } from "../errors.ts";
import type { Middleware } from "./compose.ts";
import { compileCsp, type ContentSecurityPolicyOptions } from "./security-headers/csp.ts";

export type { ContentSecurityPolicyOptions, CspDirectives } from "./security-headers/csp.ts";

/**
 * A Referrer-Policy value.
 */
export type ReferrerPolicy =
  | "no-referrer"
  | "no-referrer-when-downgrade"
  | "same-origin"
  | "origin"
  | "strict-origin"
  | "origin-when-cross-origin"
  | "strict-origin-when-cross-origin"
  | "unsafe-url";

/**
 * The Strict-Transport-Security header `securityHeaders()` sends.
 */
export interface StrictTransportSecurityOptions {
  /** Seconds browsers remember to use HTTPS only. Default 31 536 000 (one year). */
  maxAge?: number;
  /** Default true. */
  includeSubDomains?: boolean;
  /** Ask to be put on browsers' preload lists. Default false. */
  preload?: boolean;
}

/**
 * Each option sets one header; `false` leaves it out. The defaults are helmet's (v8): what a page should say
 * unless it has a reason not to.
 */
export interface SecurityHeadersOptions {
  /** `Content-Security-Policy` (see {@link ContentSecurityPolicyOptions}). Default: helmet's policy. */
  contentSecurityPolicy?: ContentSecurityPolicyOptions | false;
  /** `Cross-Origin-Embedder-Policy`. Default off (`require-corp` breaks pages that embed other sites' images). */
  crossOriginEmbedderPolicy?: "require-corp" | "credentialless" | "unsafe-none" | false;
  /** `Cross-Origin-Opener-Policy`. Default `same-origin`. */
  crossOriginOpenerPolicy?: "same-origin" | "same-origin-allow-popups" | "unsafe-none" | false;
  /** `Cross-Origin-Resource-Policy`. Default `same-origin`. */
  crossOriginResourcePolicy?: "same-origin" | "same-site" | "cross-origin" | false;
  /** `Origin-Agent-Cluster: ?1`. Default on. */
  originAgentCluster?: boolean;
  /** `Referrer-Policy`; a list is a fallback chain for old browsers. Default `no-referrer`. */
  referrerPolicy?: ReferrerPolicy | readonly ReferrerPolicy[] | false;
  /** `Strict-Transport-Security` (browsers ignore it over plain HTTP). Default one year, with subdomains. */
  strictTransportSecurity?: StrictTransportSecurityOptions | false;
  /** `X-Content-Type-Options: nosniff`. Default on. */
  xContentTypeOptions?: boolean;
  /** `X-DNS-Prefetch-Control`. Default `off`. */
  xDnsPrefetchControl?: "on" | "off" | false;
  /** `X-Download-Options: noopen` (old Internet Explorer). Default on. */
  xDownloadOptions?: boolean;
  /** `X-Frame-Options`, for browsers without CSP `frame-ancestors`. Default `SAMEORIGIN`. */
  xFrameOptions?: "DENY" | "SAMEORIGIN" | false;
  /** `X-Permitted-Cross-Domain-Policies`. Default `none`. */
  xPermittedCrossDomainPolicies?: "none" | "master-only" | "by-content-type" | "all" | false;
  /** `X-XSS-Protection: 0`: turns off old browsers' XSS auditor, itself a source of leaks. Default on. */
  xXssProtection?: boolean;
}

/**
 * Adds the browser-hardening headers (helmet's defaults: a Content-Security-Policy, `X-Frame-Options`, `nosniff`,
 * `Referrer-Policy`, HSTS, cross-origin isolation) to every HTTP response. A header the route already set is kept,
 * so one page can loosen its own policy. The header list is built once, here; options are checked here too.
 * @example
 * app.use(securityHeaders({
 *   contentSecurityPolicy: { directives: { imgSrc: ["'self'", "https://images.example"] } },
 *   strictTransportSecurity: { maxAge: 63_072_000, preload: true },
 * }));
 */
export function securityHeaders(options: SecurityHeadersOptions = {}): Middleware {
  const headers = compileHeaders(options);
  return async (request, next) => {
    const response = await next(request);
    for (const [name, value] of headers) {
      if (!response.headers.has(name)) response.headers.set(name, value);
    }
    return response;
  };
}

function compileHeaders(options: SecurityHeadersOptions): [string, string][] {
  const pick = <T>(value: T | undefined, fallback: T): T => (value === undefined ? fallback : value);
  const headers: [string, string | false][] = [
    ...(options.contentSecurityPolicy === false ? [] : [compileCsp(options.contentSecurityPolicy ?? {})]),
    ["cross-origin-embedder-policy", pick(options.crossOriginEmbedderPolicy, false)],
    ["cross-origin-opener-policy", pick(options.crossOriginOpenerPolicy, "same-origin")],
    ["cross-origin-resource-policy", pick(options.crossOriginResourcePolicy, "same-origin")],
    ["origin-agent-cluster", pick(options.originAgentCluster, true) && "?1"],
    ["referrer-policy", referrer(pick(options.referrerPolicy, "no-referrer"))],
    ["strict-transport-security", hsts(pick(options.strictTransportSecurity, {}))],
    ["x-content-type-options", pick(options.xContentTypeOptions, true) && "nosniff"],
    ["x-dns-prefetch-control", pick(options.xDnsPrefetchControl, "off")],
    ["x-download-options", pick(options.xDownloadOptions, true) && "noopen"],
    ["x-frame-options", pick(options.xFrameOptions, "SAMEORIGIN")],
    ["x-permitted-cross-domain-policies", pick(options.xPermittedCrossDomainPolicies, "none")],
    ["x-xss-protection", pick(options.xXssProtection, true) && "0"],
  ];
  return headers.filter((entry): entry is [string, string] => entry[1] !== false);
}

function referrer(policy: ReferrerPolicy | readonly ReferrerPolicy[] | false): string | false {
  if (policy === false) return false;
  const list = typeof policy === "string" ? [policy] : policy;
  if (list.length === 0) throw new SkiffOptionError("securityHeaders: referrerPolicy needs at least one policy (or false to leave the header out)");
  return list.join(",");
}

function hsts(option: StrictTransportSecurityOptions | false): string | false {
  if (option === false) return false;
  const maxAge = option.maxAge ?? 31_536_000;
  if (!Number.isInteger(maxAge) || maxAge < 0) {
    throw new SkiffOptionError(`securityHeaders: strictTransportSecurity.maxAge must be a non-negative integer of seconds (got ${maxAge})`);
  }
  const parts = [`max-age=${maxAge}`];
  if (option.includeSubDomains ?? true) parts.push("includeSubDomains");
  if (option.preload) parts.push("preload");
  return parts.join("; ");
}
