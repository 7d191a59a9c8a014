import { HTTPException } from "../http/exceptions.ts";
import { isSendableCloseCode, truncateUtf8 } from "./close-codes.ts";
import { WebSocketDisconnect, WebSocketException } from "./errors.ts";
import type { WebSocketLogger } from "./logger.ts";
import type { HandshakeRefusal } from "./transport.ts";
import type { WebSocket } from "./websocket.ts";

/**
 * A WebSocket route's handler with its dependencies bound: everything between the upgrade request and the end
 * of the connection. The App builds it; `openWebSocket` runs it.
 */
export type WebSocketSession<In = unknown, Out = unknown> = (ws: WebSocket<In, Out>) => Promise<void> | void;

/**
 * Run `session` and turn how it ended into the right answer to the client:
 * - before `accept()`: returned, `close()`d or threw `WebSocketException` → HTTP 403; threw `HTTPException` →
 *   its status, `{"detail": …}` and headers; threw anything else → logged, HTTP 500; took longer than
 *   `handshakeTimeout` → logged, HTTP 503;
 * - after `accept()`: returned → close 1000 (unless already closed); threw `WebSocketException` → its code and
 *   reason; `WebSocketDisconnect` → nothing more (the connection is over); anything else → logged, close 1011.
 * Resolves when the handler has finished (its `finally` blocks included). Never rejects.
 */
export function runSession<In, Out>(
  ws: WebSocket<In, Out>,
  session: WebSocketSession<In, Out>,
  context: { logger: WebSocketLogger; handshakeTimeout: number },
): Promise<void> {
  const { logger } = context;
  // Held by the WebSocket only, which clears and drops it at accept() (or a refusal): a long-lived connection
  // keeps no timer for its handshake. A static callback: nothing of this call stays alive with the connection.
  ws.handshakeTimer = setTimeout(handshakeTimedOut, context.handshakeTimeout, ws, logger, context.handshakeTimeout);
  let running: Promise<void> | void;
  try {
    running = session(ws);
  } catch (error) {
    running = Promise.reject(error);
  }
  // One continuation per connection rather than an async function suspended for the connection's life (its
  // frame, promise and await closures stayed allocated for every idle connection).
  return Promise.resolve(running).then(
    () => sessionReturned(ws),
    (error: unknown) => sessionFailed(ws, error, logger),
  );
}

function handshakeTimedOut(ws: WebSocket<any, any>, logger: WebSocketLogger, handshakeTimeout: number): void {
  if (ws.applicationState !== "CONNECTING") return;
  const reason = `handshake timed out: accept() was not called within ${handshakeTimeout} ms`;
  logger.warn({ ...logFields(ws), handshakeTimeout }, `WebSocket ${reason}; refused with HTTP 503`);
  ws.refuseHandshake(jsonRefusal(503, "Service Unavailable"), new WebSocketDisconnect(1006, reason));
}

async function sessionReturned(ws: WebSocket<any, any>): Promise<void> {
  try {
    if (ws.applicationState === "CONNECTING") ws.refuseHandshake(jsonRefusal(403, "Forbidden"));
    else await closeIfOpen(ws, 1000, "");
  } finally {
    clearHandshakeTimer(ws);
  }
}

async function sessionFailed(ws: WebSocket<any, any>, error: unknown, logger: WebSocketLogger): Promise<void> {
  try {
    if (ws.applicationState === "CONNECTING") refuseAfterError(ws, error, logger, logFields(ws));
    else await closeAfterError(ws, error, logger, logFields(ws));
  } finally {
    clearHandshakeTimer(ws);
  }
}

function clearHandshakeTimer(ws: WebSocket<any, any>): void {
  clearTimeout(ws.handshakeTimer);
  ws.handshakeTimer = undefined;
}

function logFields(ws: WebSocket<any, any>): Record<string, unknown> {
  return { requestId: ws.requestId, path: ws.url.pathname };
}

function refuseAfterError(ws: WebSocket<any, any>, error: unknown, logger: WebSocketLogger, fields: Record<string, unknown>): void {
  if (error instanceof HTTPException) {
    ws.refuseHandshake(jsonRefusal(error.status, error.detail, error.headers));
  } else if (error instanceof WebSocketException) {
    ws.refuseHandshake(jsonRefusal(403, "Forbidden"));
  } else if (error instanceof WebSocketDisconnect) {
    // The client left during the handshake (accept() threw): nobody is left to answer.
  } else {
    logger.error({ ...fields, err: error }, "WebSocket handler failed before accept(); handshake refused with HTTP 500");
    ws.refuseHandshake({ status: 500, headers: { "content-type": "text/plain; charset=utf-8" }, body: "Internal Server Error" });
  }
}

async function closeAfterError(ws: WebSocket<any, any>, error: unknown, logger: WebSocketLogger, fields: Record<string, unknown>): Promise<void> {
  if (error instanceof WebSocketException) {
    if (isSendableCloseCode(error.code)) return closeIfOpen(ws, error.code, error.reason);
    logger.error({ ...fields, err: error }, `WebSocketException with unsendable close code ${error.code}; closed with 1011 instead`);
    return closeIfOpen(ws, 1011, "");
  }
  if (error instanceof WebSocketDisconnect) {
    logger.debug?.({ ...fields, code: error.code, reason: error.reason }, "WebSocket handler ended by disconnect");
    return closeIfOpen(ws, isSendableCloseCode(error.code) ? error.code : 1000, "");
  }
  const hint = error instanceof HTTPException ? " (HTTPException only works before accept(); after it, throw WebSocketException(code, reason))" : "";
  logger.error({ ...fields, err: error }, `WebSocket handler failed after accept(); closed with 1011${hint}`);
  return closeIfOpen(ws, 1011, "");
}

async function closeIfOpen(ws: WebSocket<any, any>, code: number, reason: string): Promise<void> {
  if (ws.applicationState !== "CONNECTED" || ws.clientState !== "CONNECTED") return;
  try {
    await ws.close(code, truncateUtf8(reason));
  } catch {
    // The client went away while a queued send was waiting; the connection is over either way.
  }
}

/** The `{"detail": …}` refusal Skiff answers a handshake with. */
export function jsonRefusal(status: number, detail: unknown, headers: Record<string, string> = {}): HandshakeRefusal {
  return {
    status,
    headers: { ...lowercaseKeys(headers), "content-type": "application/json" },
    body: JSON.stringify({ detail }),
  };
}

function lowercaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}
