import type { Request } from "../http/request.ts";
import type { Response } from "./response.ts";

/**
 * A response that must see the request (or do I/O) before its head is written, such as a FileResponse answering
 * `Range` or `If-None-Match`. The endpoint prepares what a handler returns, so middleware sees the final status and
 * headers; the app prepares anything else (from middleware or exception handlers) just before writing.
 */
export interface PreparableResponse {
  prepare(request: Request): void | Promise<void>;
}

/**
 * Prepares a response once per request (the request's exchange remembers it): a promise of it when it had a `prepare`
 * hook still to run, else undefined.
 */
export function prepareResponse(response: Response, request: Request): Promise<Response> | undefined {
  const prepare = (response as Partial<PreparableResponse>).prepare;
  if (typeof prepare !== "function" || request.exchange.prepared === response) return undefined;
  request.exchange.prepared = response;
  return Promise.resolve(prepare.call(response, request)).then(() => response);
}
