import type { App } from "./app.ts";
import type { Dependency } from "./dependencies/depends.ts";
import type { FormLimits } from "./forms/limits.ts";
import type { Logger, LogLevel } from "./logging/logger.ts";
import type { Lifespan } from "./server/lifespan.ts";
import type { WebSocketOptions } from "./websocket/options.ts";

/** Everything `new App({...})` takes; each option is documented where it is declared. */
export interface AppOptions<State extends object = Record<string, any>> {
  title?: string;
  version?: string;
  description?: string;
  /** Tracebacks in 500 responses and more logging. Never in production. */
  debug?: boolean;
  /** Swagger UI; `null` disables it. */
  docsUrl?: string | null;
  redocUrl?: string | null;
  /** The OpenAPI document; `null` disables it and both UIs. */
  openapiUrl?: string | null;
  asyncapiUrl?: string | null;
  /** Startup before `yield`, shutdown after; a yielded object is merged into `app.state`. */
  lifespan?: Lifespan<App<any, State>, Partial<State>>;
  /** Dependencies run for every route. */
  deps?: readonly Dependency<any, any>[];
  /** Request body cap in bytes (default 1 MiB); routes may set their own. */
  bodyLimit?: number;
  /** Limits on form bodies and uploads (files, fields, sizes, spooling); routes may override them (`formLimits`). */
  formLimits?: Partial<FormLimits>;
  /** Longest request target (path and query) in bytes; longer → 414. Default 8 KiB. */
  maxUrlLength?: number;
  /** Most query parameters in one URL; more → 400 naming the limit (never silently truncated). Default 1000. */
  maxQueryParams?: number;
  /** Most header lines in one request; more → 431. Default 100. (Their total size is the server's `maxHeaderSize`.) */
  maxHeaderCount?: number;
  /**
   * How long a route may take to produce its response (body read, dependencies, handler) in ms; past it the client
   * gets 504 and the error is logged. The handler is not stopped: its late result is dropped, its teardown still
   * runs. Routes may set their own. Default: no timeout.
   */
  timeout?: number;
  /** Redirect `/items/` ↔ `/items` (307, relative Location) when only the other exists. Default true. */
  redirectSlashes?: boolean;
  /** Believe `x-forwarded-proto`/`x-forwarded-host` (only behind a proxy you control). Default false. */
  trustProxy?: boolean;
  /** App-wide WebSocket defaults (each route may override). */
  websocket?: Partial<WebSocketOptions>;
  logger?: Logger;
  logLevel?: LogLevel;
  /** Initial contents of `app.state`. */
  state?: State;
  /** `"3.0.3"` emits an OpenAPI 3.0 document for older client generators. Default `"3.1.0"`. */
  openapiVersion?: "3.1.0" | "3.0.3";
  /** Served under a path prefix by a proxy: documented in OpenAPI `servers`. */
  rootPath?: string;
  servers?: { url: string; description?: string }[];
}
