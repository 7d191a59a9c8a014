/** Skiff's public face: everything a user imports from "skiffjs". */
export { App, type AppOptions } from "./app.ts";
export { APIRouter, type APIRouterOptions } from "./routing/api-router.ts";
export { Depends, Dependency, type DependencySpec, type DependsOptions } from "./dependencies/depends.ts";
export { SkiffError, SkiffOptionError, MissingPackageError } from "./errors.ts";
export { HTTPException } from "./http/exceptions.ts";
export { ResponseValidationError } from "./http/endpoint.ts";
export { ClientDisconnected } from "./http/body.ts";
export { AsyncSchemaError } from "./params/standard-validate.ts";
export { Body } from "./params/body-params.ts";
export { OffsetDateTime } from "./params/extra-types.ts";
export type { FieldSelection, ResponseShapingOptions } from "./params/response-shaping.ts";
export { Request } from "./http/request.ts";
export { RequestHeaders } from "./http/request-headers.ts";
export type { HTTPConnection } from "./http/connection.ts";
export { BackgroundTasks } from "./http/background.ts";
export { ResponseDefaults } from "./http/response-defaults.ts";
export { RequestValidationError, type ValidationIssue } from "./params/issues.ts";
export { t } from "./params/schema.ts";
/** `Infer<typeof Item>`: what a handler receives; `InferInput`: what a client may send (defaulted fields optional). */
export type { Infer, InferInput, AnySchema, ParamShape } from "./params/schema.ts";
export { Response, JSONResponse, HTMLResponse, PlainTextResponse, RedirectResponse, type ResponseInit } from "./responses/response.ts";
export { StreamingResponse } from "./responses/streaming.ts";
export { ResponseHeaders } from "./responses/headers.ts";
export type { CookieOptions } from "./responses/cookies.ts";
export type { Middleware, Next } from "./middleware/compose.ts";
export type { ListenOptions, RunningServer } from "./server/serve.ts";
export type { FetchConnectionInfo } from "./server/fetch-adapter.ts";
export { bunWebSocket } from "./server/fetch-websocket.ts";
export type {
  HandlerContext,
  DependencyContext,
  WebSocketContext,
  RouteOptions,
  WebSocketRouteOptions,
  PathParams,
  OpenApiPath,
  RouteType,
  HttpRouteType,
  WebSocketRouteType,
  // What `typeof app` is made of: named in the declarations `tsc --declaration` writes for a user's app.
  MakeHttpRoute,
  MakeWebSocketRoute,
  PrefixRoutes,
} from "./types.ts";
export { WebSocket } from "./websocket/websocket.ts";
export { WebSocketDisconnect, WebSocketException, WebSocketStateError, WebSocketDenied, WebSocketReceiveTimeout } from "./websocket/errors.ts";
export type { WebSocketOptions } from "./websocket/options.ts";
export { MessageRouter, type MessageOf } from "./websocket/message-router.ts";
export { Security, SecurityScopes } from "./dependencies/scopes.ts";
export type { Provided, ClientPart } from "./dependencies/depends.ts";
export {
  HTTPBearer,
  HTTPBasic,
  APIKeyHeader,
  APIKeyQuery,
  APIKeyCookie,
  OAuth2PasswordBearer,
  OAuth2PasswordRequestForm,
  type HTTPAuthorizationCredentials,
  type HTTPBasicCredentials,
  type OAuth2PasswordRequest,
  type OAuth2PasswordRequestFormInput,
  type SecuritySchemeMeta,
  type AuthorizationHeader,
  type NotAuthenticatedBody,
} from "./security/index.ts";
export { websocketAware } from "./middleware/compose.ts";
export { cors, type CorsOptions } from "./middleware/cors.ts";
export { compression, gzip, brotli, type CompressionOptions } from "./middleware/compression.ts";
export { trustedHost, type TrustedHostOptions } from "./middleware/trusted-host.ts";
export { httpsRedirect } from "./middleware/https-redirect.ts";
export { requestId, type RequestIdOptions } from "./middleware/request-id.ts";
export { accessLog, type AccessLogOptions } from "./middleware/access-log.ts";
export { staticFiles, type StaticFilesOptions } from "./middleware/static-files.ts";
export { rateLimit, type RateLimitOptions } from "./middleware/rate-limit.ts";
export {
  securityHeaders,
  type SecurityHeadersOptions,
  type ContentSecurityPolicyOptions,
  type CspDirectives,
  type ReferrerPolicy,
  type StrictTransportSecurityOptions,
} from "./middleware/security-headers.ts";
export { MemoryRateLimitStore } from "./middleware/rate-limit/memory-store.ts";
export { RedisRateLimitStore, type RedisRateLimitStoreOptions } from "./middleware/rate-limit/redis-store.ts";
export type { RateLimitStore, RateLimitHit } from "./middleware/rate-limit/store.ts";
export { logger, getLogger, currentRequest, type ContextLogger } from "./logging/context.ts";
export { createLogger, type Logger, type LogLevel, type LoggerSettings } from "./logging/logger.ts";
export { FileResponse, type FileResponseOptions } from "./responses/file.ts";
export { EventSourceResponse, type EventSourceOptions, type EventSourceItem } from "./responses/sse.ts";
export { ServerSentEvent, type ServerSentEventInit } from "./responses/sse-event.ts";
export type { FormLimits } from "./forms/limits.ts";
export { UploadFile } from "./params/upload-file.ts";
