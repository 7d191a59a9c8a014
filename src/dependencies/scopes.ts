import { Dependency, type DependencySpec } from "./depends.ts";

/** The OAuth2 scopes required along the path from a route down to the dependency that asks for them. */
export interface SecurityScopes {
  /** In declaration order, outermost first, without repeats. */
  readonly scopes: string[];
  /** The scopes joined by spaces: ready for a `WWW-Authenticate: Bearer scope="…"` challenge. */
  readonly scopeStr: string;
}

/**
 * Put it in a dependency's `deps` to receive the scopes every `Security(…, { scopes })` above it requires
 * (FastAPI's `SecurityScopes`). The same dependency reached with different scopes is resolved once per scope set.
 * @example
 * const currentUser = Depends({ deps: { token: oauth2, securityScopes: SecurityScopes } }, ({ deps }) => {
 *   const user = decode(deps.token);
 *   for (const scope of deps.securityScopes.scopes) if (!user.scopes.includes(scope))
 *     throw new HTTPException(401, "Not enough permissions", { "WWW-Authenticate": `Bearer scope="${deps.securityScopes.scopeStr}"` });
 *   return user;
 * });
 * app.get("/items", { deps: { user: Security(currentUser, { scopes: ["items"] }) } }, ({ deps }) => deps.user);
 */
export const SecurityScopes: Dependency<SecurityScopes, {}> = new Dependency(function SecurityScopes(): never {
  throw new Error("SecurityScopes is filled in by the dependency plan; it is never called.");
}, {});

/** The value `SecurityScopes` takes under the given accumulated scopes. */
export function securityScopesValue(scopes: readonly string[]): SecurityScopes {
  return Object.freeze({ scopes: [...scopes], scopeStr: scopes.join(" ") });
}

/**
 * A dependency that also requires OAuth2 scopes (FastAPI's `Security`): they are added to the operation's OpenAPI
 * `security` and passed to every `SecurityScopes` below it. Overrides of `dep` still apply.
 * @example
 * app.get("/users/me/items", { deps: { user: Security(currentUser, { scopes: ["items"] }) } }, ({ deps }) => deps.user.items);
 */
export function Security<T, S extends DependencySpec, C>(
  dep: Dependency<T, S, C>,
  options: { scopes?: readonly string[] } = {},
): Dependency<T, S, C> {
  if (!(dep instanceof Dependency)) throw new TypeError("Security() takes a dependency: Security(Depends(fn), { scopes: [...] }).");
  const scoped = dep.withScopes(options.scopes ?? []);
  const scheme = dep.meta.securityScheme as Record<string, unknown> | undefined;
  scoped.meta = scheme ? { ...dep.meta, securityScheme: { ...scheme, scopes: [...scoped.scopes] } } : { ...dep.meta };
  return scoped;
}
