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
    // Methods rather than `const onData = () => …`: under tsx (esbuild keepNames) every such closure also costs an
    // Object.defineProperty per request.
    const on = {
      data(chunk: Buffer) {
        size += chunk.length;
        if (size > limit) {
          on.stop();
          raw.resume(); // drain the rest so the 413 can still be written on this connection
          reject(tooLarge(limit));
          return;
        }
        chunks.push(chunk);
      },
      end() {
        on.stop();
        resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
      },
      error(error: Error) {
        on.stop();
        reject(error);
      },
      aborted() {
        on.stop();
        reject(new ClientDisconnected());
      },
      stop() {
        raw.off("data", on.data);
        raw.off("end", on.end);
        raw.off("error", on.error);
        raw.off("aborted", on.aborted);
      },
    };
    raw.on("data", on.data);
    raw.on("end", on.end);
    raw.on("error", on.error);
    raw.on("aborted", on.aborted);
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
