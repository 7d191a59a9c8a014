import { test } from "node:test";
import assert from "node:assert/strict";
import { WebSocket as WsClient } from "ws";
import { TestClient } from "skiffjs/testing";
import { app } from "../../examples/chat-router/main.ts";

test("chat router: a valid token is welcomed by name and messages are echoed with the sender", async () => {
  await using client = new TestClient(app);
  const ws = await client.websocketConnect("/ws/chat", { query: { token: "alice-token" } });
  assert.deepEqual(await ws.receiveJson(), { status: 0, message: "welcome, alice" });
  await ws.sendJson({ text: "hi" });
  assert.deepEqual(await ws.receiveJson(), { status: 0, from: "alice", message: { text: "hi" } });
  await ws.close();
});

test("chat router: no token and a bad token are answered as the seed does, then closed", async () => {
  await using client = new TestClient(app);
  const missing = await client.websocketConnect("/ws/chat");
  assert.deepEqual(await missing.receiveJson(), { status: 40001, message: "Authentication failed: token not found" });
  assert.deepEqual(await missing.closed, { code: 4001, reason: "Authentication failed: token not found" });

  const bad = await client.websocketConnect("/ws/chat", { query: { token: "forged" } });
  assert.deepEqual(await bad.receiveJson(), { status: 40001, message: "Authentication failed: invalid token" });
  assert.equal((await bad.closed).code, 4001);
});

test("chat router over a real socket: the auth failure reaches a ws client", async () => {
  const server = await app.listen({ port: 0 });
  try {
    const ws = new WsClient(`${server.url.replace("http", "ws")}/ws/chat?token=nope`);
    const messages: unknown[] = [];
    ws.on("message", (data) => messages.push(JSON.parse(data.toString())));
    const closed = await new Promise<{ code: number; reason: string }>((resolve) =>
      ws.on("close", (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    assert.deepEqual(messages, [{ status: 40001, message: "Authentication failed: invalid token" }]);
    assert.deepEqual(closed, { code: 4001, reason: "Authentication failed: invalid token" });
  } finally {
    await server.close();
  }
});
