// Fastify 5 with the TypeBox type provider: schemas validated by Fastify's Ajv, the response schema compiled by
// fast-json-stringify, async handlers — the setup Fastify's docs recommend.
import Fastify from "fastify";
import { Type, type TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { colonPath, fillerRoutes, ITEM_RULES, QUERY_RULES, serverArgs } from "./shared.ts";

const { port, routes } = serverArgs();

const ItemOut = Type.Object({ id: Type.Integer(), name: Type.String(), q: Type.Optional(Type.String()), limit: Type.Integer() });
const Item = Type.Object({
  name: Type.String({ minLength: 1, maxLength: ITEM_RULES.nameMax }),
  description: Type.String({ maxLength: ITEM_RULES.descriptionMax }),
  price: Type.Number({ minimum: 0 }),
  tax: Type.Optional(Type.Number({ minimum: 0 })),
  sku: Type.String({ pattern: ITEM_RULES.skuPattern.source }),
  inStock: Type.Boolean(),
  tags: Type.Array(Type.String(), { maxItems: ITEM_RULES.tagsMax }),
  dimensions: Type.Object({ width: Type.Number(), height: Type.Number(), depth: Type.Number() }),
  ratings: Type.Array(Type.Integer({ minimum: ITEM_RULES.ratingMin, maximum: ITEM_RULES.ratingMax })),
});

const app = Fastify({ logger: false }).withTypeProvider<TypeBoxTypeProvider>();
const fillers = fillerRoutes(routes);
const addFillers = (before: boolean) => {
  for (const filler of fillers.filter((f) => f.before === before)) {
    if (filler.param) {
      app.get(colonPath(filler.path), { schema: { params: Type.Object({ id: Type.Integer() }) } }, async (request) => ({ id: request.params.id }));
    } else {
      app.get(filler.path, async () => ({ ok: true }));
    }
  }
};

addFillers(true);
app.get("/", async () => ({ Hello: "World" }));
app.get(
  "/items/:id",
  {
    schema: {
      params: Type.Object({ id: Type.Integer() }),
      querystring: Type.Object({
        q: Type.Optional(Type.String({ maxLength: QUERY_RULES.qMax })),
        limit: Type.Integer({ default: QUERY_RULES.limitDefault, minimum: QUERY_RULES.limitMin, maximum: QUERY_RULES.limitMax }),
      }),
      response: { 200: ItemOut },
    },
  },
  async (request) => ({ id: request.params.id, name: "Item", q: request.query.q, limit: request.query.limit }),
);
app.post("/items", { schema: { body: Item } }, async (request, reply) => {
  reply.code(201);
  return request.body;
});
addFillers(false);

await app.listen({ host: "127.0.0.1", port });
process.on("SIGTERM", () => process.exit(0));
