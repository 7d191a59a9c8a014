import { randomUUID } from "node:crypto";
import { runInRequestContext } from "../logging/context.ts";
import { websocketAware, type Middleware } from "./compose.ts";

/**
 * Options of `requestId()`.
 */
export interface RequestIdOptions {
  /** The header read from the request and set on the response. Default `x-request-id`. */
  header?: string;
  /** Makes an id when the client sent none (or an unusable one). Default `crypto.randomUUID`. */
  generate?: () => string;
  /** Keep a sane incoming id (a proxy's or the caller's), so one id follows a call across services. Default true. */
  trustIncoming?: boolean;
}

// Letters, digits and `_.:-`, up to 128: an id a client controls is written into logs and headers.
const SANE_ID = /^[\w.:-]{1,128}$/;

/**
 * Gives each request (and WebSocket handshake) an id: the incoming `x-request-id` when it is sane, else a new UUID.
 * It becomes `request.id`, is echoed on the response, and is bound to every line written through `logger` while the
 * request is served — handler, dependencies, background tasks and teardown included. Install it first.
 * @example
 * app.use(requestId(), accessLog());
 * app.get("/", () => { logger.info("hello"); return {}; });  // {"requestId":"…","msg":"hello"}
 */
export function requestId(options: RequestIdOptions = {}): Middleware {
  const header = (options.header ?? "x-request-id").toLowerCase();
  const generate = options.generate ?? randomUUID;
  const trustIncoming = options.trustIncoming ?? true;
  return websocketAware((request, next) => {
    const incoming = trustIncoming ? request.headers.get(header) : null;
    request.id = incoming !== null && SANE_ID.test(incoming) ? incoming : generate();
    return runInRequestContext(request, () => next(request)).then((response) => {
      response.headers.set(header, request.id);
      return response;
    });
  });
}
