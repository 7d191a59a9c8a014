// MessageRouter: typed handlers chosen by `type`, error frames that keep the connection, schemas for AsyncAPI.
import assert from "node:assert/strict";
import { test } from "node:test";
import Type from "typebox";
import { z } from "zod";
import { connectInMemory } from "../../src/testing/memory-peer.ts";
import { MessageRouter } from "../../src/websocket/message-router.ts";
import type { WebSocket } from "../../src/websocket/websocket.ts";

const Join = Type.Object({ room: Type.String() });
const Say = Type.Object({ type: Type.Literal("say"), text: Type.String({ minLength: 1 }) });

function chatRouter(log: string[]) {
  return new MessageRouter<{ user: string }>()
    .on("join", Join, async (msg, ws, ctx) => {
      const room: string = msg.room;
      const type: "join" = msg.type;
      log.push(`${ctx.user} ${type} ${room}`);
      await ws.sendJson({ joined: room });
    })
    .on("say", Say, async (msg, ws) => {
      await ws.sendJson({ said: msg.text });
    });
}

async function session(router: ReturnType<typeof chatRouter>) {
  return connectInMemory(
    {},
    async (ws: WebSocket) => {
      await ws.accept();
      for await (const message of ws.iterJson()) await router.dispatch(ws, message, { user: "alice" });
    },
    { url: "ws://testserver/chat", requestId: "t" },
  );
}

test("dispatches by type to a handler that gets the validated, typed message and the context", async () => {
  const log: string[] = [];
  const ws = await session(chatRouter(log));
  ws.sendJson({ type: "join", room: "lobby" });
  assert.deepEqual(await ws.receiveJson(), { joined: "lobby" });
  ws.sendJson({ type: "say", text: "hi" });
  assert.deepEqual(await ws.receiveJson(), { said: "hi" });
  assert.deepEqual(log, ["alice join lobby"]);
  await ws.close();
});

test("an unknown type gets an error frame in the 422 shape and the connection stays open", async () => {
  const ws = await session(chatRouter([]));
  ws.sendJson({ type: "dance" });
  assert.deepEqual(await ws.receiveJson(), {
    type: "error",
    detail: [
      {
        type: "union_tag_invalid",
        loc: ["message"],
        msg: "Input tag 'dance' found using 'type' does not match any of the expected tags: 'join', 'say'",
        input: { type: "dance" },
        ctx: { discriminator: "'type'", tag: "dance", expected_tags: "'join', 'say'" },
      },
    ],
  });
  ws.sendJson({ room: "no type" });
  const missing = await ws.receiveJson();
  assert.equal(missing.detail[0].type, "union_tag_not_found");
  assert.equal(missing.detail[0].msg, "Unable to extract tag using discriminator 'type'");
  ws.sendJson([1, 2]);
  assert.equal((await ws.receiveJson()).detail[0].type, "model_attributes_type");
  ws.sendJson({ type: "join", room: "still open" });
  assert.deepEqual(await ws.receiveJson(), { joined: "still open" });
  await ws.close();
});

test("an invalid payload gets an error frame whose loc names the field under 'message'", async () => {
  const ws = await session(chatRouter([]));
  ws.sendJson({ type: "join", room: 5 });
  const frame = await ws.receiveJson();
  assert.equal(frame.type, "error");
  assert.deepEqual(
    frame.detail.map((issue: { loc: unknown[] }) => issue.loc),
    [["message", "room"]],
  );
  assert.equal(frame.detail[0].type, "string_type");
  ws.sendJson({ type: "say", text: "" });
  const short = await ws.receiveJson();
  assert.deepEqual(short.detail[0].loc, ["message", "text"]);
  assert.equal(short.detail[0].type, "string_too_short");
  await ws.close();
});

test("dispatch resolves true when a handler ran and false when an error frame was sent", async () => {
  const results: boolean[] = [];
  const router = new MessageRouter().on("ping", Type.Object({}), async (_msg, ws) => ws.sendText("pong"));
  const ws = await connectInMemory(
    {},
    async (server: WebSocket) => {
      await server.accept();
      for await (const message of server.iterJson()) results.push(await router.dispatch(server, message));
    },
    { url: "ws://testserver/", requestId: "t" },
  );
  ws.sendJson({ type: "ping" });
  assert.equal(await ws.receiveText(), "pong");
  ws.sendJson({ type: "pong" });
  await ws.receiveJson();
  await ws.close();
  await ws.serverDone;
  assert.deepEqual(results, [true, false]);
});

test("messages() lists each type with its schema and the whole message's JSON Schema", () => {
  const router = chatRouter([]);
  const messages = router.messages();
  assert.deepEqual(
    messages.map((message) => message.type),
    ["join", "say"],
  );
  assert.equal(messages[0].schema, Join);
  assert.deepEqual(messages[0].messageSchema.required, ["type", "room"]);
  assert.deepEqual((messages[0].messageSchema.properties as Record<string, unknown>).type, { type: "string", const: "join" });
  assert.deepEqual(messages[1].messageSchema, { ...Say });
});

test("registering a type twice, or a bad type, fails at registration", () => {
  const router = new MessageRouter().on("a", Type.Object({}), () => {});
  assert.throws(() => router.on("a", Type.Object({}), () => {}), /a handler for type "a" is already registered/);
  assert.throws(() => router.on("", Type.Object({}), () => {}), /type must be a non-empty string/);
});

test("the router's type lists the union of its messages", () => {
  const router = chatRouter([]);
  type Accepted = typeof router.Messages;
  const join: Accepted = { type: "join", room: "r" };
  const say: Accepted = { type: "say", text: "t" };
  // @ts-expect-error — "dance" is not a registered type
  const dance: Accepted = { type: "dance" };
  assert.ok(join && say && dance);
});

test("Standard Schema (Zod) message schemas validate and type the message too", async () => {
  const router = new MessageRouter().on("move", z.object({ x: z.number(), y: z.number() }), async (msg, ws) => {
    const sum: number = msg.x + msg.y;
    await ws.sendJson({ type: msg.type, sum });
  });
  const ws = await connectInMemory(
    {},
    async (server: WebSocket) => {
      await server.accept();
      for await (const message of server.iterJson()) await router.dispatch(server, message);
    },
    { url: "ws://testserver/", requestId: "t" },
  );
  ws.sendJson({ type: "move", x: 1, y: 2 });
  assert.deepEqual(await ws.receiveJson(), { type: "move", sum: 3 });
  ws.sendJson({ type: "move", x: "1", y: 2 });
  const frame = await ws.receiveJson();
  assert.equal(frame.type, "error");
  assert.deepEqual(frame.detail[0].loc, ["message", "x"]);
  assert.deepEqual((router.messages()[0].messageSchema.properties as Record<string, unknown>).type, { type: "string", const: "move" });
  await ws.close();
});
