import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { App } from "../app.ts";
import { limitConcurrency } from "./concurrency.ts";
import { SkiffError, SkiffOptionError } from "../errors.ts";
import { answerClientError } from "./client-errors.ts";
import { guardConnections, isRefused } from "./connections.ts";
import { drainAwareResponses } from "./draining.ts";
import { limitPipelining } from "./pipelining.ts";

/** Each server's open sockets, for `forgetConnection`. */
const CONNECTIONS = new WeakMap<object, Set<Socket>>();

function forgetConnection(this: Socket): void {
  CONNECTIONS.get((this as { server?: object }).server as object)?.delete(this);
}

/**
 * Options of `app.listen()`: address, timeouts and connection limits.
 */
export interface ListenOptions {
  /** Default 127.0.0.1 (uvicorn's). */
  host?: string;
  /** Default 8000; 0 picks a free port. */
  port?: number;
  /** How long in-flight requests (and WebSocket closing handshakes) may take on shutdown before their connections are cut (ms). Default 10 000. */
  gracefulTimeout?: number;
  /**
   * Time to receive a request's head (ms), counted from accept for a connection's first request: a connection that
   * sends nothing is closed then, one that sent part of a head is answered 408. Default 30 000.
   */
  headersTimeout?: number;
  /** Time to receive a whole request (ms); past it, 408. Default 300 000. */
  requestTimeout?: number;
  keepAliveTimeout?: number;
  /** Largest request head in bytes (Node's default 16 KiB); larger → 431. */
  maxHeaderSize?: number;
  /**
   * Most requests in flight plus WebSocket connections open at once; beyond it a request gets 503 at once
   * (uvicorn's `--limit-concurrency`). Default: no limit.
   */
  limitConcurrency?: number;
  /**
   * Most connections open at once, HTTP and WebSocket together, idle ones included; past it a new connection is
   * answered 503 and closed at once. Set it below the process's file-descriptor limit (`ulimit -n`) minus what the
   * app itself opens. Default: no limit.
   */
  maxConnections?: number;
}

/**
 * What `app.listen()` resolves with: the server, its host, port and URL, and `close()`, which drains.
 */
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
  const headersTimeout = options.headersTimeout ?? 30_000;
  const requestTimeout = options.requestTimeout ?? 300_000;
  const maxConnections = options.maxConnections;
  if (maxConnections !== undefined && !(Number.isInteger(maxConnections) && maxConnections > 0)) {
    throw new SkiffOptionError(`maxConnections must be a positive whole number, got ${String(maxConnections)}`);
  }
  const limited =
    options.limitConcurrency === undefined ? undefined : limitConcurrency(options.limitConcurrency, app.logger, app.handle, app.handleUpgrade);
  const onRequest = limitPipelining(limited?.request ?? app.handle);
  const responses = drainAwareResponses();
  // Node enforces both timeouts only when it sweeps its connections (every 30 s by default): a client dribbling
  // its headers would otherwise hold the socket that much past headersTimeout.
  const checkEvery = Math.max(50, Math.min(1_000, Math.floor(Math.min(headersTimeout, requestTimeout) / 4)));
  const server = createServer(
    {
      headersTimeout,
      requestTimeout,
      keepAliveTimeout: options.keepAliveTimeout ?? 5_000,
      maxHeaderSize: options.maxHeaderSize,
      connectionsCheckingInterval: checkEvery,
      ServerResponse: responses.ServerResponse,
    },
    onRequest,
  );
  server.on("checkContinue", (req: IncomingMessage, res: ServerResponse) => {
    continueOnRead(req, res);
    onRequest(req, res);
  });
  // Node drops header lines past maxHeadersCount silently; one more than the app's limit lets the app answer 431.
  server.maxHeadersCount = app.requestLimits.maxHeaderCount + 1;
  // Upgraded sockets, to cut at the shutdown deadline: closeAllConnections() covers only HTTP connections. Those are
  // not tracked here: a "close" listener of ours on every socket makes Node's own, added and removed around each
  // request, measurably dearer (about 1% of a small GET's CPU).
  const upgraded = new Set<Socket>();
  CONNECTIONS.set(server, upgraded);
  const onUpgrade = limited?.upgrade ?? app.handleUpgrade;
  server.on("upgrade", (req: IncomingMessage, socket: Socket, head: Buffer) => {
    if (isRefused(socket)) return;
    if (!socket.destroyed) {
      upgraded.add(socket);
      // A shared listener that finds the set through the socket's server: no closure per (idle WebSocket) connection.
      if ((socket as { server?: unknown }).server === server) socket.on("close", forgetConnection);
      else socket.once("close", () => upgraded.delete(socket));
    }
    onUpgrade(req, socket, head);
  });
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Socket) => answerClientError(error, socket));
  await app.startup();
  const guard = guardConnections(server, { headersTimeout, maxConnections, interval: checkEvery, logger: app.logger });
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off("listening", onListening);
      guard.stop();
      reject(
        error.code === "EADDRINUSE" ? new SkiffError("SKIFF_ADDRESS_IN_USE", `Port ${options.port ?? 8000} on ${host} is already in use.`) : error,
      );
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
    close: () => {
      responses.drain();
      return (closing ??= drain(app, server, upgraded, options.gracefulTimeout ?? 10_000).finally(guard.stop));
    },
  };
}

/**
 * Stop listening at once; WebSockets get 1001; in-flight requests finish until `timeout` (answered with
 * `connection: close`: the server's responses say so from the moment `close()` is called), then every connection
 * still open is cut; then the lifespan shutdown runs.
 */
async function drain(app: App<any, any>, server: Server, upgraded: Set<Socket>, timeout: number): Promise<void> {
  const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
  const timer = setTimeout(() => {
    // getConnections answers later but counts now, before the sockets are cut.
    server.getConnections((_error, open) => {
      app.logger.warn(`Graceful shutdown timed out after ${timeout} ms; closing ${open} connection(s) still open.`);
    });
    server.closeAllConnections();
    for (const socket of upgraded) socket.destroy();
  }, timeout);
  timer.unref();
  let closingSockets: Promise<void> | undefined;
  const closeSockets = () => {
    closingSockets ??= closeWebSockets(app).finally(() => (closingSockets = undefined));
  };
  closeSockets();
  // Keep-alive connections that become idle after their in-flight request must not hold the shutdown, nor a
  // WebSocket whose handler was still deciding to accept at the first pass (or that upgraded a kept-alive
  // connection meanwhile).
  const sweep = setInterval(() => {
    server.closeIdleConnections();
    closeSockets();
  }, 50);
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

/**
 * `Expect: 100-continue`: the client holds its body until told to send it. Node says so at once; we say so only when
 * something starts reading the body, so a request refused before that (413 from its content-length, 401, 404) never
 * makes the client upload a body for nothing.
 */
function continueOnRead(req: IncomingMessage, res: ServerResponse): void {
  const stream = req as IncomingMessage & { _read(size: number): void };
  const read = stream._read;
  stream._read = function (size: number) {
    stream._read = read;
    if (!res.headersSent && !res.writableEnded) res.writeContinue();
    return read.call(this, size);
  };
}
