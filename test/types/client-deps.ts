// Type-level tests of what a route's dependencies add to its typed client: their declared params (merged with the
// route's, the route winning on a clash), a form a dependency reads itself, and a security scheme's 401.
import {
  App,
  APIKeyCookie,
  APIKeyHeader,
  APIKeyQuery,
  Depends,
  HTTPBasic,
  HTTPBearer,
  OAuth2PasswordBearer,
  OAuth2PasswordRequestForm,
  Security,
  t,
  type Dependency,
} from "skiffjs";
import { createClient, type RoutesOf } from "skiffjs/client";
import type { Equal, Expect } from "./helpers.ts";

interface User {
  id: number;
  name: string;
}

const pagination = Depends({ query: { skip: t.Integer({ default: 0 }), limit: t.Integer() } }, ({ query }) => query);
const tenant = Depends({ headers: { "x-tenant": t.String() }, cookies: { region: t.Optional(t.String()) } }, ({ headers }) => headers["x-tenant"]);
// Three levels: search → paged → pagination; each level's params reach the route.
const paged = Depends(
  { query: { order: t.Optional(t.Union([t.Literal("asc"), t.Literal("desc")])) }, deps: { page: pagination } },
  ({ deps }) => deps.page,
);
const search = Depends({ query: { q: t.String() }, deps: { paged } }, ({ query }) => query.q);
const plain = Depends(() => 1);
const itemPath = Depends({ path: { item_id: t.Integer() } }, ({ path }) => path.item_id);

// Security: the scheme used directly, through a dependency (the usual `currentUser`), and wrapped by Security().
const oauth2 = OAuth2PasswordBearer({ tokenUrl: "/token" });
const currentUser = Depends({ deps: { token: oauth2 } }, ({ deps }): User => ({ id: 1, name: deps.token }));
const activeUser = Depends({ deps: { user: currentUser } }, ({ deps }) => deps.user);
const annotated: Dependency<User, any> = currentUser; // an annotation without the third parameter carries nothing

const app = new App()
  .get("/items", { deps: { page: pagination } }, () => [])
  .get("/clash", { query: { limit: t.String() }, deps: { page: pagination } }, () => [])
  .get("/tenant", { query: { x: t.Optional(t.Number()) }, deps: [tenant, plain] }, () => "")
  .get("/search", { deps: { search } }, () => [])
  .get("/plain", { deps: { plain } }, () => 1)
  .get("/items/{item_id}", { deps: { id: itemPath } }, ({ deps }) => deps.id)
  .get("/bearer", { deps: { auth: HTTPBearer() } }, () => "")
  .get("/basic", { deps: { auth: HTTPBasic({ autoError: false }) } }, () => "")
  .get("/optional", { deps: { auth: HTTPBearer({ autoError: false }), key: APIKeyHeader({ name: "X-Key", autoError: false }) } }, () => "")
  .get("/me", { deps: { user: activeUser } }, ({ deps }) => deps.user)
  .get("/scoped", { deps: { user: Security(currentUser, { scopes: ["me"] }) } }, () => "")
  .get("/annotated", { deps: { user: annotated } }, () => "")
  .get("/declared", { deps: { user: currentUser }, responses: { 401: t.Object({ detail: t.String(), hint: t.String() }) } }, () => "")
  .get(
    "/keys",
    { deps: { q: APIKeyQuery({ name: "api_key" }), c: APIKeyCookie({ name: "session" }), h: APIKeyHeader({ name: "X-API-Key" }) } },
    () => "",
  )
  .post("/token", { deps: { form: OAuth2PasswordRequestForm() } }, ({ deps }) => ({ access_token: deps.form.username }))
  .post("/token/strict", { deps: { form: OAuth2PasswordRequestForm({ strict: true }) } }, () => "")
  .post("/token/own-form", { form: t.Object({ code: t.String() }), deps: { form: OAuth2PasswordRequestForm() } }, () => "")
  .websocket("/ws", { deps: { page: pagination, user: currentUser } }, async () => {});
type Routes = RoutesOf<typeof app>;
type At<M, P> = Extract<Routes, { method: M; path: P }>;
type Input<P, M = "get"> = At<M, P>["input"];
type Errors<P, M = "get"> = At<M, P>["errors"];
type Validation = At<"get", "/items">["errors"][422];

// A dependency's params are the route's params.
type _items = Expect<Equal<Input<"/items">, { query: { limit: number; skip?: number } }>>;
// The route wins a name clash (as at runtime, where the route's shape is merged over its deps').
type _clash = Expect<Equal<Input<"/clash">, { query: { limit: string; skip?: number } }>>;
// A list of deps counts too; headers, cookies and the route's own query merge. Plain deps add nothing. Headers are
// optional per call (clients usually send them for every call); a missing one is a typed 422.
type _tenant = Expect<Equal<Input<"/tenant">, { headers?: { "x-tenant"?: string }; query?: { x?: number }; cookies?: { region?: string } }>>;
// Nested deps, however deep (each dependency's type carries its own deps' params).
type _search = Expect<Equal<Input<"/search">, { query: { q: string; order?: "asc" | "desc"; limit: number; skip?: number } }>>;
type _plain = Expect<Equal<Input<"/plain">, {}>>;
// A dependency's path schema types a template param.
type _path = Expect<Equal<Input<"/items/{item_id}">, { path: { item_id: number } }>>;

// A security scheme: its header is optional (clients send it with every request), and 401 is a typed error.
type _bearer = Expect<Equal<Input<"/bearer">, { headers?: { authorization?: string } }>>;
type _bearerErrors = Expect<Equal<Errors<"/bearer">, { 401: { detail: string }; 422: Validation }>>;
// HTTPBasic answers 401 for a malformed header even with autoError: false; the others don't with it.
type _basic401 = Expect<Equal<keyof Errors<"/basic">, 401 | 422>>;
type _optional = Expect<Equal<keyof Errors<"/optional">, 422>>;
type _optionalInput = Expect<Equal<Input<"/optional">, { headers?: { authorization?: string; "x-key"?: string } }>>;
// Through dependencies and Security(): the 401 still reaches the route.
type _me = Expect<Equal<keyof Errors<"/me">, 401 | 422>>;
type _meInput = Expect<Equal<Input<"/me">, { headers?: { authorization?: string } }>>;
type _scoped = Expect<Equal<keyof Errors<"/scoped">, 401 | 422>>;
type _annotated = Expect<Equal<keyof Errors<"/annotated">, 422>>;
// A route that declares 401 itself keeps its own body.
type _declared = Expect<Equal<Errors<"/declared">[401], { detail: string; hint: string }>>;
// API keys: an optional query param, cookie or (lower-cased) header named by the scheme.
type _keys = Expect<Equal<Input<"/keys">, { query?: { api_key?: string }; cookies?: { session?: string }; headers?: { "x-api-key"?: string } }>>;

// OAuth2PasswordRequestForm: the route takes the OAuth2 form.
type PasswordForm = { username: string; password: string; scope?: string; grant_type?: string; client_id?: string; client_secret?: string };
type _token = Expect<Equal<Input<"/token", "post">, { form: PasswordForm }>>;
type _strict = Expect<Equal<Input<"/token/strict", "post">["form"]["grant_type"], "password">>;
// The route's own form is what the endpoint reads: it wins.
type _ownForm = Expect<Equal<Input<"/token/own-form", "post">, { form: { code: string } }>>;

// WebSocket routes take their deps' params too.
type _ws = Expect<Equal<Extract<Routes, { kind: "ws" }>["input"], { query: { limit: number; skip?: number }; headers?: { authorization?: string } }>>;

const api = createClient<typeof app>("http://127.0.0.1:8000", { headers: { authorization: "Bearer t" } });

async function calls() {
  await api.get("/items", { query: { limit: 10 } });
  await api.get("/search", { query: { q: "kayak", limit: 5, order: "asc" } });
  await api.get("/tenant", { headers: { "x-tenant": "acme" } });
  await api.get("/keys", { query: { api_key: "k" } });
  await api.get("/keys");
  await api.post("/token", { form: { username: "ann", password: "secret" } });
  await api.post("/token", { form: { username: "ann", password: "secret", scope: "me items", grant_type: "password" } });

  const me = await api.get("/me");
  if (!me.ok) {
    type _statuses = Expect<Equal<typeof me.status, 401 | 422>>;
    if (me.status === 401) {
      type _401 = Expect<Equal<typeof me.error, { detail: string }>>;
    }
  }
  const bearer = await api.get("/bearer", { headers: { authorization: "Bearer other" } });
  if (!bearer.ok && bearer.status === 401) bearer.error.detail;

  // @ts-expect-error a dependency's required query param is required
  await api.get("/items");
  // @ts-expect-error a dependency's query param keeps its type
  await api.get("/items", { query: { limit: "10" } });
  // @ts-expect-error an unknown query param
  await api.get("/items", { query: { limit: 10, page: 2 } });
  // @ts-expect-error a nested dependency's required param (limit, two levels down) is required
  await api.get("/search", { query: { q: "kayak" } });
  // A dependency's required header may come from the client-level headers: optional per call, but typed.
  await api.get("/tenant", {});
  // @ts-expect-error a dependency's header keeps its type
  await api.get("/tenant", { headers: { "x-tenant": 1 } });
  // @ts-expect-error the password form needs the password
  await api.post("/token", { form: { username: "ann" } });
  // @ts-expect-error the token route takes a form, not JSON
  await api.post("/token", { json: { username: "ann", password: "secret" } });
  // @ts-expect-error strict mode requires grant_type
  await api.post("/token/strict", { form: { username: "ann", password: "secret" } });
  const plainResult = await api.get("/plain");
  // @ts-expect-error no security scheme: 401 is not one of the route's statuses
  if (!plainResult.ok && plainResult.status === 401) plainResult.error;
  const optional = await api.get("/optional");
  // @ts-expect-error autoError: false never answers 401
  if (!optional.ok && optional.status === 401) optional.error;
}

export { calls };
