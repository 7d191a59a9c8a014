/**
 * Security schemes: each is a function returning a `Dependency` whose value is the credentials (as FastAPI's) and
 * whose `meta.securityScheme` documents it in OpenAPI. Missing credentials → 401 `{"detail":"Not authenticated"}`
 * with the scheme's `WWW-Authenticate` challenge, or `undefined` with `{ autoError: false }`.
 * On a WebSocket route the same dependencies run before `accept()` and throw `HTTPException(403)` instead: the
 * WebSocket layer answers an HTTPException thrown before `accept()` by refusing the handshake with its status.
 * To accept first and close with 1008, use `{ autoError: false }` and throw `WebSocketException(1008, …)`.
 */
export {
  HTTPBearer,
  HTTPBasic,
  type HTTPAuthorizationCredentials,
  type HTTPBasicCredentials,
  type HTTPBearerOptions,
  type HTTPBasicOptions,
} from "./http.ts";
export { APIKeyHeader, APIKeyQuery, APIKeyCookie, type APIKeyOptions } from "./api-key.ts";
export { OAuth2PasswordBearer, type OAuth2PasswordBearerOptions } from "./oauth2.ts";
export {
  OAuth2PasswordRequestForm,
  type OAuth2PasswordRequest,
  type OAuth2PasswordRequestFormOptions,
  type OAuth2PasswordRequestFormInput,
} from "./password-form.ts";
export { Security, SecurityScopes } from "../dependencies/scopes.ts";
export { routeSecurity, type RouteSecurity } from "./requirements.ts";
export type { SecuritySchemeMeta, SchemeOptions, NotAuthenticatedBody, AuthorizationHeader } from "./scheme.ts";
