import { STATUS_CODES } from "node:http";
import type { Logger } from "pino";
import type { Request } from "../http/request.ts";
import { redactSearch } from "../logging/redact.ts";
import type { Middleware } from "./compose.ts";

/**
 * Options of `accessLog()`: one log line per request.
 */
export interface AccessLogOptions {
  /** Where lines go. Default the app's logger (`--log-level` applies). */
  logger?: Logger;
  /** Leave some requests out, e.g. health checks. */
  skip?: (request: Request, status: number) => boolean;
}

/**
 * One line per request, as uvicorn's access log: `127.0.0.1:51234 - "GET /items?token=[redacted] HTTP/1.1" 200 OK`,
 * with `method`, `path`, `status`, `durationMs` (until the response was ready), `requestId` and `client` as fields.
 * Secret-looking query values are redacted. Install it first (after `requestId()`), so it sees the final status.
 * @example app.use(requestId(), accessLog({ skip: (request) => request.path === "/health" }))
 */
export function accessLog(options: AccessLogOptions = {}): Middleware {
  return async (request, next) => {
    const start = performance.now();
    let status = 500;
    try {
      const response = await next(request);
      status = response.status;
      return response;
    } finally {
      if (!options.skip?.(request, status)) write(options.logger ?? request.app.logger, request, status, performance.now() - start);
    }
  };
}

function write(logger: Logger, request: Request, status: number, elapsed: number): void {
  if (!logger.isLevelEnabled("info")) return;
  const raw = request.head.target;
  const q = raw.indexOf("?");
  const query = q === -1 ? "" : redactSearch(raw.slice(q + 1));
  const { host, port } = request.client;
  const client = host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
  const target = query ? `${request.path}?${query}` : request.path;
  logger.info(
    {
      logger: "skiff.access",
      method: request.method,
      path: request.path,
      ...(query ? { query } : {}),
      status,
      durationMs: Math.round(elapsed * 100) / 100,
      requestId: request.id,
      client,
    },
    `${client} - "${request.method} ${target} HTTP/${request.httpVersion}" ${status} ${STATUS_CODES[status] ?? ""}`.trimEnd(),
  );
}
