import { App, t } from "skiffjs";

// FastAPI suggests an Enum for tags used in many places; a const object does the same in TypeScript.
export const Tags = { items: "items", users: "users" } as const;

const Item = t.Object({ name: t.String(), price: t.Number(), tags: t.Array(t.String(), { default: [] }) }, { $id: "Item" });

export const app = new App()
  .post(
    "/items",
    {
      body: Item,
      response: Item,
      status: 201,
      tags: [Tags.items],
      summary: "Create an item",
      description: [
        "Create an item with all the information:",
        "",
        "- **name**: each item must have a name",
        "- **price**: required",
        "- **tags**: a list of tag strings for this item",
      ].join("\n"),
      // FastAPI's response_description: the success response's own description.
      responses: { 201: { description: "The created item" } },
    },
    ({ body }) => body,
  )
  // Without `summary`, a named handler gives it: `readItems` → "Read Items", operationId `read_items_items_get`.
  .get("/items", { tags: [Tags.items] }, function readItems() {
    return [{ name: "Foo", price: 42 }];
  })
  .get("/users", { tags: [Tags.users], operationId: "listUsers" }, () => [{ username: "johndoe" }])
  .get("/elements", { tags: [Tags.items], deprecated: true }, () => [{ item_id: "Foo" }])
  // Answers as usual, but is left out of /openapi.json and so of /docs.
  .get("/internal/stats", { includeInSchema: false }, () => ({ requests: 1 }));
