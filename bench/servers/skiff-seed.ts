// Skiff as a user runs it: DESIGN.md's examples written as its docs show them (`t` schemas, plain return values, no
// response schema, a `path` param instead of a `{name:int}` convertor), every App option at its default (docs on, log
// level info, no access log), served by `skiff run bench/servers/skiff-seed.ts:app` — no `listen` here. The query
// and body rules are the peers' (shared.ts), so every server does the same validation. `skiff run` takes no app
// arguments: the route count comes from ROUTES. WebSocket routes for scenarios 5–7 are the seed's too.
import { App, t } from "skiffjs";
import { fillerRoutes, ITEM_RULES, QUERY_RULES } from "./shared.ts";

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

export const app = new App();

const fillers = fillerRoutes(Number(process.env.ROUTES ?? 10));
const addFillers = (before: boolean) => {
  for (const filler of fillers.filter((f) => f.before === before)) {
    if (filler.param) app.get(filler.path, { path: { id: t.Integer() } }, ({ path }) => ({ id: path.id }));
    else app.get(filler.path, () => ({ ok: true }));
  }
};

addFillers(true);
app.get("/", () => ({ Hello: "World" }));
app.get(
  "/items/{item_id}",
  {
    path: { item_id: t.Integer() },
    query: {
      q: t.Optional(t.String({ maxLength: QUERY_RULES.qMax })),
      limit: t.Integer({ default: QUERY_RULES.limitDefault, minimum: QUERY_RULES.limitMin, maximum: QUERY_RULES.limitMax }),
    },
  },
  ({ path, query }) => ({ id: path.item_id, name: "Item", q: query.q, limit: query.limit }),
);
app.post("/items", { body: Item, status: 201 }, ({ body }) => body);
addFillers(false);

// WebSockets as DESIGN.md §5 writes them, for the echo and idle-memory scenarios.
app.websocket("/echo", async (ws) => {
  await ws.accept();
  for await (const text of ws.iterText()) await ws.sendText(text);
});

app.websocket("/idle", async (ws) => {
  await ws.accept();
  for await (const _ of ws.iterText()) {
    // idle: the client never sends
  }
});

// The bench reads memory after a GC (node runs with --expose-gc); a user's app would not have this route.
app.get("/__mem", () => {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage();
});
