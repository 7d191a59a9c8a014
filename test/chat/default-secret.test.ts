// The built-in JWT secret is in the source: whoever can reach a server signing with it can forge any user's token.
// It is used only while DEBUG (a dev/test/local SERVICE_NAME segment) and only on loopback.
import assert from "node:assert/strict";
import { test } from "node:test";
import { SignJWT } from "jose";
import { TestClient } from "skiffjs/testing";
import { createApp } from "../../examples/chat/app.ts";
import { loadConfig } from "../../examples/chat/config.ts";
import { SECRET, testApp } from "./helpers.ts";

const PUBLIC_DEFAULT = "skiff-chat-development-secret-change-me"; // what an attacker reads in examples/chat/config.ts

function forge(user: string, issuer: string): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(user)
    .setIssuer(issuer)
    .setExpirationTime("5m")
    .sign(new TextEncoder().encode(PUBLIC_DEFAULT));
}

test("chat-latest is not a debug name: a token forged with the public default secret for bob is refused", async () => {
  const { app } = testApp({ ...loadConfig({ SERVICE_NAME: "chat-latest", JWT_SECRET: SECRET, CHAT_UI: "0" }) });
  await using client = new TestClient(app);
  const token = await forge("bob", "chat-latest");
  const ws = await client.websocketConnect("/ws/chat", { query: { token } });
  assert.deepEqual(await ws.receiveJson(), { status: 40001, message: "Authentication failed: invalid token" });
  assert.equal((await client.get("/api/me", { headers: { authorization: `Bearer ${token}` } })).status, 401);
  assert.equal((await client.get("/docs")).status, 404);
});

test("with the default secret the chat serves on loopback only; anywhere else it refuses to start, naming JWT_SECRET", async () => {
  const config = { ...loadConfig({ SERVICE_NAME: "chat-dev", CHAT_UI: "0" }) };
  assert.equal(config.jwtSecretDefaulted, true);
  for (const host of ["0.0.0.0", "::", "192.0.2.10"]) {
    await assert.rejects(
      createApp(config).listen({ host, port: 0 }),
      new RegExp(`JWT_SECRET is required to listen on ${host.replace(/\./g, "\\.")}`),
      host,
    );
  }
  for (const host of ["127.0.0.1", "localhost"]) {
    const server = await createApp(config).listen({ host, port: 0 });
    assert.equal((await fetch(`http://127.0.0.1:${server.port}/healthz`)).status, 200);
    await server.close();
  }
  const withSecret = await createApp({ ...loadConfig({ SERVICE_NAME: "chat-dev", JWT_SECRET: SECRET, CHAT_UI: "0" }) }).listen({
    host: "0.0.0.0",
    port: 0,
  });
  assert.equal((await fetch(`http://127.0.0.1:${withSecret.port}/healthz`)).status, 200);
  await withSecret.close();
});
