import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { App } from "../app.ts";
import { Exchange } from "../http/exchange.ts";
import { Request, nodeHead } from "../http/request.ts";
import { checkRequestHead, originForm, type RequestLimits } from "../http/request-limits.ts";
import { composeMiddleware, type Middleware } from "../middleware/compose.ts";
import { Response } from "../responses/response.ts";
import type { AppRoutes } from "../routing/app-routes.ts";
import { jsonRefusal } from "../websocket/run-session.ts";
import type { HandshakeRefusal } from "../websocket/transport.ts";
import { openWebSocket, socketChannel, type UpgradeChannel } from "../websocket/upgrade.ts";
import type { ErrorRendering } from "./error-rendering.ts";
import { FetchHead, fetchBodyMessage, type FetchConnectionInfo } from "./fetch-adapter.ts";
import { FetchUpgradeChannel } from "./fetch-websocket.ts";

// What `next` resolves to in a handshake: the connection has been handed on, there is no HTTP response to shape.
const HANDED_ON = new Response(null, { status: 101 });

/**
 * Every WebSocket upgrade, from a real socket or the TestClient alike — only the channel differs: head limits →
 * the app's `websocket: true` middleware → route match (404) → handshake checks → `allowedOrigins` → the session.
 */
export class UpgradeDispatcher {
  readonly #app: App<any, any>;
  readonly #routes: AppRoutes;
  readonly #errors: ErrorRendering;
  readonly #limits: Readonly<RequestLimits>;
  #middlewares: readonly Middleware[] = [];

  constructor(app: App<any, any>, routes: AppRoutes, errors: ErrorRendering, limits: Readonly<RequestLimits>) {
    this.#app = app;
    this.#routes = routes;
    this.#errors = errors;
    this.#limits = limits;
  }

  /** The middleware that also sees handshakes (`websocket: true`), in order. */
  useMiddleware(middlewares: readonly Middleware[]): void {
    this.#middlewares = middlewares;
  }

  /** Node's `upgrade` listener (`app.handleUpgrade`). */
  readonly handleUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    void this.dispatch(req, socketChannel(req, socket, head));
  };

  /**
   * A WebSocket handshake that came to `app.fetch`: the same steps, answered with the fetch handler's Response
   * (`undefined` once Bun's `server.upgrade` took the connection).
   */
  fetchUpgrade(request: globalThis.Request, info: FetchConnectionInfo | undefined): Promise<globalThis.Response | undefined> {
    const head = new FetchHead(request, info);
    const channel = new FetchUpgradeChannel(request, info);
    void this.dispatch(fetchBodyMessage(request, head), channel);
    return channel.answer;
  }

  /**
   * Serves one upgrade request on `channel`. Resolves when its session has finished (at once when the handshake is
   * refused); never rejects.
   */
  dispatch(req: IncomingMessage, channel: UpgradeChannel): Promise<void> {
    const target = originForm(req.url ?? "/");
    if (target !== req.url) req.url = target;
    const refused = checkRequestHead(req, target, this.#limits);
    if (refused) {
      channel.refuse(jsonRefusal(refused.status, refused.detail));
      return Promise.resolve();
    }
    const request = new Request(this.#app, nodeHead(req, target), req, new Exchange(this.#errors));
    if (this.#middlewares.length === 0) return this.#route(request, channel);
    return this.#throughMiddleware(request, channel);
  }

  /**
   * The middleware chain first: its innermost `next` hands the connection on (routing, the handshake) and runs inside
   * the chain, so context a middleware sets up (the request id's log context) lasts for the whole connection. A
   * middleware that answers instead refuses the handshake with its response.
   */
  #throughMiddleware(request: Request, channel: UpgradeChannel): Promise<void> {
    let session: Promise<void> | undefined;
    const pipeline = composeMiddleware(this.#middlewares, (inner) => {
      session = this.#route(inner, channel);
      return HANDED_ON;
    });
    return Promise.resolve()
      .then(() => pipeline(request))
      .catch((error) => this.#errors.render(error, request))
      .then(async (response) => {
        if (response !== HANDED_ON) channel.refuse(await refusalOf(response));
      })
      .catch((error) => {
        this.#errors.report(error, request);
        channel.destroy(error);
      })
      .then(() => session);
  }

  #route(request: Request, channel: UpgradeChannel): Promise<void> {
    const match = this.#routes.findWebSocket(request.path);
    if (match === null) {
      channel.refuse(jsonRefusal(404, "Not Found"));
      return Promise.resolve();
    }
    const endpoint = match.route;
    return openWebSocket(channel, request, endpoint.options, (ws) => endpoint.run(ws, request), {
      pathParams: endpoint.pathParams(match.params),
      inValidator: endpoint.inValidator,
      logger: this.#app.logger,
    });
  }
}

/** A middleware's answer to a handshake, as the HTTP response that refuses it. */
async function refusalOf(response: Response): Promise<HandshakeRefusal> {
  return { status: response.status, headers: [...response.headers], body: await bodyBytes(response.body) };
}

async function bodyBytes(body: Response["body"]): Promise<Uint8Array> {
  if (body === null) return new Uint8Array(0);
  if (typeof body === "string") return Buffer.from(body);
  if (body instanceof Uint8Array) return body;
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : Buffer.from(chunk));
  return Buffer.concat(chunks);
}
