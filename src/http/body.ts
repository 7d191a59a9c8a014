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
    (raw as Reading)[READING] = { chunks: [], size: 0, limit, resolve, reject };
    raw.on("data", onData);
    raw.on("end", onEnd);
    raw.on("error", onError);
    raw.on("aborted", onAborted);
  });
}

// The read in progress sits on the request and the listeners are shared module functions (the emitter calls them
// with `this` = the request): no closures per request, and under tsx (esbuild keepNames) none named per request.
const READING = Symbol("skiff.bodyReading");

interface Reading extends IncomingMessage {
  [READING]?: { chunks: Buffer[]; size: number; limit: number; resolve(body: Buffer): void; reject(error: unknown): void };
}

function onData(this: Reading, chunk: Buffer): void {
  const reading = this[READING]!;
  reading.size += chunk.length;
  if (reading.size > reading.limit) {
    stop(this);
    this.resume(); // drain the rest so the 413 can still be written on this connection
    reading.reject(tooLarge(reading.limit));
    return;
  }
  reading.chunks.push(chunk);
}

function onEnd(this: Reading): void {
  const { chunks, size, resolve } = this[READING]!;
  stop(this);
  resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
}

function onError(this: Reading, error: Error): void {
  const { reject } = this[READING]!;
  stop(this);
  reject(error);
}

function onAborted(this: Reading): void {
  const { reject } = this[READING]!;
  stop(this);
  reject(new ClientDisconnected());
}

function stop(raw: Reading): void {
  raw[READING] = undefined;
  raw.off("data", onData);
  raw.off("end", onEnd);
  raw.off("error", onError);
  raw.off("aborted", onAborted);
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
