import type { Dependency } from "../dependencies/depends.ts";
import type { DependencyContext } from "../types.ts";
import {
  notAuthenticated,
  schemeObject,
  securityDependency,
  splitAuthorization,
  type AuthorizationHeader,
  type SchemeClientPart,
  type SchemeOptions,
  type SchemeValue,
} from "./scheme.ts";

/** What `HTTPBearer()` gives: the `Authorization` header split at its first space. */
export interface HTTPAuthorizationCredentials {
  /** As sent, e.g. `"Bearer"`. */
  scheme: string;
  credentials: string;
}

/** What `HTTPBasic()` gives. */
export interface HTTPBasicCredentials {
  username: string;
  password: string;
}

export interface HTTPBearerOptions extends SchemeOptions {
  /** A hint for the docs, e.g. `"JWT"`. */
  bearerFormat?: string;
}

export interface HTTPBasicOptions extends SchemeOptions {
  /** Sent in the challenge: `WWW-Authenticate: Basic realm="…"`. */
  realm?: string;
}

/**
 * HTTP Bearer authentication: reads `Authorization: Bearer <token>`. Missing, or another scheme → 401
 * `{"detail":"Not authenticated"}` with `WWW-Authenticate: Bearer`.
 * @example
 * const bearer = HTTPBearer();
 * app.get("/me", { deps: { auth: bearer } }, ({ deps }) => ({ token: deps.auth.credentials }));
 */
export function HTTPBearer<const O extends HTTPBearerOptions = {}>(
  options?: O,
): Dependency<SchemeValue<O, HTTPAuthorizationCredentials>, {}, SchemeClientPart<O, AuthorizationHeader>> {
  const opts: HTTPBearerOptions = options ?? {};
  const autoError = opts.autoError ?? true;
  const scheme = schemeObject("http", opts, { scheme: "bearer", bearerFormat: opts.bearerFormat });
  return securityDependency("HTTPBearer", opts, scheme, (ctx: DependencyContext) => {
    const [kind, credentials] = splitAuthorization(ctx.request.headers.get("authorization"));
    if (!kind || !credentials || kind.toLowerCase() !== "bearer") {
      if (autoError) throw notAuthenticated(ctx, "Bearer");
      return undefined;
    }
    return { scheme: kind, credentials };
  }) as Dependency<SchemeValue<O, HTTPAuthorizationCredentials>, {}, SchemeClientPart<O, AuthorizationHeader>>;
}

/**
 * HTTP Basic authentication: reads `Authorization: Basic base64(username:password)`. Missing, or another scheme →
 * 401 `{"detail":"Not authenticated"}` with `WWW-Authenticate: Basic` (`Basic realm="…"` with a realm); a Basic
 * header that does not decode → 401 "Invalid authentication credentials", even with `autoError: false`.
 * @example
 * const basic = HTTPBasic({ realm: "admin" });
 * app.get("/admin", { deps: { credentials: basic } }, ({ deps }) => deps.credentials.username);
 */
export function HTTPBasic<const O extends HTTPBasicOptions = {}>(
  options?: O,
): Dependency<SchemeValue<O, HTTPBasicCredentials>, {}, SchemeClientPart<O, AuthorizationHeader, true>> {
  const opts: HTTPBasicOptions = options ?? {};
  const autoError = opts.autoError ?? true;
  const challenge = opts.realm ? `Basic realm="${opts.realm}"` : "Basic";
  const scheme = schemeObject("http", opts, { scheme: "basic" });
  return securityDependency("HTTPBasic", opts, scheme, (ctx: DependencyContext) => {
    const header = ctx.request.headers.get("authorization");
    const [kind, param] = splitAuthorization(header);
    if (!header || kind.toLowerCase() !== "basic") {
      if (autoError) throw notAuthenticated(ctx, challenge);
      return undefined;
    }
    const decoded = decodeBasic(param);
    if (decoded === undefined) throw notAuthenticated(ctx, challenge, "Invalid authentication credentials");
    return decoded;
  }) as Dependency<SchemeValue<O, HTTPBasicCredentials>, {}, SchemeClientPart<O, AuthorizationHeader, true>>;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const UTF8 = new TextDecoder("utf-8", { fatal: true });

/** Strict base64 (Node's decoder silently skips junk), then UTF-8 (RFC 7617's charset), then `user:password`. */
function decodeBasic(param: string): HTTPBasicCredentials | undefined {
  if (!BASE64.test(param)) return undefined;
  let text: string;
  try {
    text = UTF8.decode(Buffer.from(param, "base64"));
  } catch {
    return undefined;
  }
  const colon = text.indexOf(":");
  if (colon === -1) return undefined;
  return { username: text.slice(0, colon), password: text.slice(colon + 1) };
}
