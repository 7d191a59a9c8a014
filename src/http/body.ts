import type { IncomingMessage } from "node:http";
import { HTTPException } from "./exceptions.ts";

/** The default cap on a request body: 1 MiB, as Fastify's. Per app (`bodyLimit`) and per route. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/**
 * Reads a request body into memory, refusing with 413 as soon as it is known to exceed `limit` — from the
 * `content-length` header before reading anything, or while reading a chunked body.
 */
export function readBody(raw: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = raw.headers["content-length"];
  if (declared !== undefined && Number(declared) > limit) {
    return Promise.reject(tooLarge(limit));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        raw.resume(); // drain the rest so the 413 can still be written on this connection
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onAborted = () => {
      cleanup();
      reject(new ClientDisconnected());
    };
    function cleanup() {
      raw.off("data", onData);
      raw.off("end", onEnd);
      raw.off("error", onError);
      raw.off("aborted", onAborted);
    }
    raw.on("data", onData);
    raw.on("end", onEnd);
    raw.on("error", onError);
    raw.on("aborted", onAborted);
  });
}

function tooLarge(limit: number): HTTPException {
  return new HTTPException(413, `Request body is larger than the limit of ${limit} bytes (bodyLimit)`);
}

/** The client closed the connection before its request body arrived; nobody is left to answer. */
export class ClientDisconnected extends Error {
  constructor() {
    super("Client disconnected before the request body was read");
    this.name = "ClientDisconnected";
  }
}
