// POST /token, bearer-protected HTTP routes, and the seed's WebSocket authentication with its exact answers.
import assert from "node:assert/strict";
import { test } from "node:test";
import { SignJWT } from "jose";
import { TestClient } from "skiffjs/testing";
import { loadConfig } from "../../examples/chat/config.ts";
import { hashPassword, verifyPassword } from "../../examples/chat/users.ts";
import { SECRET, connect, login, testApp } from "./helpers.ts";

/** A token as an attacker might make one; `expiresAt: null` leaves `exp` out. */
async function sign(claims: { sub: string; iss?: string }, options: { secret?: string; expiresAt?: number | null } = {}): Promise<string> {
  const jwt = new SignJWT({})
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(claims.sub)
    .setIssuer(claims.iss ?? "chat-test")
    .setIssuedAt();
  if (options.expiresAt !== null) jwt.setExpirationTime(options.expiresAt ?? Math.floor(Date.now() / 1000) + 60);
  return jwt.sign(new TextEncoder().encode(options.secret ?? SECRET));
}

test("POST /token issues a bearer JWT for a right password; /api/me then knows the user", async () => {
  await using client = new TestClient(testApp().app);
  const res = await client.post("/token", { form: { username: "alice", password: "wonderland" } });
  assert.equal(res.status, 200);
  const body = res.json();
  assert.equal(body.token_type, "bearer");
  assert.equal(body.expires_in, 3600);
  assert.match(body.access_token, /^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
  const me = await client.get("/api/me", { headers: { authorization: `Bearer ${body.access_token}` } });
  assert.deepEqual(me.json(), { username: "alice", fullName: "Alice Liddell" });
});

test("a wrong password or an unknown user is a 401 with WWW-Authenticate; missing fields are a 422", async () => {
  await using client = new TestClient(testApp().app);
  for (const form of [
    { username: "alice", password: "nope" },
    { username: "mallory", password: "wonderland" },
  ]) {
    const res = await client.post("/token", { form });
    assert.equal(res.status, 401);
    assert.deepEqual(res.json(), { detail: "Incorrect username or password" });
    assert.equal(res.headers.get("www-authenticate"), "Bearer");
  }
  const missing = await client.post("/token", { form: { username: "alice" } });
  assert.equal(missing.status, 422);
  assert.deepEqual(
    missing.json().detail.map((d: { loc: string[] }) => d.loc),
    [["body", "password"]],
  );
});

test("HTTP API: no token → 401 Not authenticated; forged or never-expiring token → 401 Could not validate credentials", async () => {
  await using client = new TestClient(testApp().app);
  const none = await client.get("/api/rooms");
  assert.equal(none.status, 401);
  assert.deepEqual(none.json(), { detail: "Not authenticated" });
  const forged = await sign({ sub: "alice" }, { secret: "another-secret-0123456789-0123456789" });
  for (const token of [forged, await sign({ sub: "alice" }, { expiresAt: null }), "not-a-jwt"]) {
    const res = await client.get("/api/rooms", { headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.status, 401);
    assert.deepEqual(res.json(), { detail: "Could not validate credentials" });
    assert.equal(res.headers.get("www-authenticate"), "Bearer");
  }
});

test("HTTP API: an expired token says so: 401 Token expired, and the Bearer challenge names it", async () => {
  await using client = new TestClient(testApp().app);
  const expired = await sign({ sub: "alice" }, { expiresAt: Math.floor(Date.now() / 1000) - 10 });
  const res = await client.get("/api/me", { headers: { authorization: `Bearer ${expired}` } });
  assert.equal(res.status, 401);
  assert.deepEqual(res.json(), { detail: "Token expired" });
  assert.equal(res.headers.get("www-authenticate"), 'Bearer error="invalid_token", error_description="token expired"');
});

test("WebSocket authentication answers exactly as the seed, then closes with 4001", async () => {
  await using client = new TestClient(testApp().app);
  const good = await login(client, "alice");
  const cases: [Record<string, string>, string][] = [
    [{ token: good, service: "billing" }, "unsupported service"],
    [{}, "token not found"],
    [{ token: "" }, "token not found"],
    [{ token: "garbage" }, "invalid token"],
    [{ token: await sign({ sub: "alice" }, { secret: "another-secret-0123456789-0123456789" }) }, "invalid token"],
    [{ token: await sign({ sub: "alice" }, { expiresAt: Math.floor(Date.now() / 1000) - 10 }) }, "token expired"],
    [{ token: await sign({ sub: "alice" }, { expiresAt: null }) }, "invalid token"],
    [{ token: await sign({ sub: "alice", iss: "someone-else" }) }, "invalid token"],
    [{ token: await sign({ sub: "mallory" }) }, "invalid token"],
  ];
  for (const [query, why] of cases) {
    const ws = await client.websocketConnect("/ws/chat", { query });
    assert.deepEqual(await ws.receiveJson(), { status: 40001, message: `Authentication failed: ${why}` }, JSON.stringify(query));
    assert.deepEqual(await ws.closed, { code: 4001, reason: `Authentication failed: ${why}` });
  }
});

test("the authorizer is chosen by ?service=: a plugged-in service authenticates its own tokens", async () => {
  const { app } = testApp(
    {},
    { authorizers: { partner: async (token) => (token === "partner-key" ? { username: "bob", fullName: "Bob (partner)" } : undefined) } },
  );
  await using client = new TestClient(app);
  const ws = await client.websocketConnect("/ws/chat", { query: { token: "partner-key", service: "partner" } });
  const welcome = await ws.receiveJson();
  assert.deepEqual(
    { type: welcome.type, user: welcome.user, service: welcome.service },
    { type: "welcome", user: { username: "bob", fullName: "Bob (partner)" }, service: "partner" },
  );
  await ws.close();
  // A chat JWT is not a partner key, and the partner key is not a chat JWT.
  const jwt = await login(client, "alice");
  const crossed = await client.websocketConnect("/ws/chat", { query: { token: jwt, service: "partner" } });
  assert.equal((await crossed.receiveJson()).message, "Authentication failed: invalid token");
  const other = await client.websocketConnect("/ws/chat", { query: { token: "partner-key" } });
  assert.equal((await other.receiveJson()).message, "Authentication failed: invalid token");
});

test("welcome carries the user, the service and the connection's request id", async () => {
  await using client = new TestClient(testApp().app);
  const ws = await connect(client, "bob");
  await ws.close();
  const token = await login(client, "bob");
  const again = await client.websocketConnect("/ws/chat", { query: { token, service: "chat" } });
  const welcome = await again.receiveJson();
  assert.equal(welcome.service, "chat");
  assert.match(welcome.connectionId, /^[\w.:-]+$/);
  await again.close();
});

test("config: DEBUG from SERVICE_NAME's dev/test/local segments; elsewhere JWT_SECRET is required", () => {
  assert.equal(loadConfig({}).serviceName, "chat-dev");
  assert.equal(loadConfig({}).debug, true);
  assert.equal(loadConfig({}).jwtSecretDefaulted, true);
  for (const name of ["chat-test-eu", "dev", "chat_local", "Chat-DEV", "test_chat"])
    assert.equal(loadConfig({ SERVICE_NAME: name }).debug, true, name);
  for (const name of ["chat-latest", "contest", "attestation", "devops-chat", "chat-testing", "chat-prod"]) {
    assert.throws(
      () => loadConfig({ SERVICE_NAME: name }),
      new RegExp(`JWT_SECRET is required when SERVICE_NAME \\("${name}"\\) has no "dev", "test" or "local" segment`),
      name,
    );
    assert.equal(loadConfig({ SERVICE_NAME: name, JWT_SECRET: SECRET }).debug, false, name);
  }
  const prod = loadConfig({ SERVICE_NAME: "chat-prod", JWT_SECRET: SECRET });
  assert.equal(prod.debug, false);
  assert.equal(prod.jwtSecretDefaulted, false);
  assert.throws(() => loadConfig({ JWT_SECRET: "short" }), /at least 32/);
  assert.throws(() => loadConfig({ PORT: "http" }), /PORT must be/);
});

test("passwords: scrypt hashes verify only the right password; malformed hashes never match", async () => {
  const hash = await hashPassword("s3cret");
  assert.match(hash, /^scrypt\$16384\$8\$1\$/);
  assert.equal(await verifyPassword("s3cret", hash), true);
  assert.equal(await verifyPassword("S3cret", hash), false);
  assert.notEqual(await hashPassword("s3cret"), hash, "salted");
  assert.equal(await verifyPassword("s3cret", "plain:s3cret"), false);
});
