import { App, t } from "skiffjs";

const Item = t.Object({ name: t.String(), price: t.Number() }, { $id: "Item" });

export const app = new App().put("/items/{item_id:int}", { body: Item, query: { q: t.Optional(t.String()) } }, ({ path, query, body }) => ({
  item_id: path.item_id,
  ...body,
  ...(query.q ? { q: query.q } : {}),
}));
