export { HTTPBearer, HTTPBasic, type HTTPAuthorizationCredentials, type HTTPBasicCredentials, type HTTPBearerOptions, type HTTPBasicOptions } from "./http.ts";
export { APIKeyHeader, APIKeyQuery, APIKeyCookie, type APIKeyOptions } from "./api-key.ts";
export { OAuth2PasswordBearer, type OAuth2PasswordBearerOptions } from "./oauth2.ts";
export { OAuth2PasswordRequestForm, type OAuth2PasswordRequest, type OAuth2PasswordRequestFormOptions } from "./password-form.ts";
export { Security, SecurityScopes } from "../dependencies/scopes.ts";
export { routeSecurity, type RouteSecurity } from "./requirements.ts";
export type { SecuritySchemeMeta, SchemeOptions } from "./scheme.ts";
