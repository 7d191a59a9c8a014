// docs/websockets.md: each sample answers what the page shows, through TestClient's in-memory WebSocket.
import { test } from "node:test";
import assert from "node:assert/strict";
import { WebSocketDenied } from "skiffjs";
import { TestClient } from "skiffjs/testing";
import { app as echo } from "../../docs/samples/websockets/echo.ts";
import { app as closeCodes } from "../../docs/samples/websockets/close-codes.ts";
import { app as messageRouter } from "../../docs/samples/websockets/message-router.ts";
import { app as tokenAuth } from "../../docs/samples/websockets/token-auth.ts";
import { app as acceptOptions } from "../../docs/samples/websockets/accept-options.ts";

// #region echo
test("websockets: the echo, and a close with a reason", async () => {
  await using client = new TestClient(echo);
  const ws = await client.websocketConnect("/ws");
  await ws.sendText("hello");
  assert.equal(await ws.receiveText(), "Message text was: hello");
  await ws.sendText("bye");
  assert.deepEqual(await ws.closed, { code: 1000, reason: "see you" });
});
// #endregion echo

test("websockets: refusing the handshake, closing with your own codes", async () => {
  await using client = new TestClient(closeCodes);
  const noToken = await client.websocketConnect("/rooms/lobby").then(
    () => undefined,
    (error: unknown) => error,
  );
  assert.ok(noToken instanceof WebSocketDenied);
  assert.equal(noToken.status, 401);
  assert.equal(noToken.body, '{"detail":"token required"}');
  const closed = await client.websocketConnect("/rooms/closed", { query: { token: "t" } }).catch((error: WebSocketDenied) => error);
  assert.equal((closed as WebSocketDenied).status, 403);

  const shouting = await client.websocketConnect("/rooms/lobby", { query: { token: "t" } });
  assert.deepEqual(await shouting.receiveJson(), { joined: "lobby" });
  await shouting.sendText("shout");
  assert.deepEqual(await shouting.closed, { code: 4003, reason: "no shouting" });

  const leaving = await client.websocketConnect("/rooms/lobby", { query: { token: "t" } });
  await leaving.receiveJson();
  await leaving.sendText("hi");
  assert.deepEqual(await leaving.closed, { code: 4000, reason: "left lobby" });

  const wrong = await client.websocketConnect("/wrong");
  assert.deepEqual(await wrong.closed, { code: 1011, reason: "" });
});

test("websockets: MessageRouter dispatches by type and answers bad messages with error frames", async () => {
  await using client = new TestClient(messageRouter);
  const ws = await client.websocketConnect("/chat", { query: { user: "ann" } });
  await ws.sendJson({ type: "join", room: "lobby" });
  assert.deepEqual(await ws.receiveJson(), { type: "joined", room: "lobby", user: "ann" });
  await ws.sendJson({ type: "join", room: "" });
  assert.deepEqual(await ws.receiveJson(), {
    type: "error",
    detail: [
      { type: "string_too_short", loc: ["message", "room"], msg: "String should have at least 1 character", input: "", ctx: { min_length: 1 } },
    ],
  });
  await ws.sendJson({ type: "dance" });
  const unknown = await ws.receiveJson();
  assert.equal(unknown.detail[0].type, "union_tag_invalid");
  await ws.sendJson({ type: "say", room: "lobby", text: "hi" });
  assert.deepEqual(await ws.receiveJson(), { type: "said", room: "lobby", user: "ann", text: "hi" });
  await ws.close();

  const asyncapi = (await client.get("/asyncapi.json")).json();
  assert.equal(asyncapi.asyncapi, "3.0.0");
  assert.deepEqual(Object.keys(asyncapi.channels.chat.messages), ["join", "say"]);
  assert.equal(asyncapi.channels.chat.address, "/chat");
});

test("websockets: authentication by query token, as the seed's chat", async () => {
  await using client = new TestClient(tokenAuth);
  for (const [query, why] of [
    [{}, "token not found"],
    [{ token: "nope" }, "invalid token"],
  ] as const) {
    const ws = await client.websocketConnect("/ws/chat", { query });
    assert.deepEqual(await ws.receiveJson(), { status: 40001, message: `Authentication failed: ${why}` });
    assert.deepEqual(await ws.closed, { code: 4001, reason: `Authentication failed: ${why}` });
  }
  const ws = await client.websocketConnect("/ws/chat", { query: { token: "alice-token" } });
  assert.deepEqual(await ws.receiveJson(), { status: 0, message: "welcome, alice" });
  await ws.sendJson({ text: "hi" });
  assert.deepEqual(await ws.receiveJson(), { status: 0, from: "alice", message: { text: "hi" } });
  await ws.close();
});

test("websockets: accept() picks a subprotocol the client offered and adds handshake headers", async () => {
  await using client = new TestClient(acceptOptions);
  const v2 = await client.websocketConnect("/chat", { subprotocols: ["chat.v1", "chat.v2"] });
  assert.equal(v2.acceptedSubprotocol, "chat.v2"); // the server's preference wins
  assert.deepEqual(v2.responseHeaders, { "set-cookie": "chat-version=chat.v2; Path=/; HttpOnly", "x-chat-server": "skiff" });
  assert.deepEqual(await v2.receiveJson(), { speaking: "chat.v2" });
  await v2.sendText("hi");
  assert.deepEqual(await v2.receiveJson(), { text: "hi" });
  await v2.close();

  const v1 = await client.websocketConnect("/chat", { subprotocols: ["chat.v1"] });
  assert.deepEqual(await v1.receiveJson(), { speaking: "chat.v1" });
  await v1.sendText("hi");
  assert.equal(await v1.receiveText(), "hi");
  await v1.close();

  const none = await client.websocketConnect("/chat").catch((error: unknown) => error);
  assert.ok(none instanceof WebSocketDenied);
  assert.equal(none.status, 403);
});
