import { Dependency } from "../dependencies/depends.ts";
import type { DependencyContext } from "../types.ts";
import { HTTPException } from "../http/exceptions.ts";

/** What a security dependency tells the OpenAPI generator (in `dependency.meta.securityScheme`). */
export interface SecuritySchemeMeta {
  /** The key under `components.securitySchemes` and in the operation's `security` (FastAPI's `scheme_name`). */
  name: string;
  /** The OpenAPI Security Scheme Object, exactly as FastAPI emits it. */
  scheme: Record<string, unknown>;
  /** Scopes required where this dependency is used through `Security(dep, { scopes })`. */
  scopes?: string[];
}

/** Options every security scheme takes. */
export interface SchemeOptions {
  /** Its name in OpenAPI (default: the scheme's function name, e.g. `"HTTPBearer"`). */
  schemeName?: string;
  /** Shown in the docs. */
  description?: string;
  /** `false`: missing credentials give `undefined` instead of a 401, for optional or alternative authentication. */
  autoError?: boolean;
}

/** A scheme's value type: `undefined` is possible only with `{ autoError: false }`. */
export type SchemeValue<O, T> = O extends { autoError: false } ? T | undefined : T;

/** The body of the 401 a scheme answers when credentials are missing or unusable. */
export interface NotAuthenticatedBody {
  detail: string;
}

/**
 * Type-level only: what a scheme adds to the typed client of a route using it (a `ClientPart`, see
 * src/dependencies/depends.ts). `Params` is where the credentials go — always optional, since clients usually
 * send them with every request (`createClient(url, { headers: { authorization } })`) and a missing one is the 401
 * the route's errors then include. The 401 is there unless `autoError: false` (`Always401`: HTTPBasic, which
 * answers 401 for a malformed header even then). Over WebSocket the same schemes refuse the handshake with 403,
 * which the client sees as a failed `opened`, not a typed error.
 */
export type SchemeClientPart<O, Params, Always401 = false> = Always401 extends true
  ? Params & { errors: { 401: NotAuthenticatedBody } }
  : O extends { autoError: false }
    ? Params
    : Params & { errors: { 401: NotAuthenticatedBody } };

/** The `authorization` header the HTTP and OAuth2 schemes read. */
export type AuthorizationHeader = { headers: { authorization?: string } };

/** Builds the dependency of a security scheme, with its OpenAPI description attached. */
export function securityDependency<T>(
  defaultName: string,
  options: SchemeOptions,
  scheme: Record<string, unknown>,
  read: (ctx: DependencyContext) => T,
): Dependency<T, {}> {
  const named = { [defaultName]: (ctx: DependencyContext) => read(ctx) }[defaultName];
  const dependency = new Dependency<T, {}>(named, {});
  const meta: SecuritySchemeMeta = { name: options.schemeName ?? defaultName, scheme };
  dependency.meta = { securityScheme: meta };
  return dependency;
}

/** The OpenAPI object's own fields in FastAPI's order, `description` only when given. */
export function schemeObject(type: string, options: SchemeOptions, fields: Record<string, unknown>): Record<string, unknown> {
  const scheme: Record<string, unknown> = { type };
  if (options.description !== undefined) scheme.description = options.description;
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) scheme[key] = value;
  return scheme;
}

/**
 * The error for missing or unusable credentials. Over HTTP: 401 with the scheme's `WWW-Authenticate` challenge
 * (FastAPI ≥ 0.122). On a WebSocket route the dependency runs before `accept()`, where Skiff answers an
 * HTTPException by refusing the handshake with its status: 403 there, as a browser cannot answer a challenge anyway.
 */
export function notAuthenticated(ctx: DependencyContext, challenge: string, detail = "Not authenticated"): HTTPException {
  if (ctx.websocket !== undefined) return new HTTPException(403, detail);
  return new HTTPException(401, detail, { "WWW-Authenticate": challenge });
}

/** `"Bearer abc"` → `["Bearer", "abc"]` (FastAPI's `get_authorization_scheme_param`, credentials trimmed). */
export function splitAuthorization(header: string | null): [scheme: string, credentials: string] {
  if (!header) return ["", ""];
  const space = header.indexOf(" ");
  if (space === -1) return [header, ""];
  return [header.slice(0, space), header.slice(space + 1).trim()];
}
