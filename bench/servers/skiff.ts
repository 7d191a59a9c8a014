// Skiff, as its docs write it: schemas with `t`, plain return values, a response model on the validated GET. On Node
// `app.listen` serves it; under Bun and Deno (the `skiff-bun` and `skiff-deno` contestants) the runtime's own server
// runs `app.fetch`, as docs/runtimes.md shows.
import { App, bunWebSocket, t } from "skiffjs";
import { runtime, serveFetch } from "./fetch-host.ts";
import { fillerRoutes, ITEM_RULES, QUERY_RULES, serverArgs } from "./shared.ts";

const { port, routes } = serverArgs();

const ItemOut = t.Object({ id: t.Integer(), name: t.String(), q: t.Optional(t.String()), limit: t.Integer() });
const Item = t.Object({
  name: t.String({ minLength: 1, maxLength: ITEM_RULES.nameMax }),
  description: t.String({ maxLength: ITEM_RULES.descriptionMax }),
  price: t.Number({ minimum: 0 }),
  tax: t.Optional(t.Number({ minimum: 0 })),
  sku: t.String({ pattern: ITEM_RULES.skuPattern.source }),
  inStock: t.Boolean(),
  tags: t.Array(t.String(), { maxItems: ITEM_RULES.tagsMax }),
  dimensions: t.Object({ width: t.Number(), height: t.Number(), depth: t.Number() }),
  ratings: t.Array(t.Integer({ minimum: ITEM_RULES.ratingMin, maximum: ITEM_RULES.ratingMax })),
});

const app = new App({ docsUrl: null, redocUrl: null, openapiUrl: null, logLevel: "warn" });
const fillers = fillerRoutes(routes);
const addFillers = (before: boolean) => {
  for (const filler of fillers.filter((f) => f.before === before)) {
    if (filler.param) app.get(filler.path, { path: { id: t.Integer() } }, ({ path }) => ({ id: path.id }));
    else app.get(filler.path, () => ({ ok: true }));
  }
};

addFillers(true);
app.get("/", () => ({ Hello: "World" }));
app.get(
  "/items/{id:int}",
  {
    query: {
      q: t.Optional(t.String({ maxLength: QUERY_RULES.qMax })),
      limit: t.Integer({ default: QUERY_RULES.limitDefault, minimum: QUERY_RULES.limitMin, maximum: QUERY_RULES.limitMax }),
    },
    response: ItemOut,
  },
  ({ path, query }) => ({ id: path.id, name: "Item", q: query.q, limit: query.limit }),
);
app.post("/items", { body: Item, status: 201 }, ({ body }) => body);
addFillers(false);

if (runtime === "node") await app.listen({ host: "127.0.0.1", port });
else serveFetch(port, app.fetch, bunWebSocket);
process.on("SIGTERM", () => process.exit(0));
