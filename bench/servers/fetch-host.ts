// Serving a Web fetch handler with the runtime's own server: Bun.serve under Bun, Deno.serve under Deno. The Bun and
// Deno contestants run the same server files as their Node twins, and only this last step differs.

interface BunServeOptions {
  hostname: string;
  port: number;
  fetch: (request: Request, server: never) => Response | Promise<Response | undefined> | undefined;
  websocket?: unknown;
}

declare const Bun: { serve(options: BunServeOptions): unknown } | undefined;
declare const Deno:
  | {
      serve(
        options: { hostname: string; port: number; onListen?: () => void },
        handler: (request: Request, info: never) => Response | Promise<Response>,
      ): unknown;
    }
  | undefined;

/** Which runtime runs this server file. */
export const runtime: "bun" | "deno" | "node" = typeof Bun !== "undefined" ? "bun" : typeof Deno !== "undefined" ? "deno" : "node";

/** Serves `fetch` (and, on Bun, `websocket`'s handlers) on 127.0.0.1:`port` with Bun.serve or Deno.serve. */
export function serveFetch(port: number, fetch: BunServeOptions["fetch"], websocket?: unknown): void {
  if (typeof Bun !== "undefined") Bun.serve({ hostname: "127.0.0.1", port, fetch, ...(websocket ? { websocket } : {}) });
  else if (typeof Deno !== "undefined") Deno.serve({ hostname: "127.0.0.1", port, onListen: () => {} }, fetch as never);
  else throw new Error("serveFetch runs under Bun or Deno; Node servers listen with node:http");
}
