// The chat protocol through the TestClient: join, say, history, typing, ping, leave, resume — and error frames.
import assert from "node:assert/strict";
import { test } from "node:test";
import { TestClient } from "skiffjs/testing";
import { MAX_ROOMS } from "../../examples/chat/handlers.ts";
import { assertNone, connect, drain, join, mintToken, receiveUntil, sayId, testApp } from "./helpers.ts";

test("join answers with who is there; the others see a presence event with the new member list", async () => {
  await using client = new TestClient(testApp().app);
  const alice = await connect(client, "alice");
  const joinedA = await join(alice, "general");
  assert.deepEqual(joinedA, { type: "joined", room: "general", members: [{ username: "alice", fullName: "Alice Liddell" }] });

  const bob = await connect(client, "bob");
  const joinedB = await join(bob, "general");
  assert.deepEqual(
    joinedB.members.map((m: { username: string }) => m.username),
    ["alice", "bob"],
  );
  const presence = await receiveUntil(alice, (f) => f.type === "presence" && f.user.username === "bob");
  assert.equal(presence.event, "join");
  assert.equal(presence.room, "general");
  assert.match(presence.id, /^\d+-\d+$/);
  assert.deepEqual(
    presence.members.map((m: { username: string }) => m.username),
    ["alice", "bob"],
  );

  await bob.close();
  const left = await receiveUntil(alice, (f) => f.type === "presence" && f.event === "leave");
  assert.deepEqual(
    left.members.map((m: { username: string }) => m.username),
    ["alice"],
  );
});

test("say fans out to everyone in the room (the sender included) with an event id; other rooms hear nothing", async () => {
  await using client = new TestClient(testApp().app);
  const alice = await connect(client, "alice");
  const bob = await connect(client, "bob");
  const carol = await connect(client, "carol");
  await join(alice, "general");
  await join(bob, "general");
  await join(carol, "random");

  alice.sendJson({ type: "say", id: sayId(), room: "general", text: "hello bob" });
  const toBob = await receiveUntil(bob, (f) => f.type === "message");
  const toAlice = await receiveUntil(alice, (f) => f.type === "message");
  assert.deepEqual(toBob, toAlice);
  assert.equal(toBob.from, "alice");
  assert.equal(toBob.fullName, "Alice Liddell");
  assert.equal(toBob.text, "hello bob");
  assert.equal(toBob.room, "general");
  assert.match(toBob.id, /^\d+-\d+$/);
  assert.ok(!Number.isNaN(Date.parse(toBob.at)));
  await assertNone(carol, (f) => f.type === "message");
});

test("history returns the last messages, oldest first, limited by `limit` and the configured size", async () => {
  await using client = new TestClient(testApp({ historySize: 5 }).app);
  const alice = await connect(client, "alice");
  await join(alice, "general");
  for (let i = 1; i <= 7; i++) alice.sendJson({ type: "say", id: sayId(), room: "general", text: `m${i}` });
  await receiveUntil(alice, (f) => f.type === "message" && f.text === "m7");

  alice.sendJson({ type: "history", room: "general" });
  const all = await receiveUntil(alice, (f) => f.type === "history");
  assert.deepEqual(
    all.messages.map((m: { text: string }) => m.text),
    ["m3", "m4", "m5", "m6", "m7"],
  );
  alice.sendJson({ type: "history", room: "general", limit: 2 });
  const two = await receiveUntil(alice, (f) => f.type === "history");
  assert.deepEqual(
    two.messages.map((m: { text: string }) => m.text),
    ["m6", "m7"],
  );
  // History of a room one has not joined is readable; an empty room has none.
  alice.sendJson({ type: "history", room: "empty" });
  assert.deepEqual(await receiveUntil(alice, (f) => f.type === "history"), { type: "history", room: "empty", messages: [] });
});

test("typing reaches the others in the room, not the typist", async () => {
  await using client = new TestClient(testApp().app);
  const alice = await connect(client, "alice");
  const bob = await connect(client, "bob");
  await join(alice, "general");
  await join(bob, "general");
  await receiveUntil(alice, (f) => f.type === "presence" && f.user.username === "bob");
  alice.sendJson({ type: "typing", room: "general" });
  assert.deepEqual(await receiveUntil(bob, (f) => f.type === "typing"), { type: "typing", room: "general", user: "alice", typing: true });
  alice.sendJson({ type: "typing", room: "general", typing: false });
  assert.deepEqual(await receiveUntil(bob, (f) => f.type === "typing"), { type: "typing", room: "general", user: "alice", typing: false });
  await assertNone(alice, (f) => f.type === "typing");
});

test("ping is answered with pong (echoing its id)", async () => {
  await using client = new TestClient(testApp().app);
  const alice = await connect(client, "alice");
  alice.sendJson({ type: "ping", id: "p1" });
  const pong = await alice.receiveJson();
  assert.equal(pong.type, "pong");
  assert.equal(pong.id, "p1");
  alice.sendJson({ type: "ping" });
  assert.deepEqual(Object.keys(await alice.receiveJson()).sort(), ["at", "type"]);
});

test("leave: the room stops reaching you and the others see you go; leaving twice is an error frame", async () => {
  await using client = new TestClient(testApp().app);
  const alice = await connect(client, "alice");
  const bob = await connect(client, "bob");
  await join(alice, "general");
  await join(bob, "general");
  bob.sendJson({ type: "leave", room: "general" });
  await receiveUntil(bob, (f) => f.type === "left" && f.room === "general");
  const gone = await receiveUntil(alice, (f) => f.type === "presence" && f.event === "leave");
  assert.equal(gone.user.username, "bob");
  alice.sendJson({ type: "say", id: sayId(), room: "general", text: "anyone?" });
  await receiveUntil(alice, (f) => f.type === "message");
  await assertNone(bob, (f) => f.type === "message");
  bob.sendJson({ type: "leave", room: "general" });
  const error = await receiveUntil(bob, (f) => f.type === "error");
  assert.deepEqual(error, {
    type: "error",
    detail: [{ type: "not_joined", loc: ["message", "room"], msg: "Join room 'general' first", input: "general" }],
  });
});

test("error frames: unknown type, invalid payload, saying in a room not joined — the connection stays open; not JSON closes 1007", async () => {
  await using client = new TestClient(testApp().app);
  const alice = await connect(client, "alice");

  alice.sendJson({ type: "shout", room: "general" });
  const unknown = await alice.receiveJson();
  assert.equal(unknown.type, "error");
  assert.equal(unknown.detail[0].type, "union_tag_invalid");
  assert.deepEqual(unknown.detail[0].loc, ["message"]);
  assert.match(unknown.detail[0].msg, /'shout'.*'join', 'leave', 'say', 'history', 'typing', 'ping'/);

  alice.sendJson({ text: "no type" });
  assert.equal((await alice.receiveJson()).detail[0].type, "union_tag_not_found");

  alice.sendJson({ type: "say", id: sayId(), room: "General Room!", text: "" });
  const invalid = await alice.receiveJson();
  assert.deepEqual(invalid.detail.map((d: { loc: unknown[] }) => d.loc).sort(), [
    ["message", "room"],
    ["message", "text"],
  ]);
  assert.deepEqual(invalid.detail.map((d: { type: string }) => d.type).sort(), ["string_pattern_mismatch", "string_too_short"]);

  alice.sendJson({ type: "history", room: "general", limit: 1000 });
  assert.deepEqual((await alice.receiveJson()).detail[0].loc, ["message", "limit"]);

  alice.sendJson({ type: "say", id: sayId(), room: "general", text: "hi" });
  assert.deepEqual((await alice.receiveJson()).detail[0].type, "not_joined");
  alice.sendJson({ type: "typing", room: "general" });
  assert.deepEqual((await alice.receiveJson()).detail[0].type, "not_joined");

  alice.sendJson({ type: "ping", id: "still-here" });
  assert.equal((await alice.receiveJson()).id, "still-here");
  assert.equal(alice.closeCode, undefined);

  // Not JSON at all is a protocol error: close 1007 (invalid payload), as `iterJson()` does.
  alice.sendText("{not json");
  assert.equal((await alice.closed).code, 1007);
});

test("resume: rejoining with `since` replays what was said while away, then continues live", async () => {
  await using client = new TestClient(testApp().app);
  const alice = await connect(client, "alice");
  const bob = await connect(client, "bob");
  await join(alice, "general");
  await join(bob, "general");
  alice.sendJson({ type: "say", id: sayId(), room: "general", text: "before" });
  const before = await receiveUntil(bob, (f) => f.type === "message");
  await bob.close(1001);

  alice.sendJson({ type: "say", id: sayId(), room: "general", text: "while away 1" });
  alice.sendJson({ type: "say", id: sayId(), room: "general", text: "while away 2" });
  await receiveUntil(alice, (f) => f.type === "message" && f.text === "while away 2");

  const back = await connect(client, "bob");
  await join(back, "general", before.id);
  const replayed: string[] = [];
  while (replayed.length < 2) {
    const frame = await receiveUntil(back, (f) => f.type === "message");
    replayed.push(frame.text);
  }
  assert.deepEqual(replayed, ["while away 1", "while away 2"]);
  alice.sendJson({ type: "say", id: sayId(), room: "general", text: "live again" });
  assert.equal((await receiveUntil(back, (f) => f.type === "message")).text, "live again");
});

test("two tabs of one user: closing one does not make the user leave the room", async () => {
  await using client = new TestClient(testApp().app);
  const alice = await connect(client, "alice");
  const bob1 = await connect(client, "bob");
  const bob2 = await connect(client, "bob");
  await join(alice, "general");
  await join(bob1, "general");
  await join(bob2, "general");
  await bob1.close();
  alice.sendJson({ type: "say", id: sayId(), room: "general", text: "still there?" });
  await receiveUntil(bob2, (f) => f.type === "message");
  const frames = await drain(alice);
  assert.equal(
    frames.some((f) => f.type === "presence" && f.event === "leave"),
    false,
  );
  const res = await client.get("/api/rooms/general/online", { headers: { authorization: `Bearer ${await mintToken("carol")}` } });
  assert.deepEqual(
    res.json().members.map((m: { username: string }) => m.username),
    ["alice", "bob"],
  );
});

test("a connection may be in at most MAX_ROOMS rooms at once", async () => {
  await using client = new TestClient(testApp().app);
  const alice = await connect(client, "alice");
  for (let i = 0; i < MAX_ROOMS; i++) await join(alice, `room-${i}`);
  alice.sendJson({ type: "join", room: "one-too-many" });
  const error = await receiveUntil(alice, (f) => f.type === "error");
  assert.equal(error.detail[0].type, "too_many_rooms");
  await join(alice, "room-0"); // already in: fine
  alice.sendJson({ type: "leave", room: "room-1" });
  await receiveUntil(alice, (f) => f.type === "left");
  await join(alice, "one-too-many");
});
