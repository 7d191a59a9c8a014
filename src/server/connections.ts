import type { Server } from "node:http";
import type { Socket } from "node:net";
import type { Logger } from "../logging/logger.ts";
import { REFUSED_CONNECTION } from "../internal/symbols.ts";
import { answerAndClose } from "./raw-answer.ts";

export interface ConnectionGuardOptions {
  /** A connection that has sent nothing this long after accept is closed (ms). */
  headersTimeout: number;
  /** Most connections open at once (HTTP and WebSocket); past it a new one is answered 503 and closed. */
  maxConnections?: number;
  /** How often silent connections are looked for (ms). */
  interval: number;
  logger: Logger;
}

const REFUSED_DETAIL = "Service Unavailable: too many open connections (maxConnections)";

/**
 * Guards the connections themselves, before any request: Node times a request's head only from its first byte, so a
 * connection that never sends one would be held forever; here it is closed `headersTimeout` after accept (once a
 * byte arrives, Node's own clock, also counted from accept, takes over). With `maxConnections`, connections past
 * the cap are answered 503 at once and closed, so they cannot take the last file descriptors.
 */
export function guardConnections(server: Server, options: ConnectionGuardOptions): { stop(): void } {
  // Each sweep drops the connections that spoke or closed, so this holds the silent ones and the newest few.
  const silent = new Map<Socket, number>();
  let open = 0;
  const cap = options.maxConnections;
  const warn = refusalWarning(cap ?? 0, options.logger);
  const onClose = () => open--;
  server.prependListener("connection", (socket: Socket) => {
    if (cap !== undefined) {
      if (open >= cap) {
        warn();
        (socket as RefusableSocket)[REFUSED_CONNECTION] = true;
        answerAndClose(socket, "503 Service Unavailable", REFUSED_DETAIL, "retry-after: 1\r\n");
        return;
      }
      open++;
      socket.once("close", onClose);
    }
    silent.set(socket, Date.now());
  });
  const sweep = setInterval(() => {
    const deadline = Date.now() - options.headersTimeout;
    for (const [socket, accepted] of silent) {
      if (socket.bytesRead > 0 || socket.destroyed) silent.delete(socket);
      else if (accepted <= deadline) {
        silent.delete(socket);
        socket.destroy();
      }
    }
  }, options.interval);
  sweep.unref();
  return { stop: () => clearInterval(sweep) };
}

type RefusableSocket = Socket & { [REFUSED_CONNECTION]?: true };

/** Whether `guardConnections` refused this connection: a request Node still parses on it must not be served. */
export function isRefused(socket: Socket): boolean {
  return (socket as RefusableSocket)[REFUSED_CONNECTION] === true;
}

function refusalWarning(cap: number, logger: Logger): () => void {
  let refused = 0;
  let lastWarning = 0;
  return () => {
    refused++;
    const now = Date.now();
    if (now - lastWarning < 1000) return;
    lastWarning = now;
    logger.warn({ maxConnections: cap, refused }, `Connection limit of ${cap} reached; answering 503 (${refused} so far)`);
  };
}
