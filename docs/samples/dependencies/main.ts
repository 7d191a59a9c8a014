import { App, Depends, t } from "skiffjs";

// A dependency declares parameters as a route does; they are validated, and documented on every route that uses it.
const commonParameters = Depends(
  { query: { q: t.Optional(t.String()), skip: t.Integer({ default: 0 }), limit: t.Integer({ default: 100 }) } },
  ({ query }) => query,
);

const fakeItems = [{ item_name: "Foo" }, { item_name: "Bar" }, { item_name: "Baz" }];

export const app = new App()
  .get("/items", { deps: { commons: commonParameters } }, ({ deps }) => ({
    ...deps.commons, // typed { q?: string; skip: number; limit: number }
    items: fakeItems.slice(deps.commons.skip, deps.commons.skip + deps.commons.limit),
  }))
  .get("/users", { deps: { commons: commonParameters } }, ({ deps }) => deps.commons);
