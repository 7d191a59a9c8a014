// The typed WebSocket client over a real socket, with `ws` as the WebSocket implementation (Node 20 has none).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { WebSocket } from "ws";
import type { RunningServer } from "skiffjs";
import { createClient } from "skiffjs/client";
import { createFixtureApp, type FixtureApp } from "./fixture-app.ts";

let server: RunningServer;
before(async () => {
  server = await createFixtureApp().listen({ port: 0 });
});
after(() => server.close());

const api = () => createClient<FixtureApp>(server.url, { WebSocket });

async function collect<T>(messages: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const message of messages) out.push(message);
  return out;
}

test("typed echo: sends queue until open, messages arrive JSON-decoded, iteration ends when the server closes", async () => {
  const chat = api().websocket("/ws/chat", { query: { token: "good" } });
  chat.send({ type: "say", text: "hi" }); // before the handshake: queued
  chat.send({ type: "say", text: "ahoy" });
  chat.send({ type: "say", text: "bye" });
  assert.deepEqual(await collect(chat), [
    { from: "server", text: "HI" },
    { from: "server", text: "AHOY" },
  ]);
  assert.deepEqual(await chat.closed, { code: 1000, reason: "bye" });
  await chat.opened;
});

test("the server's close code and reason reach `closed`", async () => {
  const chat = api().websocket("/ws/chat", { query: { token: "wrong" } });
  await chat.opened;
  assert.deepEqual(await collect(chat), []);
  assert.deepEqual(await chat.closed, { code: 4001, reason: "bad token" });
  assert.throws(() => chat.send({ type: "say", text: "late" }), /closed or closing/);
});

test("a message the route's `messages.in` refuses: the server closes with 1008 naming the field", async () => {
  const chat = api().websocket("/ws/chat", { query: { token: "good" } });
  chat.send({ type: "say", text: 5 } as never);
  assert.deepEqual(await collect(chat), []);
  const { code, reason } = await chat.closed;
  assert.equal(code, 1008);
  assert.match(reason, /text/);
});

test("subprotocols are offered and the chosen one is exposed", async () => {
  const chat = api().websocket("/ws/chat", { query: { token: "good" }, protocols: ["chat.v1"] });
  await chat.opened;
  assert.equal(chat.protocol, "chat.v1");
  chat.close(1000, "done");
  assert.deepEqual(await chat.closed, { code: 1000, reason: "done" }); // the server's answer echoes our close
});

test("path params are encoded; client headers (a function) and the call's headers reach the handshake with `ws`", async () => {
  const client = createClient<FixtureApp>(server.url, { WebSocket, headers: async () => ({ authorization: "Bearer from-client" }) });
  const a = client.websocket("/ws/whoami/{room}", { path: { room: "a b/c" } });
  assert.deepEqual(await collect(a), [{ room: "a b/c", authorization: "Bearer from-client" }]);
  const b = client.websocket("/ws/whoami/{room}", { path: { room: "x" }, headers: { authorization: "Bearer mine" } });
  assert.deepEqual(await collect(b), [{ room: "x", authorization: "Bearer mine" }]);
});

test("close() without a code closes normally: the server answers 1000, not 1005 (no status)", async () => {
  const chat = api().websocket("/ws/chat", { query: { token: "good" } });
  await chat.opened;
  chat.close();
  assert.equal((await chat.closed).code, 1000);
});

test("a refused handshake: `opened` rejects, iteration throws, `closed` reports 1006", async () => {
  const ws = api().websocket("/ws/refused");
  await assert.rejects(ws.opened, /handshake to ws:\/\/127\.0\.0\.1:\d+\/ws\/refused failed: Unexpected server response: 403/);
  await assert.rejects(collect(ws), /handshake/);
  assert.deepEqual(await ws.closed, { code: 1006, reason: "" });
});

test("closing before the handshake completes ends quietly", async () => {
  const chat = api().websocket("/ws/chat", { query: { token: "good" } });
  chat.close();
  assert.deepEqual(await collect(chat), []);
  assert.equal((await chat.closed).code, 1006);
  await assert.rejects(chat.opened);
});

test("without a WebSocket implementation the error says what to pass", {
  skip: typeof globalThis.WebSocket !== "undefined" && "this Node has a global WebSocket",
}, () => {
  const client = createClient<FixtureApp>(server.url);
  assert.throws(() => client.websocket("/ws/chat", { query: { token: "good" } }), /pass one with createClient\(url, \{ WebSocket \}\)/);
});
