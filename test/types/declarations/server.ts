// A user's server module whose inferred app type `tsc --declaration` must be able to write down
// (test/types/declarations.test.ts): every route option, dependency and security scheme that reaches `typeof app`.
import {
  App,
  APIRouter,
  APIKeyCookie,
  APIKeyHeader,
  APIKeyQuery,
  Depends,
  HTTPBasic,
  HTTPBearer,
  JSONResponse,
  MessageRouter,
  OAuth2PasswordBearer,
  OAuth2PasswordRequestForm,
  Security,
  t,
} from "skiffjs";

export const Item = t.Object({ name: t.String(), price: t.Number(), tags: t.Array(t.String(), { default: [] }) }, { $id: "Item" });
const NotFound = t.Object({ detail: t.String() });
const Say = t.Object({ type: t.Literal("say"), text: t.String() });
const Join = t.Object({ type: t.Literal("join"), room: t.String() });

const oauth2 = OAuth2PasswordBearer({ tokenUrl: "/token", scopes: { me: "Me" } });
const currentUser = Depends({ deps: { token: oauth2 } }, ({ deps }) => ({ name: deps.token }));
const pagination = Depends({ query: { skip: t.Integer({ default: 0 }), size: t.Optional(t.Integer()) } }, ({ query }) => query);
const tenant = Depends({ headers: { "x-tenant": t.String() }, cookies: { region: t.Optional(t.String()) } }, ({ headers }) => headers["x-tenant"]);
const itemPath = Depends({ path: { item_id: t.Integer() } }, ({ path }) => path.item_id);
const session = Depends(async function* () {
  yield { id: 1 };
});

const chat = new MessageRouter().on("say", Say, async () => {}).on("join", Join, async () => {});

const admin = new APIRouter({ prefix: "/admin", tags: ["admin"] })
  .get("/users/{id:int}", { deps: { user: Security(currentUser, { scopes: ["me"] }) } }, ({ path, deps }) => ({ id: path.id, by: deps.user.name }))
  .delete("/users/{id:int}", { deps: { key: APIKeyHeader({ name: "x-key" }) } }, ({ path }) => ({ deleted: path.id }))
  .websocket("/events", { messages: { out: Item } }, async (ws) => {
    await ws.accept();
  });

export const app = new App({ title: "Shop" })
  .get(
    "/items/{item_id:int}",
    { query: { q: t.Optional(t.String()), limit: t.Integer({ default: 10 }) }, response: Item, responses: { 404: NotFound }, deps: [pagination] },
    () => ({ name: "a", price: 1 }),
  )
  .post("/items", { body: Item, status: 201, deps: { tenant, session } }, ({ body }) => body)
  .put("/items/{item_id}", { deps: { id: itemPath }, headers: { "x-token": t.String() } }, ({ deps }) => ({ id: deps.id }))
  .patch("/form", { form: t.Object({ a: t.String() }), cookies: { s: t.Optional(t.String()) } }, ({ body }) => body)
  .post("/token", { deps: { form: OAuth2PasswordRequestForm() } }, ({ deps }) => ({ access_token: deps.form.username }))
  .get("/basic", { deps: { basic: HTTPBasic(), bearer: HTTPBearer({ autoError: false }) } }, ({ deps }) => deps.basic.username)
  .get("/keys", { deps: { q: APIKeyQuery({ name: "key" }), c: APIKeyCookie({ name: "key", autoError: false }) } }, ({ deps }) => deps.q)
  .get("/raw", () => new JSONResponse({ raw: true }))
  .head("/ping", () => null)
  .websocket("/chat/{room}", { query: { token: t.String() }, messages: { in: chat, out: Say } }, async (ws) => {
    await ws.accept();
  })
  .includeRouter(admin, { prefix: "/v1" });

export type AppType = typeof app;
