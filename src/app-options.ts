import type { App } from "./app.ts";
import type { Dependency } from "./dependencies/depends.ts";
import type { FormLimits } from "./forms/limits.ts";
import type { Logger, LogLevel } from "./logging/logger.ts";
import type { Lifespan } from "./server/lifespan.ts";
import type { WebSocketOptions } from "./websocket/options.ts";
import { SkiffOptionError } from "./errors.ts";

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
  /**
   * The answer to a body whose content type the route does not read (text/plain for a JSON body, JSON for a form).
   * `415` (default) says so plainly; `422` answers as FastAPI does — the body is validated as the text it is (a
   * JSON body schema then fails with `model_attributes_type`), a form as empty — for ports whose tests assert that.
   */
  wrongContentType?: 415 | 422;
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

type Check = (value: unknown) => string | undefined;

const isString: Check = (v) => (typeof v === "string" ? undefined : "a string");
const isBoolean: Check = (v) => (typeof v === "boolean" ? undefined : "true or false");
const isFunction: Check = (v) => (typeof v === "function" ? undefined : "a function");
const isObject: Check = (v) => (typeof v === "object" && v !== null && !Array.isArray(v) ? undefined : "an object");
const isArray: Check = (v) => (Array.isArray(v) ? undefined : "an array");
const isPositiveInteger: Check = (v) => (Number.isSafeInteger(v) && (v as number) > 0 ? undefined : "a positive integer");
const isPositiveNumber: Check = (v) => (typeof v === "number" && v > 0 && Number.isFinite(v) ? undefined : "a positive number of ms");
const isUrlPath: Check = (v) => (v === null || (typeof v === "string" && v.startsWith("/")) ? undefined : 'a path starting with "/", or null');
const oneOf =
  (...allowed: string[]): Check =>
  (v) =>
    allowed.includes(v as string) ? undefined : `one of ${allowed.map((a) => `"${a}"`).join(", ")}`;

/** Every option `new App()` takes, with what its value must be. */
const APP_OPTION_CHECKS: Record<keyof AppOptions, Check> = {
  title: isString,
  version: isString,
  description: isString,
  debug: isBoolean,
  docsUrl: isUrlPath,
  redocUrl: isUrlPath,
  openapiUrl: isUrlPath,
  asyncapiUrl: isUrlPath,
  lifespan: isFunction,
  deps: isArray,
  bodyLimit: isPositiveInteger,
  formLimits: isObject,
  maxUrlLength: isPositiveInteger,
  maxQueryParams: isPositiveInteger,
  maxHeaderCount: isPositiveInteger,
  timeout: isPositiveNumber,
  wrongContentType: (v) => (v === 415 || v === 422 ? undefined : "415 or 422"),
  redirectSlashes: isBoolean,
  trustProxy: isBoolean,
  websocket: isObject,
  logger: isObject,
  logLevel: oneOf("critical", "error", "warning", "info", "debug", "trace", "fatal", "warn", "silent"),
  state: isObject,
  openapiVersion: oneOf("3.1.0", "3.0.3"),
  rootPath: (v) => (v === "" || (typeof v === "string" && v.startsWith("/")) ? undefined : 'a path starting with "/"'),
  servers: isArray,
};

/**
 * Checks `new App()`'s options where they are given, so a typo fails at start-up with the option's name rather
 * than at the first request that needs it.
 * @throws SkiffOptionError naming the option, what it must be, and for an unknown name the closest known one.
 */
export function checkAppOptions(options: object): void {
  for (const [name, value] of Object.entries(options)) {
    const check = (APP_OPTION_CHECKS as Record<string, Check>)[name];
    if (check === undefined) {
      const hint = closestName(name, Object.keys(APP_OPTION_CHECKS));
      throw new SkiffOptionError(`new App(): unknown option "${name}"${hint ? ` (did you mean "${hint}"?)` : ""}.`);
    }
    if (value === undefined) continue;
    const expected = check(value);
    if (expected !== undefined) {
      throw new SkiffOptionError(`new App(): option "${name}" must be ${expected} (got ${describe(value)}).`);
    }
  }
}

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (value === null || typeof value !== "object") return String(value);
  return Array.isArray(value) ? "an array" : "an object";
}

/** The known name within two edits of `name` (case ignored), if any. */
function closestName(name: string, known: string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance <= 2 && (best === undefined || distance < best.distance)) best = { name: candidate, distance };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
