import { App, t } from "skiffjs";

const Item = t.Object(
  {
    name: t.String(),
    description: t.Optional(t.String()),
    price: t.Number(),
    tax: t.Optional(t.Number()),
  },
  { $id: "Item" }, // the name of the schema in OpenAPI's components
);

export const app = new App().post("/items", { body: Item }, ({ body }) => {
  // body: { name: string; description?: string; price: number; tax?: number }
  if (body.tax === undefined) return body;
  return { ...body, price_with_tax: body.price + body.tax };
});
