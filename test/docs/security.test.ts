// docs/tutorial/security.md: each sample answers what the page shows.
import { test } from "node:test";
import assert from "node:assert/strict";
import { TestClient } from "skiffjs/testing";
import { app as jwtApp } from "../../docs/samples/security/oauth2-jwt.ts";
import { app as basicApp } from "../../docs/samples/security/basic.ts";
import { app as apiKeyApp } from "../../docs/samples/security/api-key.ts";

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

test("OAuth2 with JWT: log in, use the token, refuse the rest", async () => {
  await using client = new TestClient(jwtApp);
  const login = await client.post("/token", { form: { username: "johndoe", password: "secret" } });
  assert.equal(login.status, 200);
  const { access_token, token_type } = login.json();
  assert.equal(token_type, "bearer");
  assert.equal(access_token.split(".").length, 3);

  const me = await client.get("/users/me", { headers: { authorization: `Bearer ${access_token}` } });
  assert.deepEqual(me.json(), { username: "johndoe", fullName: "John Doe", disabled: false });

  const wrong = await client.post("/token", { form: { username: "johndoe", password: "nope" } });
  assert.equal(wrong.status, 401);
  assert.deepEqual(wrong.json(), { detail: "Incorrect username or password" });
  const missingField = await client.post("/token", { form: { username: "johndoe" } });
  assert.equal(missingField.status, 422);
  assert.deepEqual(missingField.json().detail[0].loc, ["body", "password"]);

  const none = await client.get("/users/me");
  assert.equal(none.status, 401);
  assert.deepEqual(none.json(), { detail: "Not authenticated" });
  assert.equal(none.headers.get("www-authenticate"), "Bearer");
  const forged = await client.get("/users/me", { headers: { authorization: `Bearer ${access_token.slice(0, -2)}xx` } });
  assert.equal(forged.status, 401);
  assert.deepEqual(forged.json(), { detail: "Could not validate credentials" });

  const alice = (await client.post("/token", { form: { username: "alice", password: "secret2" } })).json().access_token;
  const inactive = await client.get("/users/me", { headers: { authorization: `Bearer ${alice}` } });
  assert.equal(inactive.status, 400);
  assert.deepEqual(inactive.json(), { detail: "Inactive user" });
});

test("OAuth2 with JWT: the docs know the password flow", async () => {
  await using client = new TestClient(jwtApp);
  const schema = (await client.get("/openapi.json")).json();
  assert.deepEqual(schema.components.securitySchemes.OAuth2PasswordBearer, {
    type: "oauth2",
    flows: { password: { scopes: {}, tokenUrl: "/token" } },
  });
  assert.deepEqual(schema.paths["/users/me"].get.security, [{ OAuth2PasswordBearer: [] }]);
  assert.ok(schema.paths["/token"].post.requestBody.content["application/x-www-form-urlencoded"]);
});

test("HTTP Basic: the right pair passes, anything else is a 401 with the challenge", async () => {
  await using client = new TestClient(basicApp);
  const ok = await client.get("/users/me", { headers: { authorization: basic("stanleyjobson", "swordfish") } });
  assert.deepEqual(ok.json(), { username: "stanleyjobson" });
  const wrong = await client.get("/users/me", { headers: { authorization: basic("stanleyjobson", "sword") } });
  assert.equal(wrong.status, 401);
  assert.deepEqual(wrong.json(), { detail: "Incorrect username or password" });
  const none = await client.get("/users/me");
  assert.equal(none.status, 401);
  assert.equal(none.headers.get("www-authenticate"), 'Basic realm="admin"');
});

test("API keys: from a header or the query; missing 401, unknown 403", async () => {
  await using client = new TestClient(apiKeyApp);
  const report = [{ id: 1, title: "Q3" }];
  assert.deepEqual((await client.get("/reports", { headers: { "x-api-key": "k3y-for-the-reports-service" } })).json(), report);
  assert.deepEqual((await client.get("/reports?api_key=k3y-for-the-reports-service")).json(), report);
  assert.equal((await client.get("/reports")).status, 401);
  const unknown = await client.get("/reports", { headers: { "x-api-key": "guess" } });
  assert.equal(unknown.status, 403);
  assert.deepEqual(unknown.json(), { detail: "Invalid API key" });
});
