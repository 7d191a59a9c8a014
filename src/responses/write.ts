import type { ServerResponse } from "node:http";
import { Readable } from "node:stream";
import type { Response } from "./response.ts";

/** Statuses that never carry a body (RFC 9110): the body is dropped and no content-length sent. */
export function isBodyless(status: number): boolean {
  return status === 204 || status === 304 || (status >= 100 && status < 200);
}

/**
 * Writes a Skiff `Response` to Node's `ServerResponse`. `headOnly` sends the headers a GET would (including its
 * content-length) without the body. Resolves when the response has been handed to the socket.
 */
export function writeResponse(res: ServerResponse, response: Response, headOnly: boolean): void | Promise<void> {
  const { status, body } = response;
  if (isBodyless(status)) {
    res.writeHead(status, response.headers.toList(true, true));
    res.end();
    return;
  }
  if (typeof body === "string" || body instanceof Uint8Array) {
    const headers = response.headers.toList(true, false);
    headers.push("content-length", String(typeof body === "string" ? Buffer.byteLength(body) : body.byteLength));
    res.writeHead(status, headers);
    if (headOnly) res.end();
    else res.end(body);
    return;
  }
  if (body === null) {
    const headers = response.headers.toList(true, false);
    headers.push("content-length", "0");
    res.writeHead(status, headers);
    res.end();
    return;
  }
  // A stream keeps a content-length its maker set: only it knows the size.
  res.writeHead(status, response.headers.toList(false, false));
  if (headOnly) {
    discardBody(body);
    res.end();
    return;
  }
  return pipeBody(res, body);
}

/** Releases a body that will never be sent: a stream is destroyed, a generator closed (its `finally` runs). */
export function discardBody(body: Response["body"]): void {
  if (body instanceof Readable) body.destroy();
  else if (body !== null && typeof body === "object" && Symbol.asyncIterator in body) {
    const iterator = body[Symbol.asyncIterator]();
    void iterator.return?.()?.catch?.(() => {});
  }
}

async function pipeBody(res: ServerResponse, body: AsyncIterable<string | Uint8Array>): Promise<void> {
  const iterator = body[Symbol.asyncIterator]();
  const closed = new Promise<void>((resolve) => res.once("close", resolve));
  try {
    while (true) {
      const step = await Promise.race([iterator.next(), closed.then(() => null)]);
      if (step === null) return; // client went away: stop producing
      if (step.done) break;
      if (!res.write(step.value)) {
        await Promise.race([new Promise<void>((resolve) => res.once("drain", resolve)), closed]);
      }
      if (res.destroyed) return;
    }
    res.end();
  } catch (error) {
    // Headers are out already; the only honest signal left is to abort the connection.
    res.destroy(error as Error);
    throw error;
  } finally {
    if (res.destroyed || !res.writableEnded) await iterator.return?.();
  }
}
