// Two chat instances sharing one Redis form one chat: messages, presence, typing, history and resume cross over.
// Skipped (saying why) without Redis, failed instead under SKIFF_REQUIRE_REDIS=1.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { TestClient } from "skiffjs/testing";
import { REDIS_URL, deleteKeys, redisSkipReason, uniquePrefix } from "../broadcast/helpers.ts";
import { connect, join, login, receiveUntil, sayId, testApp, until } from "./helpers.ts";

const skip = await redisSkipReason();
const prefix = uniquePrefix();
const broadcastUrl = `${REDIS_URL}/0?prefix=${encodeURIComponent(prefix)}`;

after(async () => {
  if (!skip) await deleteKeys(prefix);
});

test("two instances on one Redis: presence, messages, typing, history and rooms are shared", { skip }, async () => {
  await using one = new TestClient(testApp({ broadcastUrl }).app);
  await using two = new TestClient(testApp({ broadcastUrl }).app);
  assert.deepEqual((await two.get("/readyz")).json(), { status: "ready", broadcast: "redis", store: "redis" });

  const alice = await connect(one, "alice");
  const bob = await connect(two, "bob");
  await join(alice, "general");
  const joined = await join(bob, "general");
  assert.deepEqual(
    joined.members.map((m: { username: string }) => m.username),
    ["alice", "bob"],
  );
  await receiveUntil(alice, (f) => f.type === "presence" && f.user.username === "bob");

  bob.sendJson({ type: "typing", room: "general" });
  assert.equal((await receiveUntil(alice, (f) => f.type === "typing")).user, "bob");

  alice.sendJson({ type: "say", id: sayId(), room: "general", text: "across instances" });
  const atBob = await receiveUntil(bob, (f) => f.type === "message");
  const atAlice = await receiveUntil(alice, (f) => f.type === "message");
  assert.deepEqual(atBob, atAlice);
  assert.equal(atBob.text, "across instances");

  // History is written just after the message is published: it may trail the live event by a Redis round trip.
  const headers = { authorization: `Bearer ${await login(two, "carol")}` };
  const history = async () => (await two.get("/api/rooms/general/history", { headers })).json().messages;
  await until(async () => (await history()).length > 0, "the message in the shared history");
  assert.deepEqual(await history(), [atAlice]);
  bob.sendJson({ type: "history", room: "general" });
  assert.deepEqual((await receiveUntil(bob, (f) => f.type === "history")).messages, [atAlice]);
  const rooms = (await two.get("/api/rooms", { headers })).json().rooms;
  assert.deepEqual(
    rooms.find((r: { name: string }) => r.name === "general"),
    { name: "general", online: 2 },
  );

  await alice.close();
  const left = await receiveUntil(bob, (f) => f.type === "presence" && f.event === "leave");
  assert.deepEqual(
    left.members.map((m: { username: string }) => m.username),
    ["bob"],
  );
});

test("resume on another instance: events missed while away replay from the Redis stream", { skip }, async () => {
  await using one = new TestClient(testApp({ broadcastUrl }).app);
  await using two = new TestClient(testApp({ broadcastUrl }).app);
  const alice = await connect(one, "alice");
  const bob = await connect(two, "bob");
  await join(alice, "resume");
  await join(bob, "resume");
  alice.sendJson({ type: "say", id: sayId(), room: "resume", text: "seen" });
  const seen = await receiveUntil(bob, (f) => f.type === "message");
  await bob.close(1001);

  alice.sendJson({ type: "say", id: sayId(), room: "resume", text: "missed" });
  await receiveUntil(alice, (f) => f.type === "message" && f.text === "missed");

  const back = await connect(one, "bob"); // the load balancer sent bob to the other instance
  await join(back, "resume", seen.id);
  assert.equal((await receiveUntil(back, (f) => f.type === "message")).text, "missed");
});
