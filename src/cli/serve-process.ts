import { loadApp } from "./load-app.ts";
import { docsUrls } from "../openapi/install-docs.ts";
import type { RunArgs } from "./args.ts";
import { currentRuntime, serveNatively, type ServingApp } from "../server/serve-native.ts";
import { toPinoLevel, type LogLevel } from "../logging/logger.ts";
import { setDefaultLogLevel } from "../logging/context.ts";

/** uvicorn's console lines, so a FastAPI user sees what they expect. */
export function info(message: string): void {
  process.stderr.write(`INFO:     ${message}\n`);
}

export function warn(message: string): void {
  process.stderr.write(`WARNING:  ${message}\n`);
}

export function fail(message: string): never {
  process.stderr.write(`ERROR:    ${message}\n`);
  process.exit(1);
}

/**
 * Loads and serves the app in this process until SIGTERM/SIGINT, then drains and exits 0. Used directly, as each
 * reload child, and as each cluster worker.
 */
export async function serveInThisProcess(args: RunArgs, options: { banner: boolean }): Promise<ServingApp> {
  const { app } = await loadApp(args.target);
  app.logger.level = toPinoLevel(args.logLevel as LogLevel);
  setDefaultLogLevel(args.logLevel as LogLevel); // the request-bound `logger` outside any request
  const runtime = currentRuntime();
  // Bun and Deno serve with their own server (Bun.serve, Deno.serve), Node with node:http.
  const running: ServingApp =
    runtime === "node"
      ? await app.listen({
          host: args.host,
          port: args.port,
          gracefulTimeout: args.gracefulTimeout,
          limitConcurrency: args.limitConcurrency,
          keepAliveTimeout: args.keepAliveTimeout,
          headersTimeout: args.headersTimeout,
          maxConnections: args.maxConnections,
        })
      : await serveNatively(app, { host: args.host, port: args.port, gracefulTimeout: args.gracefulTimeout });
  if (options.banner) {
    info(
      `Skiff running on ${running.url}${runtime === "node" ? "" : ` with ${runtime === "bun" ? "Bun.serve" : "Deno.serve"}`} (Press CTRL+C to quit)`,
    );
    const docs = docsUrls(app.settings).docsUrl;
    if (docs) info(`API docs at ${running.url}${docs}`);
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    const closing = running.close();
    // After close() began: once this line is out, the port refuses new connections.
    if (options.banner) info(`Shutting down (${signal})`);
    closing.then(
      () => process.exit(0),
      (error) => fail(`Shutdown failed: ${error instanceof Error ? error.message : String(error)}`),
    );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
  return running;
}
