/**
 * A shop API that uses every documented feature: params of each location, JSON/form/multipart bodies, response
 * models with `$id`, routers with tags and prefixes, dependencies with params (one a security scheme), hidden
 * routes, and WebSocket routes with plain and MessageRouter messages. The OpenAPI and docs tests share it.
 */
import { App, APIRouter, Depends, HTTPBearer, MessageRouter, OAuth2PasswordBearer, Security, t } from "skiffjs";

export const Item = t.Object({ name: t.String(), price: t.Number({ minimum: 0 }), tags: t.Array(t.String(), { default: [] }) }, { $id: "Item" });
export const Message = t.Object({ detail: t.String() }, { $id: "Message" });
const ChatOut = t.Object({ type: t.Literal("said"), from: t.String(), text: t.String() }, { $id: "ChatOut" });
const EchoIn = t.Object({ text: t.String({ maxLength: 1000 }) });

const bearer = HTTPBearer();
const oauth2 = OAuth2PasswordBearer({ tokenUrl: "/token", scopes: { "me:read": "Read your profile" } });
const currentUser = Depends({ deps: { token: oauth2 } }, function currentUser({ deps }) {
  return { token: deps.token };
});

const pagination = Depends(
  { query: { skip: t.Integer({ default: 0, minimum: 0 }), limit: t.Integer({ default: 10, maximum: 100 }) } },
  function pagination({ query }) {
    return query;
  },
);
const tenant = Depends({ headers: { "x-tenant": t.String({ description: "Tenant id" }) }, deps: { page: pagination } }, function tenant({ headers }) {
  return headers["x-tenant"];
});

const chatRouter = new MessageRouter()
  .on("join", t.Object({ room: t.String() }), async () => {})
  .on("say", t.Object({ text: t.String() }), async () => {});

const users = new APIRouter({ prefix: "/users", tags: ["users"], deps: [bearer] })
  .get("/{user_id:int}", { query: { verbose: t.Optional(t.Boolean()) } }, function readUser({ path }) {
    return { id: path.user_id };
  })
  .get("/", { deps: { tenant } }, function listUsers() {
    return [];
  });

export function buildShopApp(options: ConstructorParameters<typeof App>[0] = {}) {
  return new App({ title: "Shop", version: "1.2.0", description: "Items, users and chat.", ...options })
    .get("/", () => ({ hello: "shop" }))
    .get(
      "/items/{item_id:int}",
      {
        query: { q: t.Optional(t.String()), limit: t.Integer({ default: 10, minimum: 1, maximum: 100 }) },
        headers: { "x-token": t.Optional(t.String()) },
        cookies: { session: t.Optional(t.String()) },
        response: Item,
        responses: { 404: Message, 418: { description: "Out of tea" } },
        tags: ["items"],
        summary: "Read one item",
        description: "Reads an item by its id.",
      },
      function readItem({ path }) {
        return { name: `item ${path.item_id}`, price: 1 };
      },
    )
    .post("/items", { body: Item, response: Item, status: 201, tags: ["items"] }, function createItem({ body }) {
      return body;
    })
    .delete("/items/{item_id:uuid}", { status: 204, tags: ["items"], deprecated: true }, function deleteItem() {
      return null;
    })
    .post("/login", { form: t.Object({ username: t.String(), password: t.String() }) }, function login({ body }) {
      return { user: body.username };
    })
    .post(
      "/avatars",
      { form: t.Object({ caption: t.Optional(t.String()) }), files: { avatar: t.File({ maxSize: 1_000_000 }) } },
      function uploadAvatar({ files }) {
        return { size: files.avatar.size };
      },
    )
    .get("/me", { deps: { user: Security(currentUser, { scopes: ["me:read"] }) }, tags: ["users"] }, function readMe({ deps }) {
      return deps.user;
    })
    .get("/internal/health", { includeInSchema: false }, () => "ok")
    .includeRouter(users, { prefix: "/v1" })
    .websocket(
      "/ws/chat/{room}",
      { query: { token: t.String() }, messages: { in: chatRouter, out: ChatOut }, tags: ["chat"], summary: "Chat room" },
      async function chat(ws) {
        await ws.accept();
      },
    )
    .websocket("/ws/echo", { messages: { in: EchoIn, out: EchoIn } }, async (ws) => {
      await ws.accept();
      for await (const message of ws.iterJson()) await ws.sendJson(message);
    });
}
