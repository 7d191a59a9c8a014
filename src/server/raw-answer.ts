import type { Socket } from "node:net";

/**
 * How long a connection we answered and ended may linger before it is destroyed: long enough for the client to read
 * the answer (destroying at once, with its unread bytes still arriving, would reset the connection and could lose
 * the answer), short enough that a client which keeps sending cannot hold the socket half-closed.
 */
export const LINGER_MS = 1000;

/**
 * Writes a complete JSON answer with `connection: close` straight to a socket Node's HTTP layer is not answering
 * (a refused connection, a malformed request), ends it, and destroys it after {@link LINGER_MS}.
 */
export function answerAndClose(socket: Socket, status: string, detail: string, headers = ""): void {
  const body = JSON.stringify({ detail });
  socket.on("error", destroySocket);
  socket.end(
    `HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-type: application/json\r\n${headers}content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  lingerThenDestroy(socket);
}

/** Destroys an ended socket after {@link LINGER_MS}, unless it closes first. */
export function lingerThenDestroy(socket: Socket): void {
  setTimeout(destroySocket.bind(socket), LINGER_MS).unref();
}

function destroySocket(this: Socket): void {
  this.destroy();
}
