import { App, HTTPException, t, type InferInput } from "skiffjs";

const Item = t.Object({
  name: t.String(),
  description: t.Union([t.String(), t.Null()], { default: null }),
  price: t.Number(),
  tax: t.Number({ default: 10.5 }),
  tags: t.Array(t.String(), { default: [] }),
});

// InferInput: what may be given for the schema, defaulted fields optional.
const items: Record<string, InferInput<typeof Item>> = {
  foo: { name: "Foo", price: 50.2 },
  bar: { name: "Bar", description: "The bartenders", price: 62, tax: 20.2 },
  baz: { name: "Baz", description: null, price: 50.2, tax: 10.5, tags: [] },
};

export const app = new App()
  // Only what the stored item set: FastAPI's response_model_exclude_unset=True.
  .get("/items/{item_id}", { response: Item, responseExcludeUnset: true }, ({ path }) => {
    const item = items[path.item_id];
    if (!item) throw new HTTPException(404, "Item not found");
    return item;
  })
  // Some fields only, or all but some: response_model_include / response_model_exclude.
  .get("/items/{item_id}/name", { response: Item, responseInclude: ["name", "description"] }, () => items.bar)
  .get("/items/{item_id}/public", { response: Item, responseExclude: ["tax"] }, () => items.bar);
