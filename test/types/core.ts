// Type-level tests of the core (checked by `tsc` in `npm test`): path inference, route options, chaining.
import { App, APIRouter, HTTPException, t, type PathParams, type OpenApiPath, type RouteType } from "skiffjs";
import type { Equal, Expect } from "./helpers.ts";

// Path names and convertor types come from the template literal.
type _p1 = Expect<Equal<PathParams<"/{name}">, { name: string }>>;
type _p2 = Expect<
  Equal<PathParams<"/items/{id:int}/{ratio:float}/{key:uuid}/{rest:path}">, { id: number; ratio: number; key: string; rest: string }>
>;
type _p3 = Expect<Equal<PathParams<"/static">, {}>>;
type _o1 = Expect<Equal<OpenApiPath<"/v1/users/{user_id:int}/{name}">, "/v1/users/{user_id}/{name}">>;

new App().get("/{name}", ({ path }) => {
  type _ = Expect<Equal<typeof path.name, string>>;
  return { name: path.name };
});
new App().get("/items/{id:int}", ({ path }) => {
  type _ = Expect<Equal<typeof path.id, number>>;
  // @ts-expect-error no such param in the template
  path.other;
  return path.id;
});

// DESIGN.md section 2: the options object types the context.
const Item = t.Object({ name: t.String(), price: t.Number(), tags: t.Array(t.String(), { default: [] }) }, { $id: "Item" });
const app = new App({ title: "Shop", version: "1.0.0" });
app.get(
  "/items/{item_id}",
  {
    path: { item_id: t.Integer() },
    query: { q: t.Optional(t.String()), limit: t.Integer({ default: 10, minimum: 1, maximum: 100 }) },
    headers: { "x-token": t.Optional(t.String()) },
    cookies: { session: t.Optional(t.String()) },
    response: Item,
    responses: { 404: t.Object({ detail: t.String() }) },
    status: 200,
    tags: ["items"],
    summary: "Read one item",
    deprecated: false,
  },
  ({ path, query, headers, cookies }) => {
    type _path = Expect<Equal<typeof path.item_id, number>>;
    type _q = Expect<Equal<typeof query.q, string | undefined>>;
    type _limit = Expect<Equal<typeof query.limit, number>>;
    type _h = Expect<Equal<(typeof headers)["x-token"], string | undefined>>;
    type _c = Expect<Equal<typeof cookies.session, string | undefined>>;
    if (path.item_id === 0) throw new HTTPException(404, "Item not found");
    return { name: "x", price: 1 }; // tags has a default: may be omitted
  },
);
app.post("/items", { body: Item, status: 201 }, ({ body }) => {
  type _ = Expect<Equal<typeof body, { name: string; price: number; tags: string[] }>>;
  return body;
});
// @ts-expect-error the handler's return must match the `response` schema
app.get("/bad", { response: Item }, () => ({ name: 1 }));

// Chaining returns the app typed with each route it adds.
const chained = new App()
  .get("/items/{item_id:int}", { response: Item }, () => ({ name: "a", price: 1 }))
  .post("/items", { body: Item, status: 201 }, ({ body }) => body);
type Routes = typeof chained extends App<infer R> ? R : never;
type _r1 = Expect<Equal<Extract<Routes, { method: "get" }>["path"], "/items/{item_id}">>;
type _r2 = Expect<Equal<Extract<Routes, { method: "post" }>["status"], 201>>;
type _r3 = Expect<Equal<Extract<Routes, { method: "get" }>["output"], { name: string; price: number; tags: string[] }>>;

// Router prefixes (and the include prefix) are applied to the route types.
const router = new APIRouter({ prefix: "/users", tags: ["users"] }).get("/{user_id:int}", ({ path }) => {
  type _ = Expect<Equal<typeof path.user_id, number>>;
  return { id: path.user_id };
});
const withRouter = new App().includeRouter(router, { prefix: "/v1" });
type RouterRoutes = typeof withRouter extends App<infer R> ? R : never;
type _rr = Expect<Equal<RouterRoutes["path"], "/v1/users/{user_id}">>;
type _rt = Expect<RouterRoutes extends RouteType ? true : false>;

// Lifespan state types app.state.
const stateful = new App({
  lifespan: async function* () {
    yield { db: { query: (sql: string) => sql.length } };
  },
});
stateful.state.db?.query("select 1");

// A router including another applies its own prefix too (runtime: /admin/v2/users/{id:int}).
const inner = new APIRouter({ prefix: "/users" }).get("/{id:int}", ({ path }) => path.id);
const outer = new APIRouter({ prefix: "/admin" }).includeRouter(inner, { prefix: "/v2" });
const nested = new App().includeRouter(outer);
type NestedRoutes = typeof nested extends App<infer R> ? R : never;
type _nested = Expect<Equal<NestedRoutes["path"], "/admin/v2/users/{id}">>;

// A MessageRouter as `messages.in` types what the handler receives.
import { MessageRouter } from "skiffjs";
const Join = t.Object({ type: t.Literal("join"), room: t.String() });
const Say = t.Object({ type: t.Literal("say"), text: t.String() });
const handlers = new MessageRouter().on("join", Join, () => {}).on("say", Say, () => {});
new App().websocket("/ws", { messages: { in: handlers } }, async (ws) => {
  const msg = await ws.receiveJson();
  if (msg.type === "join") {
    type _room = Expect<Equal<typeof msg.room, string>>;
  }
  // @ts-expect-error not a message type the router handles
  if (msg.type === "leave") return;
});
