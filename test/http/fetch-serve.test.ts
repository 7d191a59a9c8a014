// `app.fetch` behind the runtime's own server: Bun.serve on Bun, Deno.serve on Deno (scripts/test-runtimes.mjs runs
// this file there). Node has neither; its own server is `app.listen`, tested everywhere else.
import { test } from "node:test";
import assert from "node:assert/strict";
import { pino } from "pino";
import { App, t } from "skiffjs";
import { runtime } from "../helpers/runtime.ts";

type Serve = (app: App<any, any>) => { url: string; stop(): Promise<void> };

declare const Bun: { serve(options: { port: number; hostname: string; fetch: unknown }): { port: number; stop(force?: boolean): Promise<void> } };
declare const Deno: {
  serve(options: { port: number; hostname: string; onListen?: () => void }, handler: unknown): { addr: { port: number }; shutdown(): Promise<void> };
};

const serveNatively: Serve | undefined =
  runtime === "bun"
    ? (app) => {
        const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: app.fetch });
        return { url: `http://127.0.0.1:${server.port}`, stop: () => server.stop(true) };
      }
    : runtime === "deno"
      ? (app) => {
          const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: () => {} }, app.fetch);
          return { url: `http://127.0.0.1:${server.addr.port}`, stop: () => server.shutdown() };
        }
      : undefined;

const skip = serveNatively ? false : "Bun.serve and Deno.serve exist only on Bun and Deno (scripts/test-runtimes.mjs runs this file there)";

test(`app.fetch served by ${runtime === "node" ? "Bun.serve / Deno.serve" : `${runtime}'s native server`}: JSON, validation, bodies, the client's address`, {
  skip,
}, async () => {
  const app = new App({ logger: pino({ level: "silent" }) })
    .get("/", () => ({ Hello: "World" }))
    .get("/items/{item_id:int}", { query: { q: t.Optional(t.String()) } }, ({ path, query }) => ({ item_id: path.item_id, q: query.q }))
    .post("/items", { body: t.Object({ name: t.String() }), status: 201 }, ({ body }) => body)
    .get("/client", ({ request }) => request.client.host)
    // Background tasks run once the host has the answer (when Bun no longer knows the request's address).
    .get("/client-later", ({ request, background }) => {
      background.add(() => clientsLater.push(`${request.client.host} ${request.headers.get("x-later")}`));
      return null;
    });
  const clientsLater: string[] = [];
  const server = serveNatively!(app);
  try {
    const hello = await fetch(`${server.url}/`);
    assert.deepEqual([hello.status, await hello.json()], [200, { Hello: "World" }]);
    const item = await fetch(`${server.url}/items/7?q=x`);
    assert.deepEqual(await item.json(), { item_id: 7, q: "x" });
    const bad = await fetch(`${server.url}/items/seven`);
    assert.equal(bad.status, 404);
    const created = await fetch(`${server.url}/items`, {
      method: "POST",
      body: JSON.stringify({ name: "Pen" }),
      headers: { "content-type": "application/json" },
    });
    assert.deepEqual([created.status, await created.json()], [201, { name: "Pen" }]);
    const invalid = await fetch(`${server.url}/items`, { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
    assert.equal(invalid.status, 422);
    const client = await fetch(`${server.url}/client`);
    assert.match(await client.json(), /127\.0\.0\.1/);
    await (await fetch(`${server.url}/client-later`, { headers: { "x-later": "yes" } })).arrayBuffer();
    for (let i = 0; i < 100 && clientsLater.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.match(clientsLater.join("|"), /^\S*127\.0\.0\.1 yes$/, "a background task sees the client's address and headers");
  } finally {
    await server.stop();
  }
});
