// docs/broadcast.md: rooms in one process, resuming with ?since=, and two app instances sharing Redis.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { TestClient } from "skiffjs/testing";
import { deleteKeys, REDIS_URL, redisSkipReason, uniquePrefix } from "../broadcast/helpers.ts";

type RoomsApp = typeof import("../../docs/samples/broadcast/rooms.ts").app;
type PresenceApp = typeof import("../../docs/samples/broadcast/presence.ts").app;

/** A fresh copy of the sample (its own Broadcast), as a separate process would have, with BROADCAST_URL set. */
async function instance(url: string | undefined, name: string): Promise<RoomsApp>;
async function instance(url: string | undefined, name: string, sample: "presence"): Promise<PresenceApp>;
async function instance(url: string | undefined, name: string, sample = "rooms"): Promise<RoomsApp | PresenceApp> {
  if (url === undefined) delete process.env.BROADCAST_URL;
  else process.env.BROADCAST_URL = url;
  try {
    return (await import(`../../docs/samples/broadcast/${sample}.ts?instance=${name}`)).app;
  } finally {
    delete process.env.BROADCAST_URL;
  }
}

test("broadcast: everyone in the room gets each message, with an id to resume from", async () => {
  await using client = new TestClient(await instance(undefined, "memory"));
  const ann = await client.websocketConnect("/rooms/lobby");
  const bob = await client.websocketConnect("/rooms/lobby");
  await ann.sendText("hi");
  const first = await bob.receiveJson();
  assert.equal(first.message, "hi");
  assert.deepEqual(await ann.receiveJson(), first);
  await bob.sendText("hello");
  assert.equal((await ann.receiveJson()).message, "hello");
  await bob.receiveJson();

  const late = await client.websocketConnect(`/rooms/lobby?since=${first.id}`);
  assert.equal((await late.receiveJson()).message, "hello"); // what came after `first`, replayed
  const bad = await client.websocketConnect("/rooms/lobby?since=nope").catch((error: { status: number }) => error);
  assert.equal((bad as { status: number }).status, 400);
  await Promise.all([ann.close(), bob.close(), late.close()]);
});

test("presence: who is in a room, announced on join and leave; two tabs of one user are one member", async () => {
  await using client = new TestClient(await instance(undefined, "presence-memory", "presence"));
  const ann = await client.websocketConnect("/rooms/lobby?user=ann");
  assert.deepEqual(await ann.receiveJson(), { type: "presence", event: "join", user: "ann", members: ["ann"] });
  const bob = await client.websocketConnect("/rooms/lobby?user=bob");
  const bobJoined = { type: "presence", event: "join", user: "bob", members: ["ann", "bob"] };
  assert.deepEqual(await ann.receiveJson(), bobJoined);
  assert.deepEqual(await bob.receiveJson(), bobJoined);
  const bobAgain = await client.websocketConnect("/rooms/lobby?user=bob"); // a second tab
  assert.deepEqual(await ann.receiveJson(), bobJoined);
  assert.deepEqual((await client.get("/rooms/lobby/members")).json(), [
    { id: "ann", data: { name: "ann" } },
    { id: "bob", data: { name: "bob" } },
  ]);
  await bob.sendText("hi");
  assert.deepEqual(await ann.receiveJson(), { type: "say", user: "bob", text: "hi" });
  await bob.close();
  assert.deepEqual(await ann.receiveJson(), { type: "presence", event: "leave", user: "bob", members: ["ann", "bob"] });
  await bobAgain.close();
  assert.deepEqual(await ann.receiveJson(), { type: "presence", event: "leave", user: "bob", members: ["ann"] });
  await ann.close();
  const missing = await client.websocketConnect("/rooms/lobby").catch((error: { status: number }) => error);
  assert.equal((missing as { status: number }).status, 403); // ?user= is required: invalid parameters refuse the handshake
});

const skip = await redisSkipReason();
const prefix = uniquePrefix();
after(() => (skip ? undefined : deleteKeys(prefix)));

test("broadcast: two instances on one Redis form one room", { skip }, async () => {
  const url = `${REDIS_URL}?streams=1&prefix=${encodeURIComponent(prefix)}`;
  await using one = new TestClient(await instance(url, "redis-1"));
  await using two = new TestClient(await instance(url, "redis-2"));
  const ann = await one.websocketConnect("/rooms/lobby");
  const bob = await two.websocketConnect("/rooms/lobby");
  await ann.sendText("across machines");
  assert.equal((await bob.receiveJson()).message, "across machines");
  assert.equal((await ann.receiveJson()).message, "across machines");
  await Promise.all([ann.close(), bob.close()]);
});

test("presence: two instances on one Redis list the same members", { skip }, async () => {
  const url = `${REDIS_URL}?prefix=${encodeURIComponent(prefix)}`;
  await using one = new TestClient(await instance(url, "presence-redis-1", "presence"));
  await using two = new TestClient(await instance(url, "presence-redis-2", "presence"));
  const ann = await one.websocketConnect("/rooms/lobby?user=ann");
  await ann.receiveJson();
  const bob = await two.websocketConnect("/rooms/lobby?user=bob");
  assert.deepEqual(await ann.receiveJson(), { type: "presence", event: "join", user: "bob", members: ["ann", "bob"] });
  const members = (await one.get("/rooms/lobby/members")).json();
  assert.deepEqual(
    members.map((member: { id: string }) => member.id),
    ["ann", "bob"],
  );
  await bob.close();
  assert.deepEqual(await ann.receiveJson(), { type: "presence", event: "leave", user: "bob", members: ["ann"] });
  await ann.close();
});
