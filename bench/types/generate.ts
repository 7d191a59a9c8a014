// The same N-route app and client, written for each framework. Route i is a GET with a path parameter and a query
// schema when i is even, a POST with a body schema when i is odd; the client calls six routes spread over the app.

/** A framework under test: its app file and its client file, importing only the app's type. */
export interface Generator {
  app(routes: number): string;
  client(routes: number): string;
}

/** Indices of the routes the client calls: the first GET/POST pair, one in the middle, the last pair. */
export function calledRoutes(routes: number): number[] {
  const middle = Math.floor(routes / 4) * 2;
  const last = routes - (routes % 2) - 2;
  return [...new Set([0, 1, middle, middle + 1, last, last + 1])].filter((i) => i >= 0 && i < routes);
}

function lines(routes: number, route: (i: number) => string): string {
  return Array.from({ length: routes }, (_, i) => `  ${route(i)}`).join("\n");
}

function calls(routes: number, call: (i: number) => string): string {
  return calledRoutes(routes).map(call).join("\n");
}

const skiff = (from: string): Generator => ({
  app: (routes) => `import { App, t } from "${from}";

const Item = t.Object({ name: t.String(), price: t.Number() });

export const app = new App()
${lines(routes, (i) =>
  i % 2 === 0
    ? `.get("/r${i}/{id}", { query: { q: t.Optional(t.String()), limit: t.Integer({ default: 10 }) } }, ({ path, query }) => ({ id: path.id, q: query.q, limit: query.limit, n: ${i} }))`
    : `.post("/r${i}", { body: Item, status: 201 }, ({ body }) => ({ ...body, n: ${i} }))`,
)};
`,
  client: (routes) => `import { createClient } from "${from}/client";
import type { app } from "./app.ts";

const api = createClient<typeof app>("http://127.0.0.1:8000");

export async function use(): Promise<void> {
${calls(routes, (i) =>
  i % 2 === 0
    ? `  const r${i} = await api.get("/r${i}/{id}", { path: { id: "a" }, query: { q: "x", limit: 2 } });
  if (r${i}.ok) { const id: string = r${i}.data.id; const limit: number = r${i}.data.limit; void id; void limit; }`
    : `  const r${i} = await api.post("/r${i}", { json: { name: "a", price: 1 } });
  if (r${i}.ok) { const name: string = r${i}.data.name; const n: number = r${i}.data.n; void name; void n; }`,
)}
}
`,
});

const hono: Generator = {
  app: (routes) => `import { Hono } from "hono";
import { validator } from "hono/validator";
import { z } from "zod";

const Item = z.object({ name: z.string(), price: z.number() });

export const app = new Hono()
${lines(routes, (i) =>
  i % 2 === 0
    ? `.get("/r${i}/:id", validator("query", (value) => z.object({ q: z.string().optional(), limit: z.coerce.number().int().default(10) }).parse(value)), (c) => { const query = c.req.valid("query"); return c.json({ id: c.req.param("id"), q: query.q, limit: query.limit, n: ${i} }); })`
    : `.post("/r${i}", validator("json", (value) => Item.parse(value)), (c) => c.json({ ...c.req.valid("json"), n: ${i} }, 201))`,
)};
`,
  client: (routes) => `import { hc } from "hono/client";
import type { app } from "./app.ts";

const api = hc<typeof app>("http://127.0.0.1:8000");

export async function use(): Promise<void> {
${calls(routes, (i) =>
  i % 2 === 0
    ? `  const r${i} = await api.r${i}[":id"].$get({ param: { id: "a" }, query: { q: "x", limit: "2" } });
  if (r${i}.ok) { const data = await r${i}.json(); const id: string = data.id; const limit: number = data.limit; void id; void limit; }`
    : `  const r${i} = await api.r${i}.$post({ json: { name: "a", price: 1 } });
  if (r${i}.ok) { const data = await r${i}.json(); const name: string = data.name; const n: number = data.n; void name; void n; }`,
)}
}
`,
};

const elysia: Generator = {
  app: (routes) => `import { Elysia, t } from "elysia";

const Item = t.Object({ name: t.String(), price: t.Number() });

export const app = new Elysia()
${lines(routes, (i) =>
  i % 2 === 0
    ? `.get("/r${i}/:id", ({ params, query }) => ({ id: params.id, q: query.q, limit: query.limit, n: ${i} }), { query: t.Object({ q: t.Optional(t.String()), limit: t.Integer({ default: 10 }) }) })`
    : `.post("/r${i}", ({ body, set }) => { set.status = 201; return { ...body, n: ${i} }; }, { body: Item })`,
)};
`,
  client: (routes) => `import { treaty } from "@elysiajs/eden";
import type { app } from "./app.ts";

const api = treaty<typeof app>("http://127.0.0.1:8000");

export async function use(): Promise<void> {
${calls(routes, (i) =>
  i % 2 === 0
    ? `  const r${i} = await api.r${i}({ id: "a" }).get({ query: { q: "x", limit: 2 } });
  if (r${i}.data) { const id: string = r${i}.data.id; const limit: number = r${i}.data.limit; void id; void limit; }`
    : `  const r${i} = await api.r${i}.post({ name: "a", price: 1 });
  if (r${i}.data) { const name: string = r${i}.data.name; const n: number = r${i}.data.n; void name; void n; }`,
)}
}
`,
};

/**
 * `skiff`: against the declarations Skiff ships (emitted into the workspace's node_modules/skiffjs/dist);
 * `skiff-src`: against Skiff's TypeScript sources, as a project inside this repo (or linked to it) checks them.
 */
export const generators = {
  hono,
  elysia,
  skiff: skiff("skiffjs"),
  "skiff-src": skiff("skiffjs-src"),
} satisfies Record<string, Generator>;

export type Framework = keyof typeof generators;
