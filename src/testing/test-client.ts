import { requireDependency } from "../util/require-dependency.ts";
import type { App } from "../app.ts";
import type { WebSocketTestSession } from "./test-session.ts";
import { MemoryChannel, inMemoryUpgradeRequest } from "./memory-peer.ts";

const { inject } = requireDependency("light-my-request") as typeof import("light-my-request");

/**
 * Options of `client.websocketConnect()`: query, headers, subprotocols and the receive timeout.
 */
export interface TestWebSocketOptions {
  query?: TestRequestOptions["query"];
  headers?: Record<string, string>;
  /** Offered in `Sec-WebSocket-Protocol`. */
  subprotocols?: string[];
  /** Default timeout of `receive*()` in ms (5000). */
  timeout?: number;
}

type QueryValue = string | number | boolean | Date;

/**
 * A TestClient request's parts: query, headers, cookies, and a `json`, `form` or raw `body`.
 */
export interface TestRequestOptions {
  /** Query parameters; arrays repeat the key. */
  query?: Record<string, QueryValue | QueryValue[] | undefined>;
  headers?: Record<string, string>;
  cookies?: Record<string, string>;
  /** Sent as JSON with `content-type: application/json`. */
  json?: unknown;
  /** Sent as `application/x-www-form-urlencoded`. */
  form?: Record<string, string | string[]>;
  /** A raw body. */
  body?: string | Uint8Array;
}

/** What a TestClient request answers: status, headers (Fetch `Headers`), and the body as text, bytes or JSON. */
export class TestResponse {
  constructor(
    readonly status: number,
    readonly headers: Headers,
    readonly body: Buffer,
  ) {}

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  get text(): string {
    return this.body.toString("utf8");
  }

  json<T = any>(): T {
    return JSON.parse(this.text) as T;
  }
}

/**
 * Calls the app in process, without a socket (FastAPI's `TestClient`). The lifespan starts on the first request and
 * stops on dispose: `await using client = new TestClient(app)`.
 * @example
 * await using client = new TestClient(app);
 * const res = await client.get("/items/1", { query: { q: "x" } });
 * assert.equal(res.status, 200);
 */
export class TestClient {
  readonly app: App<any, any>;
  private readonly defaultHeaders: Record<string, string>;

  constructor(app: App<any, any>, options: { headers?: Record<string, string> } = {}) {
    this.app = app;
    this.defaultHeaders = options.headers ?? {};
  }

  /** Runs the lifespan's startup now (requests do it on demand). */
  async start(): Promise<this> {
    await this.app.startup();
    return this;
  }

  async request(method: string, url: string, options: TestRequestOptions = {}): Promise<TestResponse> {
    await this.app.startup();
    const headers: Record<string, string> = { ...this.defaultHeaders, ...options.headers };
    let payload: string | Buffer | undefined;
    if (options.json !== undefined) {
      payload = JSON.stringify(options.json);
      headers["content-type"] ??= "application/json";
    } else if (options.form !== undefined) {
      payload = new URLSearchParams(
        Object.entries(options.form).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]])),
      ).toString();
      headers["content-type"] ??= "application/x-www-form-urlencoded";
    } else if (options.body !== undefined) {
      payload = typeof options.body === "string" ? options.body : Buffer.from(options.body);
    }
    if (options.cookies) {
      headers.cookie = Object.entries(options.cookies)
        .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
        .join("; ");
    }
    const response = await inject(this.app.handle, {
      method: method.toUpperCase() as "GET",
      url: withQuery(url, options.query),
      headers,
      payload,
    });
    const responseHeaders = new Headers();
    for (const [name, value] of Object.entries(response.headers)) {
      if (value === undefined) continue;
      for (const v of Array.isArray(value) ? value : [value]) responseHeaders.append(name, String(v));
    }
    return new TestResponse(response.statusCode, responseHeaders, response.rawPayload);
  }

  get(url: string, options?: TestRequestOptions) {
    return this.request("GET", url, options);
  }
  post(url: string, options?: TestRequestOptions) {
    return this.request("POST", url, options);
  }
  put(url: string, options?: TestRequestOptions) {
    return this.request("PUT", url, options);
  }
  patch(url: string, options?: TestRequestOptions) {
    return this.request("PATCH", url, options);
  }
  delete(url: string, options?: TestRequestOptions) {
    return this.request("DELETE", url, options);
  }
  head(url: string, options?: TestRequestOptions) {
    return this.request("HEAD", url, options);
  }
  options(url: string, options?: TestRequestOptions) {
    return this.request("OPTIONS", url, options);
  }

  /**
   * Opens a WebSocket to the app in memory. Resolves once the handler accepts; rejects with `WebSocketDenied`
   * (`status`, `body`) when the handshake is refused. `receive*({ timeout })` never waits forever.
   * @example
   * const ws = await client.websocketConnect("/ws", { query: { token: "t" } });
   * await ws.sendText("hi");
   * assert.equal(await ws.receiveText(), "接受到的消息是: hi");
   */
  async websocketConnect(path: string, options: TestWebSocketOptions = {}): Promise<WebSocketTestSession> {
    await this.app.startup();
    const url = new URL(withQuery(path, options.query), "ws://testserver");
    const req = inMemoryUpgradeRequest({ url, headers: { ...this.defaultHeaders, ...options.headers }, subprotocols: options.subprotocols });
    // The app's one upgrade path (limits, middleware, routing, handshake checks, origin), on an in-memory channel.
    const channel = new MemoryChannel(options.timeout ?? 5000);
    channel.serving(this.app.dispatchUpgrade(req, channel));
    return channel.opened;
  }

  /** Runs the lifespan's shutdown. */
  async close(): Promise<void> {
    await this.app.shutdown();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

export function withQuery(url: string, query: TestRequestOptions["query"]): string {
  if (!query) return url;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) params.append(key, v instanceof Date ? v.toISOString() : String(v));
  }
  const text = params.toString();
  if (!text) return url;
  return `${url}${url.includes("?") ? "&" : "?"}${text}`;
}
