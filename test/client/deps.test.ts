// The typed client and dependencies over a real socket: params a dependency declares, the password form
// OAuth2PasswordRequestForm reads, and the 401 a security scheme answers — all typed from the app's type alone.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { App, Depends, HTTPException, OAuth2PasswordBearer, OAuth2PasswordRequestForm, t, type RunningServer } from "skiffjs";
import { createClient } from "skiffjs/client";

const pagination = Depends({ query: { skip: t.Integer({ default: 0 }), limit: t.Integer({ maximum: 50 }) } }, ({ query }) => query);
const oauth2 = OAuth2PasswordBearer({ tokenUrl: "/token" });
const currentUser = Depends({ deps: { token: oauth2 } }, ({ deps }) => {
  if (deps.token !== "token-ann") throw new HTTPException(401, "Invalid token", { "www-authenticate": "Bearer" });
  return { username: "ann" };
});

function createApp() {
  return new App()
    .get("/items", { query: { q: t.Optional(t.String()) }, deps: { page: pagination } }, ({ query, deps }) => ({ q: query.q ?? null, ...deps.page }))
    .post("/token", { deps: { form: OAuth2PasswordRequestForm() } }, ({ deps }) => {
      if (deps.form.password !== "secret") throw new HTTPException(400, "Incorrect username or password");
      return { access_token: `token-${deps.form.username}`, token_type: "bearer" as const, scopes: deps.form.scopes };
    })
    .get("/me", { deps: { user: currentUser } }, ({ deps }) => deps.user);
}

let server: RunningServer;
before(async () => {
  server = await createApp().listen({ port: 0 });
});
after(() => server.close());

const api = () => createClient<ReturnType<typeof createApp>>(server.url);

test("a query param declared by a dependency is sent and validated with the route's own", async () => {
  const r = await api().get("/items", { query: { limit: 5, q: "kayak" } });
  assert.deepEqual([r.ok, r.ok && r.data], [true, { q: "kayak", skip: 0, limit: 5 }]);
  const bad = await api().get("/items", { query: { limit: 500 } });
  assert.equal(bad.status, 422);
  if (bad.ok || bad.status !== 422) return;
  assert.deepEqual(
    bad.error.detail.map((d) => d.loc),
    [["query", "limit"]],
  );
});

test("/token takes the OAuth2 password form; the token then opens a route whose scheme types the 401", async () => {
  const token = await api().post("/token", { form: { username: "ann", password: "secret", scope: "me items" } });
  assert.equal(token.ok, true);
  if (!token.ok) return;
  assert.deepEqual(token.data, { access_token: "token-ann", token_type: "bearer", scopes: ["me", "items"] });

  const missing = await api().post("/token", { form: { username: "ann", password: "" } });
  assert.equal(missing.status, 422); // an empty field counts as not sent, as in FastAPI

  const anonymous = await api().get("/me");
  assert.deepEqual([anonymous.ok, anonymous.status], [false, 401]);
  if (!anonymous.ok && anonymous.status === 401) assert.equal(anonymous.error.detail, "Not authenticated");

  const authed = createClient<ReturnType<typeof createApp>>(server.url, { headers: { authorization: `Bearer ${token.data.access_token}` } });
  const me = await authed.get("/me");
  assert.deepEqual(me.ok && me.data, { username: "ann" });
});
