// The Bun and Deno baselines (`bun-raw`, `deno-raw`): a bare fetch handler on Bun.serve or Deno.serve with the same
// hand-made router and hand-written validation as node.ts, and on Bun a WebSocket echo on Bun's own handlers. What
// Skiff's `app.fetch` costs on each runtime is measured against this.
import { runtime, serveFetch } from "./fetch-host.ts";
import { fillerRoutes, serverArgs } from "./shared.ts";
import { HandRouter, paramOf } from "./hand-router.ts";
import { checkId, checkItem, checkQuery } from "./validate-by-hand.ts";

const { port, routes } = serverArgs();

type Handler = (request: Request, search: string, param: string) => Response | Promise<Response>;

function json(status: number, value: unknown): Response {
  return new Response(JSON.stringify(value), { status, headers: { "content-type": "application/json" } });
}

const router = new HandRouter<Handler>();
const route = (method: string, template: string, handler: Handler) => router.add(method, template, handler);

const fillers = fillerRoutes(routes);
const addFillers = (before: boolean) => {
  for (const filler of fillers.filter((f) => f.before === before)) {
    if (filler.param) {
      route("GET", filler.path, (_request, _search, param) => {
        const id = checkId(param);
        return id === undefined ? json(422, { detail: "id: an integer" }) : json(200, { id });
      });
    } else {
      route("GET", filler.path, () => json(200, { ok: true }));
    }
  }
};

addFillers(true);
route("GET", "/", () => json(200, { Hello: "World" }));
route("GET", "/items/{id}", (_request, search, param) => {
  const id = checkId(param);
  const params = new URLSearchParams(search);
  const query = checkQuery(params.get("q") ?? undefined, params.get("limit") ?? undefined);
  if (id === undefined) return json(422, { detail: "id: an integer" });
  if (!query.ok) return json(422, { detail: query.error });
  return json(200, { id, name: "Item", q: query.value.q, limit: query.value.limit });
});
route("POST", "/items", async (request) => {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return json(400, { detail: "invalid JSON" });
  }
  const error = checkItem(body);
  return error ? json(422, { detail: error }) : json(201, body);
});
route("GET", "/__mem", () => {
  (globalThis as { gc?: () => void }).gc?.();
  return json(200, process.memoryUsage());
});
addFillers(false);

interface BunSocket {
  send(data: string | Uint8Array): unknown;
}
interface BunServer {
  upgrade(request: Request): boolean;
}

function handle(request: Request, server: BunServer): Response | Promise<Response> | undefined {
  // "http://host:port/path?query": the path starts at the first "/" after the scheme's "//".
  const url = request.url;
  const start = url.indexOf("/", url.indexOf("//") + 2);
  const q = url.indexOf("?", start);
  const path = q === -1 ? url.slice(start) : url.slice(start, q);
  const search = q === -1 ? "" : url.slice(q + 1);
  if (path === "/echo" && runtime === "bun") return server.upgrade(request) ? undefined : json(400, { detail: "not a WebSocket" });
  const handler = router.exact(request.method, path);
  if (handler) return handler(request, search, "");
  const paramHandler = router.withParam(request.method, path);
  if (paramHandler) return paramHandler(request, search, paramOf(path));
  return json(404, { detail: "Not Found" });
}

serveFetch(port, handle as never, {
  message: (ws: BunSocket, message: string | Uint8Array) => {
    ws.send(message);
  },
});
process.on("SIGTERM", () => process.exit(0));
