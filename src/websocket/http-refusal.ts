import { STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import { refusalHeaders, type HandshakeRefusal } from "./transport.ts";

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Answer an upgrade request with a plain HTTP response on the raw socket and close it. The socket was taken over
 * from Node's HTTP server for the upgrade, so no `ServerResponse` exists to do this.
 */
export function writeRefusal(socket: Duplex, refusal: HandshakeRefusal): void {
  if (socket.destroyed || !socket.writable) return void socket.destroy();
  const body = typeof refusal.body === "string" ? Buffer.from(refusal.body, "utf8") : refusal.body;
  const lines = [`HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status] ?? "Error"}`, "connection: close"];
  for (const [name, value] of refusalHeaders(refusal)) {
    const lower = name.toLowerCase();
    // Framing headers are ours; a value with CR/LF would split the response.
    if (lower === "connection" || lower === "content-length" || lower === "transfer-encoding") continue;
    if (!HEADER_NAME.test(name) || /[\r\n\0]/.test(value)) continue;
    lines.push(`${lower}: ${value}`);
  }
  lines.push(`content-length: ${body.byteLength}`);
  socket.once("finish", () => socket.destroy());
  socket.end(Buffer.concat([Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "latin1"), body]));
}
