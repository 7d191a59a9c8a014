// The baseline: node:http with a hand-made router (static paths in a Map, one trailing `{id}` parameter) and
// hand-written validation. What a framework costs is measured against this.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { fillerRoutes, serverArgs } from "./shared.ts";
import { HandRouter, paramOf } from "./hand-router.ts";
import { checkId, checkItem, checkQuery } from "./validate-by-hand.ts";

const { port, routes } = serverArgs();

type Handler = (req: IncomingMessage, res: ServerResponse, search: string, param: string) => void;

function json(res: ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

const router = new HandRouter<Handler>();
const route = (method: string, template: string, handler: Handler) => router.add(method, template, handler);

const fillers = fillerRoutes(routes);
const addFillers = (before: boolean) => {
  for (const filler of fillers.filter((f) => f.before === before)) {
    if (filler.param) {
      route("GET", filler.path, (_req, res, _search, param) => {
        const id = checkId(param);
        if (id === undefined) json(res, 422, { detail: "id: an integer" });
        else json(res, 200, { id });
      });
    } else {
      route("GET", filler.path, (_req, res) => json(res, 200, { ok: true }));
    }
  }
};

addFillers(true);
route("GET", "/", (_req, res) => json(res, 200, { Hello: "World" }));
route("GET", "/items/{id}", (_req, res, search, param) => {
  const id = checkId(param);
  const params = new URLSearchParams(search);
  const query = checkQuery(params.get("q") ?? undefined, params.get("limit") ?? undefined);
  if (id === undefined) json(res, 422, { detail: "id: an integer" });
  else if (!query.ok) json(res, 422, { detail: query.error });
  else json(res, 200, { id, name: "Item", q: query.value.q, limit: query.value.limit });
});
route("POST", "/items", (req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch {
      json(res, 400, { detail: "invalid JSON" });
      return;
    }
    const error = checkItem(body);
    if (error) json(res, 422, { detail: error });
    else json(res, 201, body);
  });
});
addFillers(false);

createServer((req, res) => {
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  const path = q === -1 ? url : url.slice(0, q);
  const search = q === -1 ? "" : url.slice(q + 1);
  const method = req.method ?? "GET";
  const handler = router.exact(method, path);
  if (handler) return handler(req, res, search, "");
  const paramHandler = router.withParam(method, path);
  if (paramHandler) return paramHandler(req, res, search, paramOf(path));
  json(res, 404, { detail: "Not Found" });
}).listen(port, "127.0.0.1");
process.on("SIGTERM", () => process.exit(0));
