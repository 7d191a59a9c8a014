import { STATUS_CODES, type IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { App } from "../app.ts";
import { Request } from "../http/request.ts";
import { Response } from "../responses/response.ts";
import { composeMiddleware, type Middleware } from "./compose.ts";

// What `next` resolves to in a handshake: the connection has been handed on, there is no HTTP response to shape.
const HANDED_ON = new Response(null, { status: 101 });

/**
 * Runs the app's `websocket: true` middleware for an upgrade request before it is routed. `proceed` hands the
 * connection on (routing, the WebSocket handshake); it runs inside the middleware chain, so context a middleware
 * sets up (the request id's log context) lasts for the whole connection. A middleware that answers instead refuses
 * the handshake with its response.
 */
export function runUpgradeMiddleware(
  app: App<any, any>,
  middlewares: readonly Middleware[],
  req: IncomingMessage,
  socket: Duplex,
  proceed: (request: Request) => void,
): void {
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  const request = new Request({
    raw: req,
    app,
    pathname: q === -1 ? url : url.slice(0, q),
    search: q === -1 ? "" : url.slice(q + 1),
    bodyLimit: 0,
    trustProxy: app.settings.trustProxy ?? false,
  });
  passUpgradeMiddleware(app, middlewares, request, proceed).then(
    (refusal) => (refusal === undefined ? undefined : refuse(socket, refusal)),
    (error) => {
      app.reportError(error, request);
      socket.destroy();
    },
  );
}

/**
 * The transport-free part: resolves `undefined` once the chain called `proceed` (the connection was handed on), or
 * the response a middleware answered with instead. The TestClient uses it for in-memory connections.
 */
export function passUpgradeMiddleware(
  app: App<any, any>,
  middlewares: readonly Middleware[],
  request: Request,
  proceed: (request: Request) => void,
): Promise<Response | undefined> {
  const pipeline = composeMiddleware(middlewares, (inner) => {
    proceed(inner);
    return HANDED_ON;
  });
  return Promise.resolve()
    .then(() => pipeline(request))
    .catch((error) => app.renderError(error, request))
    .then((response) => (response === HANDED_ON ? undefined : response));
}

/** Writes a middleware's answer as the handshake's HTTP response and closes the connection. */
async function refuse(socket: Duplex, response: Response): Promise<void> {
  const body = await bodyBytes(response.body);
  let head = `HTTP/1.1 ${response.status} ${STATUS_CODES[response.status] ?? "Error"}\r\nconnection: close\r\n`;
  for (const [name, value] of response.headers) {
    if (name !== "content-length" && name !== "connection") head += `${name}: ${value}\r\n`;
  }
  head += `content-length: ${body.byteLength}\r\n\r\n`;
  socket.end(Buffer.concat([Buffer.from(head, "latin1"), body]));
}

export async function bodyBytes(body: Response["body"]): Promise<Buffer> {
  if (body === null) return Buffer.alloc(0);
  if (typeof body === "string") return Buffer.from(body);
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : Buffer.from(chunk));
  return Buffer.concat(chunks);
}
