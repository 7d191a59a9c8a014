import { App, Body, t, type Infer } from "skiffjs";

const Image = t.Object({ url: t.String({ format: "uri" }), name: t.String() }, { $id: "Image" });

const Item = t.Object(
  {
    name: t.String({ minLength: 1, description: "What the item is called" }),
    price: t.Number({ exclusiveMinimum: 0, description: "The price must be greater than zero" }),
    tags: t.Array(t.String(), { default: [], uniqueItems: true }),
    images: t.Optional(t.Array(Image)), // a model inside a model
  },
  { $id: "Item" },
);
type Item = Infer<typeof Item>; // { name: string; price: number; tags: string[]; images?: { url: string; name: string }[] }

const User = t.Object({ username: t.String(), full_name: t.Optional(t.String()) }, { $id: "User" });

export const app = new App()
  // Several bodies: FastAPI's `item: Item, user: User, importance: int = Body()` is one object with a key for each.
  .put("/items/{item_id:int}", { body: Body({ item: Item, user: User, importance: t.Integer({ minimum: 1 }) }) }, ({ path, body }) => ({
    item_id: path.item_id,
    ...body,
  }))
  .post("/images/multiple", { body: t.Array(Image) }, ({ body }) => body.map((image) => image.name))
  // A dict of values: FastAPI's `dict[str, float]`.
  .post("/index-weights", { body: t.Record(t.String(), t.Number()) }, ({ body }) => body);

export function describe(item: Item): string {
  return `${item.name} (${item.tags.join(", ") || "no tags"})`;
}
