// Type-level checks (run by `tsc`): the generic WebSocket types its JSON, the router types its messages.
import assert from "node:assert/strict";
import { test } from "node:test";
import Type from "typebox";
import { MessageRouter } from "../../src/websocket/message-router.ts";
import type { WebSocket } from "../../src/websocket/websocket.ts";

type ChatIn = { type: "say"; text: string };
type ChatOut = { from: string; text: string };

// Never called: only compiled.
async function typed(ws: WebSocket<ChatIn, ChatOut>): Promise<void> {
  const message = await ws.receiveJson();
  const text: string = message.text;
  await ws.sendJson({ from: "server", text });
  // @ts-expect-error — `Out` fixes what sendJson accepts
  await ws.sendJson({ wrong: true });
  for await (const incoming of ws.iterJson()) {
    const kind: "say" = incoming.type;
    void kind;
  }
  // @ts-expect-error — the close code is a number
  await ws.close("1000");
}

async function untyped(ws: WebSocket): Promise<void> {
  const anything: unknown = await ws.receiveJson();
  await ws.sendJson({ any: "shape", n: [1, 2] });
  void anything;
}

test("types compile (see tsc)", () => {
  const router = new MessageRouter().on("join", Type.Object({ room: Type.String() }), (msg) => {
    const room: string = msg.room;
    // @ts-expect-error — not a field of the join schema
    void msg.text;
    void room;
  });
  // @ts-expect-error — dispatch needs the WebSocket and the message
  void (() => router.dispatch());
  assert.equal(typeof typed, "function");
  assert.equal(typeof untyped, "function");
});
