import { App, t } from "skiffjs";

export const app = new App()
  .get("/items", { query: { q: t.Optional(t.String({ minLength: 3, maxLength: 50, pattern: "^fixed" })) } }, ({ query }) => ({
    items: [{ item_id: "Foo" }, { item_id: "Bar" }],
    q: query.q,
  }))
  // A repeated key fills an array: /tags?tag=a&tag=b
  .get("/tags", { query: { tag: t.Array(t.String(), { default: [] }) } }, ({ query }) => ({ tags: query.tag }))
  // Numbers are checked after parsing: 422 with the bound in `ctx`.
  .get(
    "/pages",
    { query: { page: t.Integer({ minimum: 1, default: 1 }), size: t.Number({ exclusiveMinimum: 0, maximum: 100, default: 20 }) } },
    ({ query }) => query,
  );
