import { test } from "node:test";
import assert from "node:assert/strict";
import { App, HTTPBasic, HTTPBearer } from "skiffjs";
import { TestClient } from "skiffjs/testing";

const basicHeader = (text: string) => `Basic ${Buffer.from(text).toString("base64")}`;

test("HTTPBearer gives { scheme, credentials }; missing or another scheme → 401 with WWW-Authenticate: Bearer", async () => {
  const app = new App().get("/me", { deps: { auth: HTTPBearer() } }, ({ deps }) => deps.auth);
  const client = new TestClient(app);
  const ok = await client.get("/me", { headers: { authorization: "Bearer abc.def" } });
  assert.deepEqual(ok.json(), { scheme: "Bearer", credentials: "abc.def" });
  assert.deepEqual((await client.get("/me", { headers: { authorization: "bearer xyz" } })).json(), { scheme: "bearer", credentials: "xyz" });

  for (const authorization of [undefined, "", "Bearer", "Bearer   ", "Basic abc", "Token abc"]) {
    const res = await client.get("/me", { headers: authorization === undefined ? {} : { authorization } });
    assert.equal(res.status, 401, `authorization: ${authorization}`);
    assert.deepEqual(res.json(), { detail: "Not authenticated" });
    assert.equal(res.headers.get("www-authenticate"), "Bearer");
  }
});

test("HTTPBearer({ autoError: false }) gives undefined instead of a 401", async () => {
  const app = new App().get("/maybe", { deps: { auth: HTTPBearer({ autoError: false }) } }, ({ deps }) => ({
    token: deps.auth?.credentials ?? null,
  }));
  const client = new TestClient(app);
  assert.deepEqual((await client.get("/maybe")).json(), { token: null });
  assert.deepEqual((await client.get("/maybe", { headers: { authorization: "Basic x" } })).json(), { token: null });
  assert.deepEqual((await client.get("/maybe", { headers: { authorization: "Bearer t" } })).json(), { token: "t" });
});

test("HTTPBasic gives { username, password }; the password may contain colons and non-ASCII", async () => {
  const app = new App().get("/who", { deps: { credentials: HTTPBasic() } }, ({ deps }) => deps.credentials);
  const client = new TestClient(app);
  assert.deepEqual((await client.get("/who", { headers: { authorization: basicHeader("alice:s3:cr:et") } })).json(), {
    username: "alice",
    password: "s3:cr:et",
  });
  assert.deepEqual((await client.get("/who", { headers: { authorization: basicHeader("zoë:pässword") } })).json(), {
    username: "zoë",
    password: "pässword",
  });
  assert.deepEqual((await client.get("/who", { headers: { authorization: basicHeader("bob:") } })).json(), { username: "bob", password: "" });
});

test("HTTPBasic: missing → 401 Not authenticated with WWW-Authenticate: Basic, and the realm when given", async () => {
  const plain = new App().get("/", { deps: { c: HTTPBasic() } }, () => "x");
  const res = await new TestClient(plain).get("/");
  assert.equal(res.status, 401);
  assert.deepEqual(res.json(), { detail: "Not authenticated" });
  assert.equal(res.headers.get("www-authenticate"), "Basic");

  const realm = new App().get("/", { deps: { c: HTTPBasic({ realm: "admin area" }) } }, () => "x");
  const withRealm = await new TestClient(realm).get("/", { headers: { authorization: "Bearer abc" } });
  assert.equal(withRealm.status, 401);
  assert.equal(withRealm.headers.get("www-authenticate"), 'Basic realm="admin area"');
});

test("HTTPBasic: a malformed Basic header → 401 Invalid authentication credentials, even with autoError: false", async () => {
  for (const c of [HTTPBasic(), HTTPBasic({ autoError: false })]) {
    const app = new App().get("/", { deps: { c } }, () => "x");
    const client = new TestClient(app);
    for (const authorization of ["Basic not*base64", basicHeader("no-colon"), "Basic //8=", "Basic"]) {
      const res = await client.get("/", { headers: { authorization } });
      assert.equal(res.status, 401, authorization);
      assert.deepEqual(res.json(), { detail: "Invalid authentication credentials" }, authorization);
      assert.equal(res.headers.get("www-authenticate"), "Basic");
    }
  }
});

test("HTTPBasic({ autoError: false }) gives undefined when no Basic credentials were sent", async () => {
  const app = new App().get("/", { deps: { c: HTTPBasic({ autoError: false }) } }, ({ deps }) => ({ user: deps.c?.username ?? null }));
  assert.deepEqual((await new TestClient(app).get("/")).json(), { user: null });
});
