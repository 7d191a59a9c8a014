// The HTTP side: rooms, history, who is online, posting without a WebSocket, health, docs on/off, logs.
import assert from "node:assert/strict";
import { test } from "node:test";
import { TestClient } from "skiffjs/testing";
import { connect, join, login, mintToken, receiveUntil, testApp } from "./helpers.ts";

async function authed(_client: TestClient, user: "alice" | "bob" | "carol" = "carol") {
  return { authorization: `Bearer ${await mintToken(user)}` };
}

test("rooms: the default rooms and every used one, with who is online in each", async () => {
  await using client = new TestClient(testApp().app);
  const headers = await authed(client);
  assert.deepEqual((await client.get("/api/rooms", { headers })).json(), {
    rooms: [
      { name: "general", online: 0 },
      { name: "random", online: 0 },
    ],
  });
  const alice = await connect(client, "alice");
  await join(alice, "general");
  await join(alice, "boats");
  assert.deepEqual((await client.get("/api/rooms", { headers })).json(), {
    rooms: [
      { name: "boats", online: 1 },
      { name: "general", online: 1 },
      { name: "random", online: 0 },
    ],
  });
  assert.deepEqual((await client.get("/api/rooms/general/online", { headers })).json(), {
    room: "general",
    members: [{ username: "alice", fullName: "Alice Liddell" }],
  });
});

test("history over HTTP matches the WebSocket's; posting over HTTP reaches the room", async () => {
  await using client = new TestClient(testApp().app);
  const headers = await authed(client, "bob");
  const alice = await connect(client, "alice");
  await join(alice, "general");
  const posted = await client.post("/api/rooms/general/messages", { headers, json: { text: "from curl" } });
  assert.equal(posted.status, 201);
  const live = await receiveUntil(alice, (f) => f.type === "message");
  assert.deepEqual(posted.json(), live);
  assert.equal(live.from, "bob");

  const history = await client.get("/api/rooms/general/history", { headers, query: { limit: 10 } });
  assert.deepEqual(history.json(), { room: "general", messages: [live] });
  assert.equal((await client.get("/api/rooms/general/history", { headers, query: { limit: 0 } })).status, 422);
  assert.equal((await client.get("/api/rooms/Not%20A%20Room/history", { headers })).status, 422);
  assert.equal((await client.post("/api/rooms/general/messages", { headers, json: { text: "" } })).status, 422);
});

test("health and readiness", async () => {
  await using client = new TestClient(testApp().app);
  assert.deepEqual((await client.get("/healthz")).json(), { status: "ok" });
  const ready = await client.get("/readyz");
  assert.equal(ready.status, 200);
  assert.deepEqual(ready.json(), { status: "ready", broadcast: "memory", store: "memory" });
});

test("docs follow DEBUG: on for chat-test, off (404) outside dev/test", async () => {
  await using dev = new TestClient(testApp().app);
  assert.equal((await dev.get("/docs")).status, 200);
  const asyncapi = (await dev.get("/asyncapi.json")).json();
  const channel = Object.values(asyncapi.channels as Record<string, { address: string; messages: Record<string, unknown> }>).find(
    (c) => c.address === "/ws/chat",
  )!;
  assert.ok(channel, "the chat channel is documented");
  // One message per client message type (from the MessageRouter), and the server's ChatOut.
  assert.deepEqual(Object.keys(channel.messages), ["join", "leave", "say", "history", "typing", "ping", "ChatOut"]);
  assert.deepEqual((channel.messages.say as { payload: unknown }).payload, { $ref: "#/components/schemas/SayMessage" });
  for (const name of ["JoinMessage", "SayMessage", "HistoryRequest", "TypingMessage", "PingMessage", "ChatMessage", "PresenceEvent", "AuthFailed"]) {
    assert.ok(asyncapi.components.schemas[name], `${name} in AsyncAPI components`);
  }
  const openapi = (await dev.get("/openapi.json")).json();
  assert.ok(openapi.paths["/token"].post.requestBody.content["application/x-www-form-urlencoded"], "the password form is documented");
  assert.deepEqual(openapi.paths["/api/rooms"].get.security, [{ OAuth2PasswordBearer: [] }]);

  await using prod = new TestClient(testApp({ serviceName: "chat-prod", debug: false }).app);
  for (const path of ["/docs", "/redoc", "/openapi.json", "/asyncapi.json"]) assert.equal((await prod.get(path)).status, 404, path);
  assert.equal((await prod.get("/healthz")).status, 200);
});

test("logs: each connection's lines carry its request id and the user; tokens never appear", async () => {
  const { app, lines, raw } = testApp();
  await using client = new TestClient(app);
  const token = await login(client, "alice");
  const ws = await client.websocketConnect("/ws/chat", { query: { token } });
  const { connectionId } = await ws.receiveJson();
  await join(ws, "general");
  await ws.close();
  await ws.serverDone;
  // The handshake's access-log line carries the id too; here only the chat's own lines count.
  const mine = lines.filter((l) => l.requestId === connectionId && !("status" in l));
  assert.deepEqual(
    mine.map((l) => l.msg),
    ["chat connected", "joined room", "left room", "chat disconnected"],
  );
  assert.ok(mine.every((l) => l.user === "alice"));
  const bad = await client.websocketConnect("/ws/chat", { query: { token: `${token}x` } });
  await bad.closed;
  const refused = lines.find((l) => l.msg === "websocket authentication failed");
  assert.deepEqual(
    { reason: refused?.reason, service: refused?.service, level: refused?.level },
    { reason: "invalid token", service: "chat", level: 40 },
  );
  assert.equal(typeof refused?.requestId, "string");
  assert.ok(!raw().includes(token.split(".")[2]!), "no token signature in the logs");
});
