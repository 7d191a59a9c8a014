import type { RequestHeaders } from "../http/request-headers.ts";
import type { WebSocketLogger } from "./logger.ts";
import type { ResolvedWebSocketOptions } from "./options.ts";
import { jsonRefusal } from "./run-session.ts";
import type { WebSocket } from "./websocket.ts";

/**
 * Whether the page origin of a handshake may connect under `allowedOrigins`. Browsers always send `Origin` on a
 * WebSocket handshake, so a missing one means a non-browser client, which cross-site hijacking cannot involve.
 */
export async function isOriginAllowed(policy: ResolvedWebSocketOptions["allowedOrigins"], headers: RequestHeaders): Promise<boolean> {
  if (typeof policy === "function") return Boolean(await policy(headers.get("origin") ?? undefined, headers));
  return isOriginListed(policy, headers);
}

/** {@link isOriginAllowed} for the policies that are not functions: decided synchronously. */
function isOriginListed(policy: Exclude<ResolvedWebSocketOptions["allowedOrigins"], Function>, headers: RequestHeaders): boolean {
  const origin = headers.get("origin") ?? undefined;
  if (origin === undefined || policy === "*") return true;
  if (policy === "same-origin") return sameHost(origin, headers.get("host"));
  const wanted = normalizeOrigin(origin);
  return policy.some((allowed) => allowed === "*" || normalizeOrigin(allowed) === wanted);
}

function sameHost(origin: string, host: string | null): boolean {
  if (!host) return false;
  try {
    const page = new URL(origin);
    // Parsing Host with the page's scheme drops a default port on both sides (a.example:443 = a.example).
    return page.host === new URL(`${page.protocol}//${host}`).host;
  } catch {
    return false;
  }
}

/** `https://App.Example:443/` and `https://app.example` are the same origin. */
function normalizeOrigin(origin: string): string {
  try {
    const url = new URL(origin);
    return url.origin === "null" ? origin.toLowerCase() : url.origin.toLowerCase();
  } catch {
    return origin.toLowerCase();
  }
}

/** The log line explaining a refused origin and how to allow it. */
export function describeRefusedOrigin(origin: string | null, path: string): string {
  return (
    `WebSocket handshake to ${path} refused with 403: origin ${JSON.stringify(origin)} is not allowed by allowedOrigins. ` +
    `If this page is yours, add it: app.websocket(path, { allowedOrigins: [${JSON.stringify(origin ?? "https://…")}] }, …) ` +
    `or new App({ websocket: { allowedOrigins: […] } }).`
  );
}

/**
 * Apply `allowedOrigins` before the handler runs; refuses the handshake (403, or 500 if the check threw). A list
 * or keyword is decided at once (`true`/`false`); only a function policy answers with a promise.
 */
export function checkOrigin(ws: WebSocket<any, any>, options: ResolvedWebSocketOptions, logger: WebSocketLogger): boolean | Promise<boolean> {
  const policy = options.allowedOrigins;
  if (typeof policy !== "function") return isOriginListed(policy, ws.headers) || refuseOrigin(ws, logger);
  return isOriginAllowed(policy, ws.headers).then(
    (allowed) => allowed || refuseOrigin(ws, logger),
    (error: unknown) => {
      logger.error(
        { requestId: ws.requestId, origin: ws.headers.get("origin"), err: error },
        "WebSocket allowedOrigins check threw; handshake refused with HTTP 500",
      );
      ws.refuseHandshake({ status: 500, headers: { "content-type": "text/plain; charset=utf-8" }, body: "Internal Server Error" });
      return false;
    },
  );
}

function refuseOrigin(ws: WebSocket<any, any>, logger: WebSocketLogger): false {
  const origin = ws.headers.get("origin");
  logger.warn({ requestId: ws.requestId, origin }, describeRefusedOrigin(origin, ws.url.pathname));
  ws.refuseHandshake(jsonRefusal(403, "Origin not allowed"));
  return false;
}
