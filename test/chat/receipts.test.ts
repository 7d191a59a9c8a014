// Every `say` carries a client message id and gets a receipt that says exactly whether the room got it; a retry with
// the same id never posts twice. The cases the issue found: Redis gone (nothing went out: "send it again"), and a
// history write failing after the message went out (it did go out: sent).
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { TestClient } from "skiffjs/testing";
import { MemoryStore } from "../../examples/chat/memory-store.ts";
import type { ChatMessageOut } from "../../examples/chat/messages.ts";
import type { HistoryLimits } from "../../examples/chat/store.ts";
import { REDIS_URL, RedisProxy, deleteKeys, redisSkipReason, uniquePrefix } from "../broadcast/helpers.ts";
import { assertNone, connect, join, mintToken, receiveUntil, testApp, until } from "./helpers.ts";

test("say gets a receipt with the message's event id; the message carries the client id", async () => {
  await using client = new TestClient(testApp().app);
  const alice = await connect(client, "alice");
  const bob = await connect(client, "bob");
  await join(alice, "general");
  await join(bob, "general");
  alice.sendJson({ type: "say", id: "a-1", room: "general", text: "hello" });
  const receipt = await receiveUntil(alice, (f) => f.type === "receipt");
  const atBob = await receiveUntil(bob, (f) => f.type === "message");
  assert.deepEqual(receipt, { type: "receipt", id: "a-1", room: "general", sent: true, messageId: atBob.id });
  assert.equal(atBob.clientId, "a-1");
  assert.equal(atBob.text, "hello");
});

test("a retry with the same id — after the answer, or while the first is in flight — is not posted again", async () => {
  const { app } = testApp();
  await using client = new TestClient(app);
  const alice = await connect(client, "alice");
  const bob = await connect(client, "bob");
  await join(alice, "general");
  await join(bob, "general");
  for (let i = 0; i < 3; i++) alice.sendJson({ type: "say", id: "dup-1", room: "general", text: "only once" });
  const receipts = [];
  for (let i = 0; i < 3; i++) receipts.push(await receiveUntil(alice, (f) => f.type === "receipt"));
  assert.equal(new Set(receipts.map((r) => JSON.stringify(r))).size, 1, "three identical receipts");
  assert.equal(receipts[0].sent, true);
  const first = await receiveUntil(bob, (f) => f.type === "message");
  await assertNone(bob, (f) => f.type === "message", 300);

  // A retry from another connection of the same user (a reconnect) gets the same answer, and bob nothing new.
  const again = await connect(client, "alice");
  await join(again, "general");
  again.sendJson({ type: "say", id: "dup-1", room: "general", text: "only once" });
  assert.deepEqual(await receiveUntil(again, (f) => f.type === "receipt"), receipts[0]);
  await assertNone(bob, (f) => f.type === "message", 300);
  const history = (await client.get("/api/rooms/general/history", { headers: { authorization: `Bearer ${await mintToken("carol")}` } })).json();
  assert.deepEqual(
    history.messages.map((m: { id: string }) => m.id),
    [first.id],
  );

  // Ids are per user: bob's "dup-1" is his own message.
  bob.sendJson({ type: "say", id: "dup-1", room: "general", text: "mine" });
  assert.equal((await receiveUntil(alice, (f) => f.type === "message" && f.from === "bob")).text, "mine");
});

test("over HTTP, posting twice with the same id answers the same message", async () => {
  await using client = new TestClient(testApp().app);
  const headers = { authorization: `Bearer ${await mintToken("bob")}` };
  const one = await client.post("/api/rooms/general/messages", { headers, json: { text: "curl retry", id: "h-1" } });
  const two = await client.post("/api/rooms/general/messages", { headers, json: { text: "curl retry", id: "h-1" } });
  assert.equal(one.status, 201);
  assert.deepEqual(two.json(), one.json());
  assert.equal((await client.get("/api/rooms/general/history", { headers })).json().messages.length, 1);
});

/** A store whose history writes fail while `failing`: Redis restarting under the store but not the broadcast. */
class FlakyHistory extends MemoryStore {
  failing = false;
  override async append(room: string, message: ChatMessageOut, limits: HistoryLimits): Promise<void> {
    if (this.failing) throw new Error("Connection is closed.");
    return super.append(room, message, limits);
  }
}

test("the history write fails after the message went out: the receipt says sent, not 'try again'", async () => {
  const store = new FlakyHistory();
  const { app, lines } = testApp({}, { store });
  await using client = new TestClient(app);
  const alice = await connect(client, "alice");
  const bob = await connect(client, "bob");
  await join(alice, "general");
  await join(bob, "general");
  store.failing = true;
  alice.sendJson({ type: "say", id: "h-fail", room: "general", text: "delivered anyway" });
  const receipt = await receiveUntil(alice, (f) => f.type === "receipt");
  const atBob = await receiveUntil(bob, (f) => f.type === "message");
  assert.deepEqual(receipt, { type: "receipt", id: "h-fail", room: "general", sent: true, messageId: atBob.id });
  await assertNone(alice, (f) => f.type === "error");
  assert.ok(lines.some((l) => l.msg === "history write failed" && l.room === "general" && l.level === 40));
});

const skip = await redisSkipReason();
const prefix = uniquePrefix();
after(async () => {
  if (!skip) await deleteKeys(prefix);
});

test("on Redis, a retry that reaches another instance after a reconnect gets the same receipt and is not posted twice", { skip }, async () => {
  const broadcastUrl = `${REDIS_URL}/0?prefix=${encodeURIComponent(prefix)}`;
  await using one = new TestClient(testApp({ broadcastUrl }).app);
  await using two = new TestClient(testApp({ broadcastUrl }).app);
  const alice = await connect(one, "alice");
  const bob = await connect(two, "bob");
  await join(alice, "cross");
  await join(bob, "cross");
  alice.sendJson({ type: "say", id: "x-1", room: "cross", text: "once across instances" });
  const receipt = await receiveUntil(alice, (f) => f.type === "receipt");
  await receiveUntil(bob, (f) => f.type === "message" && f.clientId === "x-1");
  await alice.close(1001);

  const back = await connect(two, "alice"); // the load balancer sent the reconnect to the other instance
  await join(back, "cross");
  back.sendJson({ type: "say", id: "x-1", room: "cross", text: "once across instances" });
  assert.deepEqual(await receiveUntil(back, (f) => f.type === "receipt"), receipt);
  await assertNone(bob, (f) => f.type === "message" && f.clientId === "x-1", 300);
  const headers = { authorization: `Bearer ${await mintToken("carol")}` };
  await until(async () => (await two.get("/api/rooms/cross/history", { headers })).json().messages.length > 0, "the history written");
  assert.equal((await two.get("/api/rooms/cross/history", { headers })).json().messages.length, 1);
});

test("Redis away: the receipt says not sent and nobody got it; the retry after it is back goes out once", { skip }, async () => {
  const proxy = new RedisProxy();
  await proxy.start();
  try {
    const { app } = testApp({ broadcastUrl: `${proxy.url.replace(/\/\d*$/, "")}/0?prefix=${encodeURIComponent(prefix)}` });
    await using client = new TestClient(app);
    const alice = await connect(client, "alice");
    const bob = await connect(client, "bob");
    await join(alice, "general");
    await join(bob, "general");

    proxy.hold("command"); // the broadcast's command connection cannot come back yet
    proxy.cut();
    alice.sendJson({ type: "say", id: "r-1", room: "general", text: "while Redis restarts" });
    const refused = await receiveUntil(alice, (f) => f.type === "receipt", 10_000);
    assert.deepEqual(refused, {
      type: "receipt",
      id: "r-1",
      room: "general",
      sent: false,
      msg: "Not sent: the chat is unavailable right now; send it again",
    });

    proxy.release("command");
    await until(async () => (await client.get("/readyz")).status === 200, "the chat ready again", 10_000);
    alice.sendJson({ type: "say", id: "r-1", room: "general", text: "while Redis restarts" });
    const sent = await receiveUntil(alice, (f) => f.type === "receipt", 5000);
    assert.equal(sent.sent, true);
    const atBob = await receiveUntil(bob, (f) => f.type === "message" && f.clientId === "r-1", 5000);
    assert.equal(atBob.id, sent.messageId);
    alice.sendJson({ type: "say", id: "r-1", room: "general", text: "while Redis restarts" });
    assert.deepEqual(await receiveUntil(alice, (f) => f.type === "receipt", 5000), sent);
    await assertNone(bob, (f) => f.type === "message" && f.clientId === "r-1", 300);
  } finally {
    await proxy.stop();
  }
});
