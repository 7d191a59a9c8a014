import type { IncomingMessage } from "node:http";
import { HTTPException } from "./exceptions.ts";
import { SkiffError } from "../errors.ts";

/** The default cap on a request body: 1 MiB, as Fastify's. Per app (`bodyLimit`) and per route. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/**
 * Reads a request body into memory, refusing with 413 as soon as it is known to exceed `limit` — from the
 * `content-length` header before reading anything, or while reading a chunked body.
 */
export function readBody(raw: IncomingMessage, limit: number): Promise<Buffer> {
  const encoded = unsupportedEncoding(raw);
  if (encoded) return Promise.reject(encoded);
  const declared = raw.headers["content-length"];
  if (declared !== undefined && Number(declared) > limit) {
    return Promise.reject(tooLarge(limit));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    // Once the read is settled the listeners stay attached and do nothing more (removing four listeners costs more
    // than leaving them on a request that is about to be dropped); a late "error" is then still handled, not thrown.
    raw.on("data", (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > limit) {
        settled = true;
        raw.resume(); // drain the rest so the 413 can still be written on this connection
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    raw.on("end", () => {
      if (settled) return;
      settled = true;
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    });
    raw.on("error", (error: Error) => {
      settled = true;
      reject(error);
    });
    raw.on("aborted", () => {
      settled = true;
      reject(new ClientDisconnected());
    });
  });
}

/**
 * A body sent with a `Content-Encoding` Skiff does not decode (every one but identity): 415, before reading it.
 * Taking it as plain would hand compressed bytes to JSON parsing and validation; decoding it would need a limit on
 * the decoded size, which a route that wants compressed uploads is better placed to choose.
 */
export function unsupportedEncoding(raw: IncomingMessage): HTTPException | undefined {
  const coding = raw.headers["content-encoding"];
  if (coding === undefined || coding === "" || coding.toLowerCase() === "identity" || raw.headers["content-length"] === "0") return undefined;
  return new HTTPException(415, `Content-Encoding "${coding}" is not supported: send the request body uncompressed`, {
    "accept-encoding": "identity",
  });
}

function tooLarge(limit: number): HTTPException {
  return new HTTPException(413, `Request body is larger than the limit of ${limit} bytes (bodyLimit)`);
}

/** The client closed the connection before its request body arrived; nobody is left to answer. */
export class ClientDisconnected extends SkiffError {
  constructor() {
    super("SKIFF_CLIENT_DISCONNECTED", "Client disconnected before the request body was read");
  }
}
