import { App, t } from "skiffjs";

export const app = new App()
  // A convertor in the template: only digits match, and path.item_id is a number.
  .get("/items/{item_id:int}", ({ path }) => ({ item_id: path.item_id }))
  // A schema: any segment matches, then it is validated (422 when it is not an integer).
  .get("/orders/{order_id}", { path: { order_id: t.Integer({ minimum: 1 }) } }, ({ path }) => ({
    order_id: path.order_id,
  }));
