import type { IncomingMessage } from "node:http";
import { readBody } from "./body.ts";
import { HTTPConnection, type ConnectionHead } from "./connection.ts";
import type { Exchange } from "./exchange.ts";
import type { App } from "../app.ts";

/** The head of a Node request: its socket is the peer; `target` is `req.url` in origin form. */
export function nodeHead(req: IncomingMessage, target: string): ConnectionHead {
  return { method: req.method ?? "GET", target, headers: req.headers, peer: req.socket, httpVersion: req.httpVersion };
}

/**
 * The incoming HTTP request (Starlette's `Request`): the connection's headers, cookies, URL, client and state (see
 * `HTTPConnection`), plus the body and the app serving it.
 */
export class Request extends HTTPConnection {
  #raw: IncomingMessage | (() => IncomingMessage) | undefined;
  /** The application serving this request (`request.app.state`, `request.app.logger`). */
  readonly app: App<any, any>;
  bodyLimit: number;
  /** @internal What the dispatcher tracks for this request (after-work, whether its error was logged). */
  readonly exchange: Exchange;
  private _body?: Promise<Buffer>;

  /** `raw` may be a function making the message on first use (a fetch host's request has none of its own). */
  constructor(app: App<any, any>, head: ConnectionHead, raw: IncomingMessage | (() => IncomingMessage), exchange: Exchange, bodyLimit = 0) {
    super(head, app.settings.trustProxy ?? false);
    this.#raw = raw;
    this.app = app;
    this.exchange = exchange;
    this.bodyLimit = bodyLimit;
  }

  /**
   * Node's request message. A WebSocket handshake's is let go once the handshake is accepted (an idle connection
   * would otherwise keep about a kilobyte of it): read what you need from it before `accept()`.
   */
  get raw(): IncomingMessage {
    if (this.#raw === undefined) {
      throw new Error("request.raw is released once the WebSocket handshake is accepted; read what you need from it before accept()");
    }
    if (typeof this.#raw === "function") this.#raw = this.#raw();
    return this.#raw;
  }

  /** @internal The handshake was accepted: the connection keeps its head (headers, peer), not Node's message. */
  override handshakeAccepted(): void {
    this.#raw = undefined;
  }

  /** The raw body, read once (bounded by the body limit → 413). */
  body(): Promise<Buffer> {
    return (this._body ??= readBody(this.raw, this.bodyLimit));
  }

  async text(): Promise<string> {
    return (await this.body()).toString("utf8");
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const buffer = await this.body();
    return buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer;
  }
}
