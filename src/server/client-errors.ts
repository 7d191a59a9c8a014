import type { ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { answerAndClose, lingerThenDestroy } from "./raw-answer.ts";

/**
 * Node's `clientError`: malformed requests, oversized heads and heads or bodies too slow to arrive get a real HTTP
 * answer instead of a silent reset, and the socket is destroyed shortly after (a client that keeps sending must not
 * hold it half-closed).
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  // Garbage pipelined behind a request whose response is already going out: a 400 written now would land inside
  // that response's body. That response is finished instead, then the connection closed.
  const inFlight = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
  if (inFlight?.headersSent && socket.writable) {
    if (inFlight.writableFinished) endSoon(socket);
    else inFlight.once("finish", () => endSoon(socket)).once("close", () => socket.destroy());
    return;
  }
  if (!socket.writable || error.code === "ECONNRESET") {
    socket.destroy();
    return;
  }
  const status =
    error.code === "HPE_HEADER_OVERFLOW"
      ? "431 Request Header Fields Too Large"
      : error.code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? "408 Request Timeout"
        : "400 Bad Request";
  answerAndClose(socket, status, status.slice(4));
}

function endSoon(socket: Socket): void {
  socket.end();
  lingerThenDestroy(socket);
}
