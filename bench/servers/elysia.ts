// Elysia on Bun (`elysia-bun`): its own `t` schemas (TypeBox) on params, query and body, compiled ahead of time,
// served by `app.listen` (Bun.serve underneath).
import { Elysia, t } from "elysia";
import { colonPath, fillerRoutes, ITEM_RULES, QUERY_RULES, serverArgs } from "./shared.ts";

const { port, routes } = serverArgs();

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
const IdParams = t.Object({ id: t.Integer() });

const app = new Elysia();
const fillers = fillerRoutes(routes);
const addFillers = (before: boolean) => {
  for (const filler of fillers.filter((f) => f.before === before)) {
    if (filler.param) app.get(colonPath(filler.path), ({ params }) => ({ id: params.id }), { params: IdParams });
    else app.get(filler.path, () => ({ ok: true }));
  }
};

addFillers(true);
app.get("/", () => ({ Hello: "World" }));
app.get("/items/:id", ({ params, query }) => ({ id: params.id, name: "Item", q: query.q, limit: query.limit }), {
  params: IdParams,
  query: t.Object({
    q: t.Optional(t.String({ maxLength: QUERY_RULES.qMax })),
    limit: t.Integer({ default: QUERY_RULES.limitDefault, minimum: QUERY_RULES.limitMin, maximum: QUERY_RULES.limitMax }),
  }),
});
app.post(
  "/items",
  ({ body, set }) => {
    set.status = 201;
    return body;
  },
  { body: Item },
);
addFillers(false);

app.listen({ hostname: "127.0.0.1", port });
process.on("SIGTERM", () => process.exit(0));
