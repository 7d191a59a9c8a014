import { test } from "node:test";
import assert from "node:assert/strict";
import { App, Depends, HTTPException, OAuth2PasswordBearer, OAuth2PasswordRequestForm, Security, SecurityScopes } from "skiffjs";
import { TestClient } from "skiffjs/testing";

const USERS: Record<string, { password: string; scopes: string[] }> = {
  alice: { password: "wonderland", scopes: ["me", "items"] },
  bob: { password: "builder", scopes: ["me"] },
};

const oauth2 = OAuth2PasswordBearer({ tokenUrl: "/token", scopes: { me: "Read your profile", items: "Read your items" } });

const currentUser = Depends({ deps: { token: oauth2, securityScopes: SecurityScopes } }, ({ deps }) => {
  const [name, scopeText = ""] = deps.token.split("|");
  const user = USERS[name];
  const challenge = deps.securityScopes.scopes.length > 0 ? `Bearer scope="${deps.securityScopes.scopeStr}"` : "Bearer";
  if (!user) throw new HTTPException(401, "Could not validate credentials", { "WWW-Authenticate": challenge });
  const granted = scopeText.split(",");
  for (const scope of deps.securityScopes.scopes) {
    if (!granted.includes(scope)) throw new HTTPException(401, "Not enough permissions", { "WWW-Authenticate": challenge });
  }
  return { name };
});

function tokenApp() {
  return new App()
    .post("/token", { deps: { form: OAuth2PasswordRequestForm() } }, ({ deps }) => {
      const user = USERS[deps.form.username];
      if (!user || user.password !== deps.form.password) throw new HTTPException(400, "Incorrect username or password");
      const scopes = deps.form.scopes.filter((scope) => user.scopes.includes(scope));
      return { access_token: `${deps.form.username}|${scopes.join(",")}`, token_type: "bearer" };
    })
    .get("/users/me", { deps: { user: Security(currentUser, { scopes: ["me"] }) } }, ({ deps }) => deps.user)
    .get("/users/me/items", { deps: { user: Security(currentUser, { scopes: ["items"] }) } }, ({ deps }) => [{ owner: deps.user.name }])
    .get("/status", { deps: { user: currentUser } }, ({ deps }) => ({ status: "ok", user: deps.user.name }));
}

test("OAuth2PasswordBearer gives the token; missing → 401 with WWW-Authenticate: Bearer", async () => {
  const app = new App().get("/token-echo", { deps: { token: oauth2 } }, ({ deps }) => deps.token);
  const client = new TestClient(app);
  assert.equal((await client.get("/token-echo", { headers: { authorization: "Bearer t0k3n" } })).json(), "t0k3n");
  for (const headers of [{}, { authorization: "Basic abc" }, { authorization: "Bearer" }] as Record<string, string>[]) {
    const res = await client.get("/token-echo", { headers });
    assert.equal(res.status, 401);
    assert.deepEqual(res.json(), { detail: "Not authenticated" });
    assert.equal(res.headers.get("www-authenticate"), "Bearer");
  }
});

test("the password flow end to end: form login, then scopes checked through SecurityScopes", async () => {
  const client = new TestClient(tokenApp());
  const login = await client.post("/token", { form: { username: "alice", password: "wonderland", scope: "me items" } });
  assert.equal(login.status, 200);
  const { access_token } = login.json() as { access_token: string };
  const auth = { authorization: `Bearer ${access_token}` };
  assert.deepEqual((await client.get("/users/me", { headers: auth })).json(), { name: "alice" });
  assert.deepEqual((await client.get("/users/me/items", { headers: auth })).json(), [{ owner: "alice" }]);

  const narrow = (await (await client.post("/token", { form: { username: "alice", password: "wonderland", scope: "me" } })).json()) as {
    access_token: string;
  };
  const denied = await client.get("/users/me/items", { headers: { authorization: `Bearer ${narrow.access_token}` } });
  assert.equal(denied.status, 401);
  assert.deepEqual(denied.json(), { detail: "Not enough permissions" });
  assert.equal(denied.headers.get("www-authenticate"), 'Bearer scope="items"');
  assert.deepEqual((await client.get("/status", { headers: { authorization: `Bearer ${narrow.access_token}` } })).json(), {
    status: "ok",
    user: "alice",
  });

  const wrong = await client.post("/token", { form: { username: "alice", password: "nope" } });
  assert.equal(wrong.status, 400);
});

test("SecurityScopes accumulate outermost first; the same dependency under different scopes resolves per scope set", async () => {
  const seen: string[][] = [];
  const inner = Depends({ deps: { s: SecurityScopes } }, ({ deps }) => {
    seen.push(deps.s.scopes);
    return deps.s.scopeStr;
  });
  const middle = Depends({ deps: { inner: Security(inner, { scopes: ["me"] }) } }, ({ deps }) => deps.inner);
  const app = new App().get(
    "/",
    { deps: { a: Security(middle, { scopes: ["items", "me"] }), b: inner, c: Security(inner, { scopes: ["admin"] }) } },
    ({ deps }) => deps,
  );
  assert.deepEqual((await new TestClient(app).get("/")).json(), { a: "items me", b: "", c: "admin" });
  assert.equal(seen.length, 3);
});

test("OAuth2PasswordRequestForm: missing fields → 422 in FastAPI's shape, all at once", async () => {
  const client = new TestClient(tokenApp());
  const res = await client.post("/token", { form: { scope: "me" } });
  assert.equal(res.status, 422);
  assert.deepEqual(res.json(), {
    detail: [
      { type: "missing", loc: ["body", "username"], msg: "Field required", input: null },
      { type: "missing", loc: ["body", "password"], msg: "Field required", input: null },
    ],
  });
  const empty = await client.post("/token");
  assert.equal(empty.status, 422);
  assert.equal((empty.json() as { detail: unknown[] }).detail.length, 2);
});

test("OAuth2PasswordRequestForm reads every field; grant_type must be password when sent, required when strict", async () => {
  const echo = new App()
    .post("/form", { deps: { form: OAuth2PasswordRequestForm() } }, ({ deps }) => deps.form)
    .post("/strict", { deps: { form: OAuth2PasswordRequestForm({ strict: true }) } }, ({ deps }) => deps.form);
  const client = new TestClient(echo);
  const full = await client.post("/form", {
    form: { grant_type: "password", username: "u", password: "p", scope: "a  b", client_id: "cid", client_secret: "cs" },
  });
  assert.deepEqual(full.json(), { grantType: "password", username: "u", password: "p", scopes: ["a", "b"], clientId: "cid", clientSecret: "cs" });
  const minimal = await client.post("/form", { form: { username: "u", password: "p" } });
  assert.deepEqual(minimal.json(), { username: "u", password: "p", scopes: [] });

  const badGrant = await client.post("/form", { form: { grant_type: "client_credentials", username: "u", password: "p" } });
  assert.equal(badGrant.status, 422);
  assert.deepEqual(badGrant.json(), {
    detail: [
      {
        type: "string_pattern_mismatch",
        loc: ["body", "grant_type"],
        msg: "String should match pattern '^password$'",
        input: "client_credentials",
        ctx: { pattern: "^password$" },
      },
    ],
  });
  const strict = await client.post("/strict", { form: { username: "u", password: "p" } });
  assert.equal(strict.status, 422);
  assert.deepEqual(
    (strict.json() as { detail: { loc: string[] }[] }).detail.map((d) => d.loc),
    [["body", "grant_type"]],
  );
});

test("OAuth2PasswordRequestForm respects the body limit and refuses other media types", async () => {
  const app = new App({ bodyLimit: 64 }).post("/token", { deps: { form: OAuth2PasswordRequestForm() } }, ({ deps }) => deps.form.username);
  const client = new TestClient(app);
  const big = await client.post("/token", { form: { username: "u", password: "p".repeat(200) } });
  assert.equal(big.status, 413);
  const json = await client.post("/token", { json: { username: "u", password: "p" } });
  assert.equal(json.status, 415);
  assert.match((json.json() as { detail: string }).detail, /send application\/x-www-form-urlencoded/);
});

test("OAuth2PasswordBearer needs its tokenUrl", () => {
  assert.throws(() => OAuth2PasswordBearer({} as never), /OAuth2PasswordBearer\(\) needs the URL that issues tokens/);
});
