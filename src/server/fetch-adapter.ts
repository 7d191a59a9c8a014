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

/**
 * The head of a Web `Request`: the path and query of its URL as the target, its headers lowercased, and the client's
 * address.
 */
export class FetchHead implements ConnectionHead {
  readonly method: string;
  readonly target: string;
  readonly #request: globalThis.Request;
  readonly #info: FetchConnectionInfo | undefined;
  #headers: Record<string, string> | undefined;
  #peer: Peer | undefined;

  constructor(request: globalThis.Request, info: FetchConnectionInfo | undefined) {
    this.#request = request;
    this.#info = info;
    this.method = request.method;
    // The URL is absolute ("http://host:port/path?query"): the target starts at the first "/" after the scheme's "//",
    // no `new URL` needed.
    const url = request.url;
    const path = url.indexOf("/", url.indexOf("//") + 2);
    this.target = path === -1 ? "/" : url.slice(path);
  }

  /** The headers as Node has them, made on first use: reading a Web request's headers costs the host a copy. */
  get headers(): Record<string, string> {
    if (this.#headers) return this.#headers;
    const request = this.#request;
    // Fetch joins repeated headers with ", " already (and has no Set-Cookie on requests to keep apart).
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    if (headers.host === undefined) headers.host = new URL(request.url).host;
    // A body of unknown length (a stream, a FormData) comes without content-length: say it is chunked, as on the wire,
    // so the body readers do not take it for an empty one.
    if (request.body !== null && headers["content-length"] === undefined) headers["transfer-encoding"] = "chunked";
    return (this.#headers = headers);
  }

  /** The client's address, asked on first use (Bun's `requestIP` costs a system call). */
  get peer(): Peer {
    if (this.#peer) return this.#peer;
    const info = this.#info;
    const remote = info?.remoteAddr ?? undefined;
    const bun = typeof info?.requestIP === "function" ? info.requestIP(this.#request) : null;
    return (this.#peer = {
      remoteAddress: remote?.hostname ?? bun?.address,
      remotePort: remote?.port ?? bun?.port,
      encrypted: this.#request.url.startsWith("https:"),
    });
  }

  /**
   * Copies what is still unread from the Web request (headers, the client's address) for work that runs after the
   * answer: the host closes the request once it has the answer (Deno throws, Bun answers with nothing).
   */
  keepForLater(): void {
    void this.headers;
    void this.peer;
  }
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
  if (isBodyless(status)) return new globalThis.Response(null, { status, headers: fetchHeaders(response) });
  if (typeof body === "string" || body instanceof Uint8Array) {
    if (!headOnly) return new globalThis.Response(body as BodyInit, { status, headers: fetchHeaders(response) });
    const length = typeof body === "string" ? Buffer.byteLength(body) : body.byteLength;
    return new globalThis.Response(null, { status, headers: fetchHeaders(response, String(length)) });
  }
  if (body === null || headOnly) return new globalThis.Response(null, { status, headers: fetchHeaders(response, body === null ? "0" : undefined) });
  const stream = body instanceof Readable ? (Readable.toWeb(body) as ReadableStream) : streamOf(body);
  return new globalThis.Response(stream, { status, headers: fetchHeaders(response) });
}

/**
 * A response's headers as the hosts take them in one step: a plain object (cheaper than a `Headers` filled field by
 * field), or name/value pairs when a header repeats (`set-cookie`), each then sent as a line of its own.
 * `contentLength` replaces the response's own.
 */
function fetchHeaders(response: Response, contentLength?: string): Record<string, string> | [string, string][] {
  const list = response.headers.toList(contentLength !== undefined, false);
  const headers: Record<string, string> = {};
  for (let i = 0; i < list.length; i += 2) {
    if (typeof list[i + 1] !== "string") return pairs(list, contentLength);
    headers[list[i] as string] = list[i + 1] as string;
  }
  if (contentLength !== undefined) headers["content-length"] = contentLength;
  return headers;
}

function pairs(list: (string | string[])[], contentLength: string | undefined): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i < list.length; i += 2) {
    const name = list[i] as string;
    const value = list[i + 1]!;
    for (const one of typeof value === "string" ? [value] : value) out.push([name, one]);
  }
  if (contentLength !== undefined) out.push(["content-length", contentLength]);
  return out;
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
