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

export interface OAuth2PasswordBearerOptions extends SchemeOptions {
  /** Where clients get a token (the route using `OAuth2PasswordRequestForm`); relative URLs are fine. */
  tokenUrl: string;
  /** The scopes the API knows, each with a description for the docs. */
  scopes?: Readonly<Record<string, string>>;
  refreshUrl?: string;
}

/**
 * OAuth2 password flow with bearer tokens: gives the token from `Authorization: Bearer <token>`. Missing →
 * 401 `{"detail":"Not authenticated"}` with `WWW-Authenticate: Bearer`.
 * @example
 * const oauth2 = OAuth2PasswordBearer({ tokenUrl: "/token", scopes: { me: "Read your profile" } });
 * const currentUser = Depends({ deps: { token: oauth2 } }, ({ deps }) => decodeToken(deps.token));
 */
export function OAuth2PasswordBearer<const O extends OAuth2PasswordBearerOptions>(
  options: O,
): Dependency<SchemeValue<O, string>, {}, SchemeClientPart<O, AuthorizationHeader>> {
  if (typeof options?.tokenUrl !== "string") {
    throw new TypeError('OAuth2PasswordBearer() needs the URL that issues tokens: OAuth2PasswordBearer({ tokenUrl: "/token" }).');
  }
  const autoError = options.autoError ?? true;
  const password = { refreshUrl: options.refreshUrl, scopes: { ...options.scopes }, tokenUrl: options.tokenUrl };
  if (password.refreshUrl === undefined) delete password.refreshUrl;
  const scheme = schemeObject("oauth2", options, { flows: { password } });
  return securityDependency("OAuth2PasswordBearer", options, scheme, (ctx: DependencyContext) => {
    const [kind, token] = splitAuthorization(ctx.request.headers.get("authorization"));
    if (kind.toLowerCase() !== "bearer" || !token) {
      if (autoError) throw notAuthenticated(ctx, "Bearer");
      return undefined;
    }
    return token;
  }) as Dependency<SchemeValue<O, string>, {}, SchemeClientPart<O, AuthorizationHeader>>;
}
