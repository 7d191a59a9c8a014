// One app, three servers: Node's (app.listen), Bun.serve and Deno.serve (app.fetch).
import { App, t } from "skiffjs";

export const app = new App({ title: "Anywhere" })
  .get("/", () => ({ Hello: "World" }))
  .get("/items/{item_id:int}", { query: { q: t.Optional(t.String()) } }, ({ path, query }) => ({ item_id: path.item_id, q: query.q }))
  .websocket("/ws", async (ws) => {
    await ws.accept();
    for await (const text of ws.iterText()) await ws.sendText(`echo: ${text}`);
  });
