import { App, HTTPException, MessageRouter, t } from "skiffjs";

const Item = t.Object({ name: t.String(), price: t.Number({ minimum: 0 }) }, { $id: "Item" });
const items = new Map<number, { name: string; price: number }>([[1, { name: "hammer", price: 9.5 }]]);

const chat = new MessageRouter().on("say", t.Object({ text: t.String() }), (msg, ws) => ws.sendJson({ echo: msg.text }));

// Chained, so that `typeof app` describes every route.
export const app = new App()
  .get("/items/{item_id:int}", { response: Item, responses: { 404: t.Object({ detail: t.String() }) } }, ({ path }) => {
    const item = items.get(path.item_id);
    if (!item) throw new HTTPException(404, "Item not found");
    return item;
  })
  .post("/items", { body: Item, status: 201 }, ({ body }) => {
    items.set(items.size + 1, body);
    return { id: items.size, ...body };
  })
  .websocket("/ws/chat", { messages: { in: chat, out: t.Object({ echo: t.String() }) } }, async (ws) => {
    await ws.accept();
    for await (const message of ws.iterJson()) await chat.dispatch(ws, message);
  });

export type AppType = typeof app;
