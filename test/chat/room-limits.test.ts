// Rooms are bounded: valid names only, a cap on how many, each room's history and replay log bounded by bytes,
// idle rooms forgotten, and `say` limited per user (error frame, then close on sustained abuse).
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { TestClient } from "skiffjs/testing";
import { MAX_EVENT_BYTES } from "../../examples/chat/messages.ts";
import { REDIS_URL, deleteKeys, redisSkipReason, uniquePrefix } from "../broadcast/helpers.ts";
import { assertNone, connect, drain, join, mintToken, receiveUntil, testApp, until } from "./helpers.ts";

const redisSkip = await redisSkipReason();
const prefix = uniquePrefix();
after(async () => {
  if (!redisSkip) await deleteKeys(prefix);
});
/** The bounded-room tests run on both stores: memory, and Redis (its own Lua scripts). */
const backends = [
  { name: "memory", broadcastUrl: "memory://", skip: false as const },
  { name: "redis", broadcastUrl: `${REDIS_URL}/0?prefix=${encodeURIComponent(prefix)}`, skip: redisSkip },
];

const auth = async (user: "alice" | "bob" | "carol" = "carol") => ({ authorization: `Bearer ${await mintToken(user)}` });

test("room names are validated wherever a room is named: 422 naming the path parameter", async () => {
  await using client = new TestClient(testApp().app);
  const headers = await auth();
  for (const name of ["Capital", "with%20space", "a".repeat(33), "-leading-dash", "emoji-%F0%9F%98%80", "semi%3Bcolon"]) {
    const res = await client.post(`/api/rooms/${name}/messages`, { headers, json: { text: "hi" } });
    assert.equal(res.status, 422, name);
    assert.deepEqual(
      res.json().detail.map((d: { loc: string[] }) => d.loc),
      [["path", "room"]],
      name,
    );
  }
});

test("a new room past ROOM_LIMIT is refused (HTTP 409, WebSocket error frame); existing rooms keep working", async () => {
  await using client = new TestClient(testApp({ roomLimit: 4 }).app); // general and random count
  const headers = await auth();
  for (const room of ["boats", "trains"])
    assert.equal((await client.post(`/api/rooms/${room}/messages`, { headers, json: { text: "first" } })).status, 201);
  const refused = await client.post("/api/rooms/planes/messages", { headers, json: { text: "first" } });
  assert.equal(refused.status, 409);
  assert.deepEqual(refused.json(), { detail: "The chat has its limit of 4 rooms: use an existing room" });
  assert.deepEqual(
    (await client.get("/api/rooms", { headers })).json().rooms.map((r: { name: string }) => r.name),
    ["boats", "general", "random", "trains"],
  );

  const alice = await connect(client, "alice");
  alice.sendJson({ type: "join", room: "planes" });
  const error = await receiveUntil(alice, (f) => f.type === "error");
  assert.deepEqual(error.detail, [
    { type: "room_limit", loc: ["message", "room"], msg: "The chat has its limit of 4 rooms: use an existing room", input: "planes" },
  ]);
  await join(alice, "boats");
  assert.equal((await client.post("/api/rooms/general/messages", { headers, json: { text: "still fine" } })).status, 201);
});

for (const { name, broadcastUrl, skip } of backends) {
  test(`${name}: a room's history is bounded by bytes (oldest dropped) and its replay log by ROOM_LOG_BYTES / the largest event`, {
    skip,
  }, async () => {
    const roomLogBytes = MAX_EVENT_BYTES * 2;
    await using client = new TestClient(testApp({ roomLogBytes, historySize: 100, broadcastUrl }).app);
    const headers = await auth();
    const alice = await connect(client, "alice");
    await join(alice, "general");
    const bob = await connect(client, "bob");
    await join(bob, "general");
    const first = await receiveUntil(bob, (f) => f.type === "presence");
    await bob.close(1001);
    // Each message is about 12 KiB as JSON (every character escaped): only two fit in the room's bytes.
    const heavy = (n: number) => `${n}${"\u0001".repeat(1999)}`;
    for (let n = 1; n <= 6; n++) assert.equal((await client.post("/api/rooms/general/messages", { headers, json: { text: heavy(n) } })).status, 201);

    const history = (await client.get("/api/rooms/general/history", { headers, query: { limit: 100 } })).json().messages;
    assert.deepEqual(
      history.map((m: { text: string }) => m.text[0]),
      ["5", "6"],
      "the newest that fit",
    );
    assert.ok(Buffer.byteLength(history.map((m: unknown) => JSON.stringify(m)).join("")) <= roomLogBytes);

    const back = await connect(client, "bob");
    await join(back, "general", first.id);
    const replayed = (await drain(back, 300)).filter((f) => f.type === "message").map((f) => f.text[0]);
    assert.deepEqual(replayed, ["5", "6"], "the replay log keeps what fits in its bytes too");
  });

  test(`${name}: a room nobody used for ROOM_IDLE_SECONDS is forgotten — history, listing, its slot — unless people are in it`, {
    skip,
  }, async () => {
    const { app, lines } = testApp({ roomIdleSeconds: 1, roomLimit: 4, broadcastUrl });
    await using client = new TestClient(app);
    const headers = await auth();
    const alice = await connect(client, "alice");
    await join(alice, "busy"); // someone is here: kept however quiet
    assert.equal((await client.post("/api/rooms/quiet/messages", { headers, json: { text: "anyone?" } })).status, 201);
    assert.equal((await client.post("/api/rooms/spare/messages", { headers, json: { text: "no room left" } })).status, 409);

    const names = async () => (await client.get("/api/rooms", { headers })).json().rooms.map((r: { name: string }) => r.name);
    await until(async () => !(await names()).includes("quiet"), "the quiet room forgotten", 5000);
    assert.deepEqual(await names(), ["busy", "general", "random"]);
    assert.deepEqual((await client.get("/api/rooms/quiet/history", { headers })).json().messages, []);
    assert.ok(lines.some((l) => l.msg === "forgot idle rooms" && l.rooms.includes("quiet")));
    assert.equal((await client.post("/api/rooms/spare/messages", { headers, json: { text: "a slot again" } })).status, 201);
  });
}

test("say per user: past SAY_LIMIT an error frame (the connection stays), past twice that the connection closes 1008", async () => {
  await using client = new TestClient(testApp({ sayLimit: { max: 3, windowSeconds: 60 } }).app);
  const alice = await connect(client, "alice");
  const tab2 = await connect(client, "alice");
  await join(alice, "general");
  await join(tab2, "general");
  for (const id of ["s1", "s2", "s3"]) alice.sendJson({ type: "say", id, room: "general", text: id });
  for (let i = 0; i < 3; i++) assert.equal((await receiveUntil(alice, (f) => f.type === "receipt")).sent, true);

  // The limit is the user's, not the connection's: another tab is refused too.
  tab2.sendJson({ type: "say", id: "s4", room: "general", text: "s4" });
  const error = await receiveUntil(tab2, (f) => f.type === "error");
  assert.deepEqual(error.detail, [
    { type: "rate_limited", loc: ["message"], msg: "Slow down: at most 3 messages in 60 s; message 's4' was not sent", input: "s4" },
  ]);
  await assertNone(tab2, (f) => f.type === "receipt" || (f.type === "message" && f.text === "s4"));
  tab2.sendJson({ type: "ping", id: "alive" });
  assert.equal((await receiveUntil(tab2, (f) => f.type === "pong")).id, "alive");

  const headers = await auth("alice");
  const http = await client.post("/api/rooms/general/messages", { headers, json: { text: "over http" } });
  assert.equal(http.status, 429);
  assert.equal(http.headers.get("retry-after"), "60");

  for (const id of ["s6", "s7"]) alice.sendJson({ type: "say", id, room: "general", text: id });
  assert.deepEqual(await alice.closed, { code: 1008, reason: "Sending too fast" });
});
