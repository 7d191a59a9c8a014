import { App, t } from "skiffjs";

const fakeItems = [{ item_name: "Foo" }, { item_name: "Bar" }, { item_name: "Baz" }];

export const app = new App().get(
  "/items",
  { query: { skip: t.Integer({ default: 0 }), limit: t.Integer({ default: 10 }) } },
  ({ query }) => fakeItems.slice(query.skip, query.skip + query.limit), // query.skip: number
);
