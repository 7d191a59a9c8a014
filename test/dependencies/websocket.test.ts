import { test } from "node:test";
import assert from "node:assert/strict";
import { WebSocket as WsClient } from "ws";
import { App, Depends } from "skiffjs";
import { app as seedApp } from "../../examples/chat-router/main.ts";
import { TestClient } from "skiffjs/testing";
import { deferred } from "./helpers.ts";

test("WebSocket routes take the same dependencies; generator teardown runs when the connection ends", async () => {
  const events: string[] = [];
  const done = deferred();
  const db = Depends(async function* db() {
    events.push("open");
    try {
      yield "db";
    } finally {
      events.push("close");
      done.resolve();
    }
  });
  const user = Depends({ query: { token: (await import("skiffjs")).t.String() }, deps: { db } }, ({ query, deps }) => `${query.token}@${deps.db}`);
  const app = new App().websocket("/ws", { deps: { user } }, async (ws, { deps }) => {
    await ws.accept();
    events.push("accepted");
    await ws.sendText(deps.user);
    await ws.receiveText();
  });
  const session = await new TestClient(app).websocketConnect("/ws", { query: { token: "t1" } });
  assert.equal(await session.receiveText(), "t1@db");
  assert.deepEqual(events, ["open", "accepted"], "no teardown while the connection is open");
  await session.close();
  await done.promise;
  assert.deepEqual(events, ["open", "accepted", "close"]);
});

/** The seed's `websocket_authentication` pattern, as examples/chat-router writes it. */
function talk(url: string, send?: unknown): Promise<{ messages: unknown[]; code: number; reason: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WsClient(url);
    const messages: unknown[] = [];
    ws.on("message", (data) => {
      messages.push(JSON.parse(data.toString()));
      if (send !== undefined && messages.length === 1) ws.send(JSON.stringify(send));
      else if (send !== undefined) ws.close(1000);
    });
    ws.on("close", (code, reason) => resolve({ messages, code, reason: reason.toString() }));
    ws.on("error", reject);
  });
}

test("the seed's websocket_authentication over a real socket: token not found, invalid token, welcome", async () => {
  const server = await seedApp.listen({ port: 0 });
  const base = `${server.url.replace("http", "ws")}/ws/chat`;
  try {
    assert.deepEqual(await talk(base), {
      messages: [{ status: 40001, message: "Authentication failed: token not found" }],
      code: 4001,
      reason: "Authentication failed: token not found",
    });
    assert.deepEqual(await talk(`${base}?token=forged`), {
      messages: [{ status: 40001, message: "Authentication failed: invalid token" }],
      code: 4001,
      reason: "Authentication failed: invalid token",
    });
    const ok = await talk(`${base}?token=alice-token`, { text: "hi" });
    assert.deepEqual(ok.messages, [
      { status: 0, message: "welcome, alice" },
      { status: 0, from: "alice", message: { text: "hi" } },
    ]);
    assert.equal(ok.code, 1000);
  } finally {
    await server.close();
  }
});
