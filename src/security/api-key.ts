import type { Dependency } from "../dependencies/depends.ts";
import type { DependencyContext } from "../types.ts";
import { notAuthenticated, schemeObject, securityDependency, type SchemeOptions, type SchemeValue } from "./scheme.ts";

export interface APIKeyOptions extends SchemeOptions {
  /** The header, query parameter or cookie that carries the key. */
  name: string;
}

type Location = "header" | "query" | "cookie";

const READERS: Record<Location, (ctx: DependencyContext, name: string) => string | null | undefined> = {
  header: (ctx, name) => ctx.request.headers.get(name),
  query: (ctx, name) => ctx.request.queryParams.get(name),
  cookie: (ctx, name) => ctx.request.cookies[name],
};

const SCHEME_NAMES: Record<Location, string> = { header: "APIKeyHeader", query: "APIKeyQuery", cookie: "APIKeyCookie" };

function apiKey<O extends APIKeyOptions>(location: Location, options: O): Dependency<SchemeValue<O, string>, {}> {
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
  }) as Dependency<SchemeValue<O, string>, {}>;
}

/**
 * An API key in a request header. Missing → 401 `{"detail":"Not authenticated"}` with `WWW-Authenticate: APIKey`.
 * @example
 * const key = APIKeyHeader({ name: "x-api-key" });
 * app.get("/items", { deps: { key } }, ({ deps }) => lookup(deps.key));
 */
export function APIKeyHeader<const O extends APIKeyOptions>(options: O): Dependency<SchemeValue<O, string>, {}> {
  return apiKey("header", options);
}

/**
 * An API key in the query string.
 * @example
 * app.get("/items", { deps: { key: APIKeyQuery({ name: "api_key" }) } }, ({ deps }) => lookup(deps.key));
 */
export function APIKeyQuery<const O extends APIKeyOptions>(options: O): Dependency<SchemeValue<O, string>, {}> {
  return apiKey("query", options);
}

/**
 * An API key in a cookie.
 * @example
 * app.get("/items", { deps: { key: APIKeyCookie({ name: "session" }) } }, ({ deps }) => lookup(deps.key));
 */
export function APIKeyCookie<const O extends APIKeyOptions>(options: O): Dependency<SchemeValue<O, string>, {}> {
  return apiKey("cookie", options);
}
