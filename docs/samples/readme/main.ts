// main.ts
import { App, HTTPException, t } from "skiffjs";

const Item = t.Object({ name: t.String(), price: t.Number() }, { $id: "Item" });

export const app = new App({ title: "Shop" })
  .get("/items/{item_id:int}", { query: { q: t.Optional(t.String()) } }, ({ path, query }) => {
    if (path.item_id > 1000) throw new HTTPException(404, "Item not found");
    return { item_id: path.item_id, q: query.q }; // path.item_id: number, query.q: string | undefined
  })
  .post("/items", { body: Item, status: 201 }, ({ body }) => body) // a missing price: 422, FastAPI's detail list
  .websocket("/ws", async (ws) => {
    await ws.accept();
    for await (const text of ws.iterText()) await ws.sendText(`echo: ${text}`);
  });

export type AppType = typeof app; // for the typed client
