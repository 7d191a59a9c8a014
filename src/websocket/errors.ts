import { SkiffError } from "../errors.ts";
import { describeCloseCode } from "./close-codes.ts";

/**
 * Thrown by `receive*()` (and by `send*()` on a dead connection) when the WebSocket is closed: the client closed
 * it, the TCP connection dropped (code 1006), or Skiff closed it because of a rule the client broke (1003 wrong
 * message type, 1007 invalid JSON, 1008 invalid message or slow reader, 1009 message too large).
 *
 * Let it escape the handler to end the connection quietly, or catch it to run code when the client leaves.
 * @example
 * try {
 *   for (;;) await ws.sendText(await ws.receiveText());
 * } catch (error) {
 *   if (!(error instanceof WebSocketDisconnect)) throw error;
 *   logger.info(`client left with ${error.code}`);
 * }
 */
export class WebSocketDisconnect extends SkiffError<number> {
  readonly reason: string;

  constructor(code = 1000, reason = "") {
    super(code, `WebSocket closed with code ${code} (${describeCloseCode(code)})${reason ? `: ${reason}` : ""}`);
    this.reason = reason;
  }
}

/**
 * Throw from a WebSocket handler to close the connection with a chosen code and reason. Thrown before
 * `accept()`, it refuses the handshake with HTTP 403 instead (there is no WebSocket yet to carry a close code).
 * @example
 * if (!user) throw new WebSocketException(4001, "bad token");
 */
export class WebSocketException extends SkiffError<number> {
  readonly reason: string;

  constructor(code: number, reason = "") {
    super(code, `WebSocketException ${code}${reason ? `: ${reason}` : ""}`);
    this.reason = reason;
  }
}

/**
 * A WebSocket method was called in a state that does not allow it (before `accept()`, after `close()`, twice…).
 * Always a bug in the handler; the message names the state and the fix.
 */
export class WebSocketStateError extends SkiffError {
  constructor(message: string) {
    super("SKIFF_WEBSOCKET_STATE", message);
  }
}

/** The error for a receive/send on a WebSocket that was never accepted. */
export function notConnectedError(method: string, applicationState: string): WebSocketStateError {
  if (applicationState === "CONNECTING") {
    return new WebSocketStateError(
      `Cannot ${method}(): the WebSocket is not accepted yet (application state CONNECTING). Did you forget to \`await ws.accept()\`?`,
    );
  }
  return new WebSocketStateError(
    `Cannot ${method}(): the handshake was refused before accept() (application state ${applicationState}), so there is no connection.`,
  );
}

/**
 * The server refused the opening handshake with an HTTP response (the handler closed, returned or threw before
 * `accept()`, or the origin was not allowed). Rejected by `connectInMemory` and the TestClient's `websocketConnect`.
 * @example
 * await assert.rejects(client.websocketConnect("/ws"), (e) => e instanceof WebSocketDenied && e.status === 403);
 */
export class WebSocketDenied extends SkiffError {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;

  constructor(status: number, body: string, headers: Record<string, string>) {
    super("SKIFF_WEBSOCKET_DENIED", `WebSocket handshake refused with HTTP ${status}${body ? `: ${body}` : ""}`);
    this.status = status;
    this.body = body;
    this.headers = headers;
  }

  /** The body parsed as JSON (Skiff refuses with `{"detail": …}`). */
  json(): unknown {
    return JSON.parse(this.body);
  }
}

/** A test session's `receive*()` waited longer than its timeout for a message from the server. */
export class WebSocketReceiveTimeout extends SkiffError {
  readonly timeout: number;

  constructor(method: string, timeout: number) {
    super(
      "SKIFF_WEBSOCKET_RECEIVE_TIMEOUT",
      `${method} timed out after ${timeout} ms: the server sent no message and did not close the connection. ` +
        `Check that the handler sends what the test expects, or pass { timeout } to wait longer.`,
    );
    this.timeout = timeout;
  }
}
