import { AsyncLocalStorage } from "node:async_hooks";
import type { LogFn, Logger } from "pino";
import type { Request } from "../http/request.ts";
import { createLogger, type LogLevel } from "./logger.ts";

// Entered only by middleware that asks for it (`requestId()`): on Node 20 a live AsyncLocalStorage hooks every
// promise, which costs ~20% of a trivial route's throughput — too much to pay unasked.
const storage = new AsyncLocalStorage<Request>();
let fallback: Logger | undefined;

/** Runs `fn` (and everything it starts) with `request` as the current request of the log context. */
export function runInRequestContext<T>(request: Request, fn: () => T): T {
  request.exchange.inLogContext = true;
  return storage.run(request, fn);
}

/**
 * Runs work that belongs to a request but starts outside its call chain (background tasks and dependency teardown,
 * started from the socket's `finish` event) in that request's log context — if one was entered; otherwise just runs it.
 */
export function inRequestContext<T>(request: Request, fn: () => T): T {
  return request.exchange.inLogContext && storage.getStore() !== request ? storage.run(request, fn) : fn();
}

/**
 * The request being served by the current async call chain, when `requestId()` is installed.
 * @example const tenant = currentRequest()?.headers.get("x-tenant")
 */
export function currentRequest(): Request | undefined {
  return storage.getStore();
}

/**
 * The logger for the current request: the app's logger bound to the request id (a pino child, made once per
 * request), or Skiff's default logger outside a request.
 * @example getLogger().warn({ userId }, "user not found")
 */
export function getLogger(): Logger {
  const request = storage.getStore();
  if (request === undefined) return (fallback ??= createLogger());
  return (request.exchange.logger ??= (request.app.logger as Logger).child({ requestId: request.id }));
}

/** Sets the level of the logger used outside requests (`skiff run --log-level` sets it with the app's). */
export function setDefaultLogLevel(level: LogLevel): void {
  fallback = createLogger(level);
}

/** `logger`: pino's methods plus Python's `warning`/`critical`, each writing through `getLogger()`. */
export interface ContextLogger {
  trace: LogFn;
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  /** Same as `warn` (Python's name). */
  warning: LogFn;
  error: LogFn;
  fatal: LogFn;
  /** Same as `fatal` (Python's name). */
  critical: LogFn;
  /** A pino child of the current request's logger, with more bindings. */
  child(bindings: Record<string, unknown>): Logger;
  isLevelEnabled(level: string): boolean;
}

type Method = "trace" | "debug" | "info" | "warn" | "error" | "fatal";

function forward(method: Method): LogFn {
  return function (this: unknown, ...args: unknown[]) {
    const target = getLogger();
    (target[method] as (...a: unknown[]) => void).apply(target, args);
  } as LogFn;
}

/**
 * A logger to import anywhere — handlers, dependencies, background tasks, WebSocket handlers — whose lines carry the
 * current request's id (the twin of the seed's `set_request_id` + `logger.warning`). Install `requestId()` to bind it.
 * @example
 * import { logger } from "skiffjs";
 * app.get("/items/{id}", ({ path }) => { logger.warning({ id: path.id }, "item not found"); … });
 */
export const logger: ContextLogger = {
  trace: forward("trace"),
  debug: forward("debug"),
  info: forward("info"),
  warn: forward("warn"),
  warning: forward("warn"),
  error: forward("error"),
  fatal: forward("fatal"),
  critical: forward("fatal"),
  child: (bindings) => getLogger().child(bindings),
  isLevelEnabled: (level) => getLogger().isLevelEnabled(level),
};
