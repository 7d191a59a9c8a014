import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { WebSocketRouteDefinition } from "./definitions.ts";
import type { ParsedTemplate } from "./template.ts";

export interface WebSocketOptions {
  maxMessageSize: number;
  heartbeatInterval: number;
  maxBufferedBytes: number;
  allowedOrigins: readonly string[] | "*" | ((origin: string | undefined) => boolean);
  perMessageDeflate: boolean;
}

/** A WebSocket route compiled at registration; `serve` runs one connection. (Wired to the WebSocket layer.) */
export class WebSocketEndpoint {
  constructor(
    readonly definition: WebSocketRouteDefinition,
    readonly template: ParsedTemplate,
    readonly app: unknown,
  ) {}

  serve(_req: IncomingMessage, socket: Duplex, _head: Buffer, _params: Record<string, string>): void {
    socket.end("HTTP/1.1 501 Not Implemented\r\nconnection: close\r\ncontent-length: 0\r\n\r\n");
  }
}
