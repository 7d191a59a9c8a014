import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import type { Logger } from "../logging/logger.ts";

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;
type UpgradeListener = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

const BODY = '{"detail":"Service Unavailable: too many concurrent requests"}';

/**
 * uvicorn's `--limit-concurrency`: at most `limit` requests in flight and WebSocket connections open at once; beyond
 * that a request gets 503 (and `connection: close`) at once instead of queueing. A warning is logged at most once a
 * second while the limit turns requests away.
 */
export function limitConcurrency(
  limit: number,
  logger: Logger,
  onRequest: RequestListener,
  onUpgrade: UpgradeListener,
): { request: RequestListener; upgrade: UpgradeListener; readonly active: number } {
  if (!(Number.isInteger(limit) && limit > 0)) throw new RangeError(`limitConcurrency must be a positive whole number, got ${String(limit)}`);
  let active = 0;
  let refused = 0;
  let lastWarning = 0;
  const warn = () => {
    refused++;
    const now = Date.now();
    if (now - lastWarning < 1000) return;
    lastWarning = now;
    logger.warn({ limitConcurrency: limit, refused }, `Concurrency limit of ${limit} reached; answering 503 (${refused} so far)`);
  };
  return {
    get active() {
      return active;
    },
    request(req, res) {
      if (active >= limit) {
        warn();
        res.shouldKeepAlive = false;
        res.writeHead(503, { "content-type": "application/json", "content-length": BODY.length, "retry-after": "1" });
        res.end(BODY);
        return;
      }
      active++;
      res.once("close", () => active--);
      onRequest(req, res);
    },
    upgrade(req, socket, head) {
      if (active >= limit) {
        warn();
        socket.on("error", () => socket.destroy());
        socket.end(
          `HTTP/1.1 503 Service Unavailable\r\nconnection: close\r\ncontent-type: application/json\r\nretry-after: 1\r\ncontent-length: ${BODY.length}\r\n\r\n${BODY}`,
        );
        return;
      }
      active++;
      socket.once("close", () => active--);
      onUpgrade(req, socket, head);
    },
  };
}
