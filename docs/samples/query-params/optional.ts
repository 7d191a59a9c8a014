import { App, t } from "skiffjs";

export const app = new App().get(
  "/items/{item_id}",
  {
    query: {
      needy: t.String(), // required: a request without it answers 422
      q: t.Optional(t.String()), // may be left out: string | undefined
      short: t.Boolean({ default: false }), // "true", "1", "on", "yes" are true
    },
  },
  ({ path, query }) => {
    const item: Record<string, unknown> = { item_id: path.item_id, needy: query.needy };
    if (query.q) item.q = query.q;
    if (!query.short) item.description = "This is an amazing item that has a long description";
    return item;
  },
);
