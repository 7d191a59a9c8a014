import type { Dependency } from "../dependencies/depends.ts";
import type { DependencyContext } from "../types.ts";
import { notAuthenticated, schemeObject, securityDependency, type SchemeClientPart, type SchemeOptions, type SchemeValue } from "./scheme.ts";

export interface APIKeyOptions extends SchemeOptions {
  /** The header, query parameter or cookie that carries the key. */
  name: string;
}

type Location = "header" | "query" | "cookie";

/** Where the typed client puts the key: an optional param named by the scheme (none when the name is not a literal). */
type KeyParam<Part extends string, N> = N extends string ? (string extends N ? {} : { [P in Part]: { [K in N]?: string } }) : {};
/** An API key scheme's client part: its header (lower-cased, as HTTP reads it), query param or cookie, and the 401. */
export type APIKeyClientPart<L extends Location, O extends APIKeyOptions> = SchemeClientPart<
  O,
  L extends "header" ? KeyParam<"headers", Lowercase<O["name"]>> : L extends "query" ? KeyParam<"query", O["name"]> : KeyParam<"cookies", O["name"]>
>;

const READERS: Record<Location, (ctx: DependencyContext, name: string) => string | null | undefined> = {
  header: (ctx, name) => ctx.request.headers.get(name),
  query: (ctx, name) => ctx.request.queryParams.get(name),
  cookie: (ctx, name) => ctx.request.cookies[name],
};

const SCHEME_NAMES: Record<Location, string> = { header: "APIKeyHeader", query: "APIKeyQuery", cookie: "APIKeyCookie" };

function apiKey<L extends Location, O extends APIKeyOptions>(
  location: L,
  options: O,
): Dependency<SchemeValue<O, string>, {}, APIKeyClientPart<L, O>> {
  if (typeof options?.name !== "string" || options.name === "") {
    throw new TypeError(`${SCHEME_NAMES[location]}() needs the ${location} name: ${SCHEME_NAMES[location]}({ name: "x-api-key" }).`);
  }
  const { name } = options;
  const autoError = options.autoError ?? true;
  const scheme = schemeObject("apiKey", options, { in: location, name });
  return securityDependency(SCHEME_NAMES[location], options, scheme, (ctx: DependencyContext) => {
    const key = READERS[location](ctx, name);
    if (!key) {
      // API keys have no standard challenge; FastAPI sends a custom `APIKey` one since 401 requires some.
      if (autoError) throw notAuthenticated(ctx, "APIKey");
      return undefined;
    }
    return key;
  }) as Dependency<SchemeValue<O, string>, {}, APIKeyClientPart<L, O>>;
}

/**
 * An API key in a request header. Missing → 401 `{"detail":"Not authenticated"}` with `WWW-Authenticate: APIKey`.
 * @example
 * const key = APIKeyHeader({ name: "x-api-key" });
 * app.get("/items", { deps: { key } }, ({ deps }) => lookup(deps.key));
 */
export function APIKeyHeader<const O extends APIKeyOptions>(options: O): Dependency<SchemeValue<O, string>, {}, APIKeyClientPart<"header", O>> {
  return apiKey("header", options);
}

/**
 * An API key in the query string.
 * @example
 * app.get("/items", { deps: { key: APIKeyQuery({ name: "api_key" }) } }, ({ deps }) => lookup(deps.key));
 */
export function APIKeyQuery<const O extends APIKeyOptions>(options: O): Dependency<SchemeValue<O, string>, {}, APIKeyClientPart<"query", O>> {
  return apiKey("query", options);
}

/**
 * An API key in a cookie.
 * @example
 * app.get("/items", { deps: { key: APIKeyCookie({ name: "session" }) } }, ({ deps }) => lookup(deps.key));
 */
export function APIKeyCookie<const O extends APIKeyOptions>(options: O): Dependency<SchemeValue<O, string>, {}, APIKeyClientPart<"cookie", O>> {
  return apiKey("cookie", options);
}
