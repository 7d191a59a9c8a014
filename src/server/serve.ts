import { createServer, type Server } from "node:http";
import type { Socket } from "node:net";
import type { App } from "../app.ts";

export interface ListenOptions {
  /** Default 127.0.0.1 (uvicorn's). */
  host?: string;
  /** Default 8000; 0 picks a free port. */
  port?: number;
  /** How long in-flight requests may take to finish on shutdown before their connections are cut (ms). */
  gracefulTimeout?: number;
  /** Node's limits: time to receive a request's headers, and the whole request (ms). */
  headersTimeout?: number;
  requestTimeout?: number;
  keepAliveTimeout?: number;
  /** Largest request head in bytes (Node's default 16 KiB); larger → 431. */
  maxHeaderSize?: number;
}

export interface RunningServer {
  readonly server: Server;
  readonly host: string;
  readonly port: number;
  /** `http://host:port`, ready to fetch. */
  readonly url: string;
  /**
   * Graceful stop: refuse new connections, let in-flight requests finish (up to `gracefulTimeout`), close
   * WebSockets with 1001, then run the lifespan shutdown.
   */
  close(): Promise<void>;
}

/** Starts the app on a real socket. Rejects with a one-line error if the port is taken. */
export async function serve(app: App<any, any>, options: ListenOptions = {}): Promise<RunningServer> {
  const host = options.host ?? "127.0.0.1";
  const server = createServer(
    {
      headersTimeout: options.headersTimeout ?? 30_000,
      requestTimeout: options.requestTimeout ?? 300_000,
      keepAliveTimeout: options.keepAliveTimeout ?? 5_000,
      maxHeaderSize: options.maxHeaderSize,
    },
    app.handle,
  );
  server.on("upgrade", app.handleUpgrade);
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Socket) => answerClientError(error, socket));
  await app.startup();
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off("listening", onListening);
      reject(error.code === "EADDRINUSE" ? new Error(`Port ${options.port ?? 8000} on ${host} is already in use.`) : error);
    };
    const onListening = () => {
      server.off("error", onError);
      resolve();
    };
    server.once("error", onError);
    server.once("listening", onListening);
    server.listen(options.port ?? 8000, host);
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : (options.port ?? 8000);
  const shownHost = host.includes(":") ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  return {
    server,
    host,
    port,
    url: `http://${shownHost}:${port}`,
    close: () => (closing ??= drain(app, server, options.gracefulTimeout ?? 10_000)),
  };
}

async function drain(app: App<any, any>, server: Server, timeout: number): Promise<void> {
  const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  await closeWebSockets(app);
  const timer = setTimeout(() => server.closeAllConnections(), timeout);
  timer.unref();
  // Keep-alive connections that become idle after their in-flight request must not hold the shutdown.
  const sweep = setInterval(() => server.closeIdleConnections(), 50);
  sweep.unref();
  await stopped;
  clearTimeout(timer);
  clearInterval(sweep);
  await app.shutdown();
}

async function closeWebSockets(app: App<any, any>): Promise<void> {
  const hook = (app as unknown as { closeWebSockets?: (code: number) => Promise<void> }).closeWebSockets;
  if (hook) await hook.call(app, 1001);
}

/** Malformed requests and oversized heads get a real HTTP answer instead of a silent reset. */
function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (!socket.writable || (error as { code?: string }).code === "ECONNRESET") {
    socket.destroy();
    return;
  }
  const status =
    error.code === "HPE_HEADER_OVERFLOW" ? "431 Request Header Fields Too Large" : error.code === "ERR_HTTP_REQUEST_TIMEOUT" ? "408 Request Timeout" : "400 Bad Request";
  const body = JSON.stringify({ detail: status.slice(4) });
  socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n${body}`);
}
