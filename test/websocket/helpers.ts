import { after } from "node:test";
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocket as WsClient, type ClientOptions } from "ws";
import type { WebSocketLogger } from "../../src/websocket/logger.ts";
import type { WebSocketOptions } from "../../src/websocket/options.ts";
import type { WebSocketSession } from "../../src/websocket/run-session.ts";
import { serveWebSocket, type WebSocketConnectionInit } from "../../src/websocket/upgrade.ts";

/** The seed's echo: answers each text; on "bye" says 聊天关闭 and closes with 1000. */
export const seedEcho: WebSocketSession = async (ws) => {
  await ws.accept();
  for (;;) {
    const text = await ws.receiveText();
    if (text === "bye") {
      await ws.sendText("聊天关闭");
      await ws.close(1000);
      return;
    }
    await ws.sendText(`接受到的消息是: ${text}`);
  }
};

/** A logger that remembers what it was told. */
export function recordingLogger(): WebSocketLogger & { lines: { level: string; message: string; fields: Record<string, unknown> }[] } {
  const lines: { level: string; message: string; fields: Record<string, unknown> }[] = [];
  return {
    lines,
    error: (fields, message) => void lines.push({ level: "error", message, fields }),
    warn: (fields, message) => void lines.push({ level: "warn", message, fields }),
    debug: (fields, message) => void lines.push({ level: "debug", message, fields }),
  };
}

export interface TestServer {
  url: string;
  server: Server;
  /** Promises of every session served, settled when each handler finished. */
  sessions: Promise<void>[];
  close(): Promise<void>;
}

/** An HTTP server on loopback whose every upgrade runs `session` through `serveWebSocket`. */
export async function startServer(
  session: WebSocketSession<any, any>,
  options: WebSocketOptions = {},
  init: Partial<WebSocketConnectionInit<any>> = {},
): Promise<TestServer> {
  const server = createServer((_req, res) => res.end("not a websocket"));
  const sessions: Promise<void>[] = [];
  let counter = 0;
  server.on("upgrade", (req, socket, head) => {
    sessions.push(serveWebSocket(req, socket, head, options, session, { requestId: `req-${++counter}`, ...init }));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    server,
    sessions,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A `ws` client that buffers what it receives, so a test can await messages and the close in order. */
/** A `serve()` for one test file: each server it starts is closed when the file's tests are done. */
export function serverPool(): (...args: Parameters<typeof startServer>) => Promise<TestServer> {
  const servers: TestServer[] = [];
  after(() => Promise.all(servers.map((server) => server.close())));
  return async (...args) => {
    const server = await startServer(...args);
    servers.push(server);
    return server;
  };
}

export class TestClient {
  readonly socket: WsClient;
  readonly messages: { data: string | Buffer; isBinary: boolean }[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private waiters: (() => void)[] = [];

  constructor(url: string, protocols?: string[], options?: ClientOptions) {
    this.socket = new WsClient(url, protocols, options);
    this.socket.on("message", (data: Buffer, isBinary) => {
      this.messages.push({ data: isBinary ? data : data.toString("utf8"), isBinary });
      for (const waiter of this.waiters.splice(0)) waiter();
    });
    this.socket.on("error", () => {});
    this.closed = new Promise((resolve) => {
      this.socket.on("close", (code, reason) => {
        resolve({ code, reason: reason.toString() });
        for (const waiter of this.waiters.splice(0)) waiter();
      });
    });
  }

  static async open(url: string, protocols?: string[], options?: ClientOptions): Promise<TestClient> {
    const client = new TestClient(url, protocols, options);
    await once(client.socket, "open");
    return client;
  }

  /** The next message (text as string, binary as Buffer); rejects when the socket closed first. */
  async next(): Promise<string | Buffer> {
    while (this.messages.length === 0) {
      if (this.socket.readyState === WsClient.CLOSED) throw new Error("socket closed before a message arrived");
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    return this.messages.shift()!.data;
  }
}

/** The HTTP response a refused handshake got. */
export function refusal(url: string, options?: ClientOptions): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const socket = new WsClient(url, options);
    socket.on("open", () => {
      socket.terminate();
      reject(new Error("handshake unexpectedly succeeded"));
    });
    socket.on("unexpected-response", (_req, res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    socket.on("error", () => {});
  });
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
