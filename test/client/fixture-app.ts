// The app the client tests talk to over a real socket (Node and Chromium alike).
import { z } from "zod";
import { App, APIRouter, HTTPException, t } from "skiffjs";

export const Item = t.Object({ name: t.String(), price: t.Number(), tags: t.Array(t.String(), { default: [] }) });
const NotFound = t.Object({ detail: t.String() });
const ChatIn = t.Object({ type: t.Literal("say"), text: t.String() });
const ChatOut = t.Object({ from: t.String(), text: t.String() });

const items = new Map<number, { name: string; price: number; tags: string[] }>([[1, { name: "kayak", price: 450, tags: ["boat"] }]]);

const users = new APIRouter({ prefix: "/users" }).get("/{user_id:int}", ({ path }) => ({ id: path.user_id }));

export function createFixtureApp() {
  return new App()
    .get("/items/{item_id}", { path: { item_id: t.Integer() }, response: Item, responses: { 404: NotFound } }, ({ path }) => {
      const item = items.get(path.item_id);
      if (!item) throw new HTTPException(404, "Item not found");
      return item;
    })
    .post("/items", { body: Item, response: Item, status: 201 }, ({ body }) => body)
    .get(
      "/echo/{name}",
      { query: { tag: t.Array(t.String(), { default: [] }), n: t.Optional(t.Number()), flag: t.Optional(t.Boolean()) } },
      ({ path, query }) => ({
        name: path.name,
        tag: query.tag,
        n: query.n,
        flag: query.flag,
      }),
    )
    .get("/since", { query: { at: z.coerce.date() } }, ({ query }) => ({ iso: query.at.toISOString() }))
    .get("/whoami", { headers: { authorization: t.Optional(t.String()), "x-count": t.Optional(t.Integer()) } }, ({ headers }) => ({
      authorization: headers.authorization,
      count: headers["x-count"],
    }))
    .get("/cookie", { cookies: { session: t.String() } }, ({ cookies }) => ({ session: cookies.session }))
    .post("/login", { form: t.Object({ username: t.String(), password: t.String() }) }, ({ body }) => ({ user: body.username }))
    .delete("/items/{item_id:int}", ({ response }) => {
      response.status = 204;
      return null;
    })
    .get("/text", () => "plain")
    .websocket("/ws/chat", { query: { token: t.String() }, messages: { in: ChatIn, out: ChatOut } }, async (ws, { query }) => {
      await ws.accept(ws.subprotocols.includes("chat.v1") ? { subprotocol: "chat.v1" } : {});
      if (query.token !== "good") {
        await ws.close(4001, "bad token");
        return;
      }
      for await (const msg of ws.iterJson()) {
        if (msg.text === "bye") break;
        await ws.sendJson({ from: "server", text: msg.text.toUpperCase() });
      }
      await ws.close(1000, "bye");
    })
    .websocket(
      "/ws/whoami/{room}",
      {
        headers: { authorization: t.Optional(t.String()) },
        messages: { out: t.Object({ room: t.String(), authorization: t.Optional(t.String()) }) },
      },
      async (ws, { path, headers }) => {
        await ws.accept();
        await ws.sendJson({ room: path.room, authorization: headers.authorization });
        await ws.close();
      },
    )
    .websocket("/ws/refused", async (ws) => {
      await ws.close(); // before accept: the handshake is refused with 403
    })
    .includeRouter(users, { prefix: "/v1" });
}

export type FixtureApp = ReturnType<typeof createFixtureApp>;
