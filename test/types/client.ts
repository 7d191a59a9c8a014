// Type-level tests of `skiffjs/client` (checked by `tsc` in `npm test`): the client is typed by `typeof app` alone.
import { App, APIRouter, t } from "skiffjs";
import { createClient, type RoutesOf } from "skiffjs/client";
import type { Equal, Expect } from "./helpers.ts";

const Item = t.Object({ name: t.String(), price: t.Number(), tags: t.Array(t.String(), { default: [] }) });
type ItemOut = { name: string; price: number; tags: string[] };
const ChatIn = t.Object({ type: t.Literal("say"), text: t.String() });
const ChatOut = t.Object({ from: t.String(), text: t.String(), at: t.Integer() });

const users = new APIRouter({ prefix: "/users" })
  .get("/{user_id:int}", ({ path }) => ({ id: path.user_id, name: "ann" }))
  .websocket("/{user_id:int}/feed", { messages: { out: ChatOut } }, async () => {});
// A router inside a router, included under a prefix. (A router's *own* prefix is not yet applied to the routes it
// includes at the type level — src/routing/typed-methods.ts, reported — so the outer router has none here.)
const admin = new APIRouter().includeRouter(users, { prefix: "/v2" });

const app = new App()
  .get(
    "/items/{item_id}",
    {
      path: { item_id: t.Integer() },
      query: { q: t.Optional(t.String()), limit: t.Integer({ default: 10 }) },
      headers: { "x-token": t.Optional(t.String()) },
      response: Item,
      responses: { 404: t.Object({ detail: t.String() }) },
    },
    () => ({ name: "a", price: 1 }),
  )
  .get("/items", { query: { tag: t.Array(t.String()) } }, () => [{ id: 1 }])
  .post("/items", { body: Item, response: Item, status: 201 }, ({ body }) => body)
  .put("/items/{item_id:int}", { body: Item }, ({ body, path }) => ({ ...body, id: path.item_id }))
  .delete("/items/{item_id:int}", () => null)
  .post("/login", { form: t.Object({ username: t.String(), password: t.String() }) }, () => "ok")
  .get("/files/{rest:path}", ({ path }) => path.rest)
  .websocket("/ws/chat", { query: { token: t.String() }, messages: { in: ChatIn, out: ChatOut } }, async () => {})
  .websocket("/ws/raw", async () => {})
  .includeRouter(users, { prefix: "/v1" })
  .includeRouter(admin, { prefix: "/admin" });
type AppType = typeof app;

const api = createClient<AppType>("http://127.0.0.1:8000");
declare const token: string;

async function http() {
  // data and error have the route's exact types, discriminated by `ok` and then by `status`.
  const r = await api.get("/items/{item_id}", { path: { item_id: 5 } });
  if (r.ok) {
    type _data = Expect<Equal<typeof r.data, ItemOut>>;
    type _status = Expect<Equal<typeof r.status, 200>>;
    type _error = Expect<Equal<typeof r.error, undefined>>;
  } else {
    type _statuses = Expect<Equal<typeof r.status, 404 | 422>>;
    if (r.status === 404) {
      type _404 = Expect<Equal<typeof r.error, { detail: string }>>;
    } else {
      type _422 = Expect<Equal<(typeof r.error.detail)[number]["loc"], (string | number)[]>>;
    }
  }
  // Optional parts and optional fields may be left out; declared ones keep their types; extra headers are free.
  await api.get("/items/{item_id}", { path: { item_id: 1 }, query: { q: "x" }, headers: { "x-token": "t", authorization: "Bearer x" } });
  const created = await api.post("/items", { json: { name: "a", price: 2 } }); // `tags` has a default
  if (created.ok) {
    type _201 = Expect<Equal<typeof created.status, 201>>;
    type _created = Expect<Equal<typeof created.data, ItemOut>>;
  }
  const listed = await api.get("/items", { query: { tag: ["a", "b"] } });
  if (listed.ok) {
    type _inferred = Expect<Equal<typeof listed.data, { id: number }[]>>;
  }
  const put = await api.put("/items/{item_id}", { path: { item_id: 3 }, json: { name: "b", price: 1 } });
  if (put.ok) {
    type _put = Expect<Equal<typeof put.data, { id: number; name: string; price: number; tags: string[] }>>;
  }
  await api.delete("/items/{item_id}", { path: { item_id: 3 } });
  await api.post("/login", { form: { username: "u", password: "p" } });
  await api.get("/files/{rest}", { path: { rest: "a/b.txt" } });
  const head = await api.head("/items/{item_id}", { path: { item_id: 1 } }); // GET routes answer HEAD
  if (head.ok) {
    type _head = Expect<Equal<typeof head.data, undefined>>;
  }

  // Routes from nested routers carry every prefix.
  const nested = await api.get("/admin/v2/users/{user_id}", { path: { user_id: 7 } });
  if (nested.ok) {
    type _nested = Expect<Equal<typeof nested.data, { id: number; name: string }>>;
  }
  await api.get("/v1/users/{user_id}", { path: { user_id: 7 } });

  // @ts-expect-error a wrong path
  await api.get("/itemz/{item_id}", { path: { item_id: 5 } });
  // @ts-expect-error the template with its convertor is not the OpenAPI path
  await api.put("/items/{item_id:int}", { path: { item_id: 3 }, json: { name: "b", price: 1 } });
  // @ts-expect-error a wrong method for a path (no PATCH route)
  await api.patch("/items/{item_id}", { path: { item_id: 5 } });
  // @ts-expect-error a wrong method for a path (no POST on /items/{item_id})
  await api.post("/items/{item_id}", { path: { item_id: 5 } });
  // @ts-expect-error a missing path param (the options are required)
  await api.get("/items/{item_id}");
  // @ts-expect-error a missing path param
  await api.get("/items/{item_id}", { query: { q: "x" } });
  // @ts-expect-error a mistyped path param
  await api.get("/items/{item_id}", { path: { item_id: "5" } });
  // @ts-expect-error a misnamed path param
  await api.get("/items/{item_id}", { path: { id: 5 } });
  // @ts-expect-error a wrong body field type
  await api.post("/items", { json: { name: "a", price: "2" } });
  // @ts-expect-error an unknown body field
  await api.post("/items", { json: { name: "a", price: 2, colour: "red" } });
  // @ts-expect-error a missing body
  await api.post("/items");
  // @ts-expect-error a declared header with the wrong type
  await api.get("/items/{item_id}", { path: { item_id: 1 }, headers: { "x-token": 1 } });
  // @ts-expect-error a required query param left out
  await api.get("/items", {});
  // @ts-expect-error a wrong query type
  await api.get("/items", { query: { tag: "a" } });
  // @ts-expect-error a JSON body where the route takes a form
  await api.post("/login", { json: { username: "u", password: "p" } });
}

async function websockets() {
  const chat = api.websocket("/ws/chat", { query: { token } });
  chat.send({ type: "say", text: "hi" });
  for await (const msg of chat) {
    type _out = Expect<Equal<typeof msg, { from: string; text: string; at: number }>>;
  }
  const closed = await chat.closed;
  type _closed = Expect<Equal<typeof closed, { code: number; reason: string }>>;
  await api.websocket("/ws/chat", { query: { token }, protocols: ["chat.v1"] }).opened;
  // DESIGN.md section 9 awaits the connection: it is not a thenable, so `await` gives the connection itself.
  const awaited = await api.websocket("/ws/chat", { query: { token } });
  type _awaited = Expect<Equal<typeof awaited, typeof chat>>;

  // @ts-expect-error a wrong WebSocket message
  chat.send({ type: "shout", text: "hi" });
  // @ts-expect-error a message field of the wrong type
  chat.send({ type: "say", text: 1 });
  // @ts-expect-error the required query is missing
  api.websocket("/ws/chat");
  // @ts-expect-error an HTTP path is not a WebSocket path
  api.websocket("/items");

  // Without `messages`, the channel is untyped.
  const raw = api.websocket("/ws/raw");
  raw.send({ anything: true });
  for await (const msg of raw) {
    type _raw = Expect<Equal<typeof msg, unknown>>;
  }
  // Router WebSockets carry the prefixes and their path params.
  const feed = api.websocket("/v1/users/{user_id}/feed", { path: { user_id: 1 } });
  for await (const msg of feed) {
    type _feed = Expect<Equal<typeof msg, { from: string; text: string; at: number }>>;
  }
}

// The route union can be taken from the app type or passed as is.
type _routes = Expect<Equal<RoutesOf<AppType>, AppType extends App<infer R, any> ? R : never>>;
createClient<RoutesOf<AppType>>("/").get("/items", { query: { tag: [] } });

// A `fetch`, a headers function and `ws`'s WebSocket fit the options.
import { WebSocket as WsWebSocket } from "ws";
createClient<AppType>("http://h", {
  fetch: (url, init) => fetch(url, init),
  headers: async () => ({ authorization: `Bearer ${token}` }),
  WebSocket: WsWebSocket,
});
createClient<AppType>("http://h", { headers: new Headers({ a: "1" }), WebSocket: globalThis.WebSocket });

export { http, websockets };
