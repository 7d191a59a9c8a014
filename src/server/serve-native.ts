// `skiff run` on Bun and Deno: the runtime's own server (Bun.serve, Deno.serve) around `app.fetch`, with the same
// start-up and graceful shutdown as `app.listen` on Node.
import type { App } from "../app.ts";
import { SkiffError } from "../errors.ts";
import { bunWebSocket } from "./fetch-websocket.ts";

/** Which runtime runs this process. */
export function currentRuntime(): "node" | "bun" | "deno" {
  const global = globalThis as { Bun?: unknown; Deno?: unknown };
  return global.Bun !== undefined ? "bun" : global.Deno !== undefined ? "deno" : "node";
}

/** A server running the app, whichever runtime's: where it listens and how to stop it. */
export interface ServingApp {
  readonly url: string;
  /** Refuse new connections, close WebSockets with 1001, let requests finish (up to the timeout), run the shutdown. */
  close(): Promise<void>;
}

interface NativeServer {
  readonly port: number;
  /** Stop accepting; `force` also cuts what is still open. Resolves once it stopped. */
  stop(force: boolean): Promise<void>;
}

declare const Bun: {
  serve(options: Record<string, unknown>): { port: number; stop(closeActiveConnections?: boolean): Promise<void> | void };
};
declare const Deno: {
  serve(options: Record<string, unknown>, handler: unknown): { addr: { port: number }; shutdown(): Promise<void>; finished: Promise<void> };
};

/** Serves `app` with Bun.serve or Deno.serve on `host:port`, after its lifespan started. */
export async function serveNatively(app: App<any, any>, options: { host: string; port: number; gracefulTimeout?: number }): Promise<ServingApp> {
  const runtime = currentRuntime();
  if (runtime === "node") throw new SkiffError("SKIFF_NO_NATIVE_SERVER", "Node serves with app.listen; serveNatively is for Bun and Deno");
  await app.startup();
  const server = listen(runtime, app, options.host, options.port);
  const shownHost = options.host.includes(":") ? `[${options.host}]` : options.host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${shownHost}:${server.port}`,
    close: () => (closing ??= drain(app, server, options.gracefulTimeout ?? 10_000)),
  };
}

function listen(runtime: "bun" | "deno", app: App<any, any>, host: string, port: number): NativeServer {
  try {
    if (runtime === "bun") {
      const server = Bun.serve({ hostname: host, port, fetch: app.fetch, websocket: bunWebSocket });
      return { port: server.port, stop: async (force) => void (await server.stop(force)) };
    }
    const server = Deno.serve({ hostname: host, port, onListen: () => {} }, app.fetch);
    return {
      port: server.addr.port,
      // Deno's shutdown waits for every request in flight; past the deadline the process exits anyway.
      stop: (force) => (force ? Promise.resolve() : server.shutdown()),
    };
  } catch (error) {
    if ((error as { code?: string; name?: string }).code === "EADDRINUSE" || (error as { name?: string }).name === "AddrInUse") {
      throw new SkiffError("SKIFF_ADDRESS_IN_USE", `Port ${port} on ${host} is already in use.`);
    }
    throw error;
  }
}

async function drain(app: App<any, any>, server: NativeServer, timeout: number): Promise<void> {
  const stopped = server.stop(false);
  await app.closeWebSockets(1001);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      app.logger.warn(`Graceful shutdown timed out after ${timeout} ms; closing what is still open.`);
      void server.stop(true).then(resolve, resolve);
    }, timeout);
  });
  await Promise.race([stopped, deadline]);
  clearTimeout(timer);
  await app.shutdown();
}
