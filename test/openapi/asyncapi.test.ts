import { test } from "node:test";
import assert from "node:assert/strict";
import { App, Depends, MessageRouter, t } from "skiffjs";
import { buildShopApp } from "./shop-app.ts";

type Doc = { [key: string]: any };

test("every WebSocket route is a channel: address with path params, query as the ws binding, tags, title", () => {
  const doc: Doc = buildShopApp().asyncapi();
  assert.equal(doc.asyncapi, "3.0.0");
  assert.deepEqual(doc.info, { title: "Shop", version: "1.2.0", description: "Items, users and chat." });
  assert.equal(doc.defaultContentType, "application/json");
  assert.deepEqual(Object.keys(doc.channels), ["ws_chat_room", "ws_echo"]);
  const { messages, ...chat } = doc.channels.ws_chat_room;
  assert.deepEqual(chat, {
    address: "/ws/chat/{room}",
    title: "Chat",
    summary: "Chat room",
    parameters: { room: {} },
    bindings: {
      ws: {
        method: "GET",
        query: { type: "object", properties: { token: { type: "string", title: "Token" } }, required: ["token"] },
        bindingVersion: "0.1.0",
      },
    },
    tags: [{ name: "chat" }],
  });
  assert.deepEqual(Object.keys(messages), ["join", "say", "ChatOut"]);
});

test("a MessageRouter gives one message per type, its payload the whole message with `type` fixed", () => {
  const doc: Doc = buildShopApp().asyncapi();
  assert.deepEqual(doc.channels.ws_chat_room.messages.join, {
    name: "join",
    title: "Join",
    payload: {
      type: "object",
      required: ["type", "room"],
      properties: { type: { type: "string", const: "join" }, room: { type: "string" } },
    },
  });
  assert.deepEqual(doc.channels.ws_chat_room.messages.ChatOut, {
    name: "ChatOut",
    title: "ChatOut",
    payload: { $ref: "#/components/schemas/ChatOut" },
  });
  assert.deepEqual(doc.components.schemas.ChatOut.title, "ChatOut");
});

test("operations are written from the server's side: it receives messages.in and sends messages.out", () => {
  const doc: Doc = buildShopApp().asyncapi();
  assert.deepEqual(doc.operations.receive_ws_chat_room, {
    action: "receive",
    channel: { $ref: "#/channels/ws_chat_room" },
    summary: "Messages the client sends",
    messages: [{ $ref: "#/channels/ws_chat_room/messages/join" }, { $ref: "#/channels/ws_chat_room/messages/say" }],
    tags: [{ name: "chat" }],
  });
  assert.deepEqual(doc.operations.send_ws_chat_room.messages, [{ $ref: "#/channels/ws_chat_room/messages/ChatOut" }]);
  assert.equal(doc.operations.send_ws_chat_room.action, "send");
  // One schema both ways (an echo) is one message that both operations use.
  assert.deepEqual(Object.keys(doc.channels.ws_echo.messages), ["message"]);
  assert.deepEqual(doc.operations.receive_ws_echo.messages, doc.operations.send_ws_echo.messages);
});

test("dependencies' query and headers join the binding; declared path params keep description and enum", () => {
  const auth = Depends({ headers: { "x-api-key": t.String() }, query: { v: t.Optional(t.Integer()) } }, function auth() {
    return 1;
  });
  const doc: Doc = new App()
    .websocket(
      "/rooms/{kind}/{room_id:int}",
      {
        path: { kind: t.Union([t.Literal("public"), t.Literal("private")], { description: "Who may join" }) },
        deps: { auth },
        messages: { in: t.Object({ text: t.String() }), out: t.Object({ echo: t.String() }, { title: "Echo" }) },
      },
      async (ws) => ws.accept(),
    )
    .asyncapi();
  const channel = doc.channels.rooms_kind_room_id;
  assert.equal(channel.address, "/rooms/{kind}/{room_id}");
  assert.deepEqual(channel.parameters, { kind: { description: "Who may join" }, room_id: {} });
  assert.deepEqual(channel.bindings.ws.query, { type: "object", properties: { v: { type: "integer", title: "V" } } });
  assert.deepEqual(channel.bindings.ws.headers, {
    type: "object",
    properties: { "x-api-key": { type: "string", title: "X-Api-Key" } },
    required: ["x-api-key"],
  });
  assert.deepEqual(
    Object.entries(channel.messages).map(([key, message]: [string, any]) => [key, message.title]),
    [
      ["clientMessage", "Client Message"],
      ["serverMessage", "Echo"],
    ],
  );
});

test("a route without messages is still a channel, with no operations; hidden routes and HTTP routes are left out", () => {
  const doc: Doc = new App()
    .get("/http", () => 1)
    .websocket("/ws/raw", async (ws) => ws.accept())
    .websocket("/ws/hidden", { includeInSchema: false }, async (ws) => ws.accept())
    .asyncapi();
  assert.deepEqual(doc.channels, { ws_raw: { address: "/ws/raw", messages: {}, bindings: { ws: { method: "GET", bindingVersion: "0.1.0" } } } });
  assert.deepEqual(doc.operations, {});
});

test("absolute servers become AsyncAPI servers with ws/wss", () => {
  const doc: Doc = new App({ servers: [{ url: "https://api.example.com/v2", description: "Production" }, { url: "/relative" }] })
    .websocket("/ws", async (ws) => ws.accept())
    .asyncapi();
  assert.deepEqual(doc.servers, { api_example_com: { host: "api.example.com", protocol: "wss", pathname: "/v2", description: "Production" } });
});

test("a MessageRouter schema with its own `type` and $id is documented by reference", () => {
  const Join = t.Object({ type: t.Literal("join"), room: t.String() }, { $id: "Join" });
  const router = new MessageRouter().on("join", Join, async () => {});
  const doc: Doc = new App().websocket("/ws", { messages: { in: router as never } }, async (ws) => ws.accept()).asyncapi();
  assert.deepEqual(doc.channels.ws.messages.join.payload, { $ref: "#/components/schemas/Join" });
  assert.deepEqual(Object.keys(doc.components.schemas), ["Join"]);
});
