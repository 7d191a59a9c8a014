// Hono on @hono/node-server with Hono's `validator` middleware doing a compiled TypeBox check (Hono leaves the
// schema library to the user); `c.json` for every answer. Under Bun and Deno (`hono-bun`, `hono-deno`) the runtime's
// own server runs `app.fetch` instead.
import { Hono } from "hono";
import { validator } from "hono/validator";
import { serve } from "@hono/node-server";
import { Type } from "typebox";
import { Compile } from "typebox/compile";
import { runtime, serveFetch } from "./fetch-host.ts";
import { colonPath, fillerRoutes, ITEM_RULES, QUERY_RULES, serverArgs } from "./shared.ts";

const { port, routes } = serverArgs();

const Query = Compile(
  Type.Object({
    q: Type.Optional(Type.String({ maxLength: QUERY_RULES.qMax })),
    limit: Type.Integer({ default: QUERY_RULES.limitDefault, minimum: QUERY_RULES.limitMin, maximum: QUERY_RULES.limitMax }),
  }),
);
const Item = Compile(
  Type.Object({
    name: Type.String({ minLength: 1, maxLength: ITEM_RULES.nameMax }),
    description: Type.String({ maxLength: ITEM_RULES.descriptionMax }),
    price: Type.Number({ minimum: 0 }),
    tax: Type.Optional(Type.Number({ minimum: 0 })),
    sku: Type.String({ pattern: ITEM_RULES.skuPattern.source }),
    inStock: Type.Boolean(),
    tags: Type.Array(Type.String(), { maxItems: ITEM_RULES.tagsMax }),
    dimensions: Type.Object({ width: Type.Number(), height: Type.Number(), depth: Type.Number() }),
    ratings: Type.Array(Type.Integer({ minimum: ITEM_RULES.ratingMin, maximum: ITEM_RULES.ratingMax })),
  }),
);

const app = new Hono();
const fillers = fillerRoutes(routes);
const addFillers = (before: boolean) => {
  for (const filler of fillers.filter((f) => f.before === before)) {
    if (filler.param) app.get(colonPath(filler.path).replace(":id", ":id{[0-9]+}"), (c) => c.json({ id: Number(c.req.param("id")) }));
    else app.get(filler.path, (c) => c.json({ ok: true }));
  }
};

addFillers(true);
app.get("/", (c) => c.json({ Hello: "World" }));
app.get(
  "/items/:id{[0-9]+}",
  validator("query", (value, c) => {
    const query = Query.Default(Query.Convert(value));
    if (!Query.Check(query)) return c.json({ detail: Query.Errors(query) }, 422);
    return query;
  }),
  (c) => {
    const query = c.req.valid("query");
    return c.json({ id: Number(c.req.param("id")), name: "Item", q: query.q, limit: query.limit });
  },
);
app.post(
  "/items",
  validator("json", (value, c) => {
    if (!Item.Check(value)) return c.json({ detail: Item.Errors(value) }, 422);
    return value;
  }),
  (c) => c.json(c.req.valid("json"), 201),
);
addFillers(false);

if (runtime === "node") serve({ fetch: app.fetch, hostname: "127.0.0.1", port });
else serveFetch(port, app.fetch);
process.on("SIGTERM", () => process.exit(0));
