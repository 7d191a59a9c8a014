import type { IncomingMessage } from "node:http";
import { EventEmitter } from "node:events";
import { Readable } from "node:stream";
import type { ConnectionHead, Peer } from "../http/connection.ts";
import { isBodyless } from "../responses/write.ts";
import type { Response } from "../responses/response.ts";

/**
 * What a fetch host passes beside the request: Deno's `ServeHandlerInfo` (`{ remoteAddr }`) or Bun's `Server`
 * (`requestIP(request)`); the client's address comes from either.
 */
export interface FetchConnectionInfo {
  remoteAddr?: { hostname?: string; port?: number } | null;
  requestIP?(request: globalThis.Request): { address: string; port: number } | null;
}

/** The head of a Web `Request`: its URL's path and query as the target, its headers lowercased. */
export function fetchHead(request: globalThis.Request, url: URL, info: FetchConnectionInfo | undefined): ConnectionHead {
  const headers: Record<string, string> = {};
  // Fetch joins repeated headers with ", " already (and has no Set-Cookie on requests to keep apart).
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  if (headers.host === undefined) headers.host = url.host;
  // A body of unknown length (a stream, a FormData) comes without content-length: say it is chunked, as on the wire,
  // so the body readers do not take it for an empty one.
  if (request.body !== null && headers["content-length"] === undefined) headers["transfer-encoding"] = "chunked";
  const remote = info?.remoteAddr ?? undefined;
  const bun = typeof info?.requestIP === "function" ? info.requestIP(request) : null;
  const peer: Peer = {
    remoteAddress: remote?.hostname ?? bun?.address,
    remotePort: remote?.port ?? bun?.port,
    encrypted: url.protocol === "https:",
  };
  return { method: request.method, target: `${url.pathname}${url.search}`, headers, peer };
}

/**
 * The body of a Web `Request` as the stream Skiff's body and form readers consume (they read Node's request
 * message): a `Readable` over the Web stream, with the head's fields beside it.
 */
export function fetchBodyMessage(request: globalThis.Request, head: ConnectionHead): IncomingMessage {
  const stream = request.body ? Readable.fromWeb(request.body as import("node:stream/web").ReadableStream) : Readable.from([]);
  const rawHeaders: string[] = [];
  for (const [name, value] of Object.entries(head.headers)) {
    for (const one of typeof value === "string" ? [value] : (value ?? [])) rawHeaders.push(name, one);
  }
  // The "socket" closes when the client goes away (the host aborts the request's signal): uploads are disposed then.
  // Only watched when someone listens (Deno warns about reading the signal, which it also aborts after answering).
  const socket = Object.assign(new EventEmitter(), head.peer);
  socket.on("newListener", (event: string) => {
    if (event === "close" && socket.listenerCount("close") === 0)
      request.signal.addEventListener("abort", () => socket.emit("close"), { once: true });
  });
  return Object.assign(stream, {
    rawHeaders,
    method: head.method,
    url: head.target,
    headers: head.headers,
    httpVersion: "1.1",
    httpVersionMajor: 1,
    httpVersionMinor: 1,
    socket,
  }) as unknown as IncomingMessage;
}

/** A Skiff `Response` as a Web `Response`; a HEAD answer keeps the GET's headers (and content-length) without a body. */
export function toFetchResponse(response: Response, headOnly: boolean): globalThis.Response {
  const { status, body } = response;
  const headers = new Headers();
  for (const [name, value] of response.headers) headers.append(name, value);
  if (isBodyless(status)) return new globalThis.Response(null, { status, headers });
  if (typeof body === "string" || body instanceof Uint8Array) {
    if (headOnly) headers.set("content-length", String(typeof body === "string" ? Buffer.byteLength(body) : body.byteLength));
    return new globalThis.Response(headOnly ? null : (body as BodyInit), { status, headers });
  }
  if (body === null || headOnly) {
    if (body === null) headers.set("content-length", "0");
    return new globalThis.Response(null, { status, headers });
  }
  return new globalThis.Response(body instanceof Readable ? (Readable.toWeb(body) as ReadableStream) : streamOf(body), { status, headers });
}

/** An async iterable as a Web stream, pulled as the client reads; cancelling it closes the iterator (its `finally` runs). */
function streamOf(body: AsyncIterable<string | Uint8Array>): ReadableStream<Uint8Array> {
  const iterator = body[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const step = await iterator.next();
      if (step.done) controller.close();
      else controller.enqueue(typeof step.value === "string" ? encoder.encode(step.value) : step.value);
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}
