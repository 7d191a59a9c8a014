import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Broadcast, BroadcastError } from "skiffjs/broadcast";
import { Collector, nextEvent } from "./helpers.ts";

function idToBigInt(id: string): bigint {
  const [ms, seq] = id.split("-");
  return (BigInt(ms) << 64n) + BigInt(seq);
}

async function connected(url = "memory://", options = {}): Promise<Broadcast> {
  const broadcast = new Broadcast(url, options);
  await broadcast.connect();
  return broadcast;
}

describe("memory:// broadcast", () => {
  test("is the default backend", () => {
    assert.equal(new Broadcast().backendName, "memory");
  });

  test("concurrent next() calls on one subscription get events in order; disconnect ends every pending one", async () => {
    const broadcast = await connected();
    const subscription = broadcast.subscribe<string>("room:lobby");
    await subscription.ready;
    const pending = [subscription.next(), subscription.next(), subscription.next()];
    await broadcast.publish("room:lobby", "a");
    await broadcast.publish("room:lobby", "b");
    const [a, b] = await Promise.all(pending.slice(0, 2));
    assert.deepEqual([a.value?.message, b.value?.message], ["a", "b"]);
    const last = subscription.next();
    await broadcast.disconnect();
    assert.deepEqual(await pending[2], { done: true, value: undefined });
    assert.deepEqual(await last, { done: true, value: undefined });
  });

  test("delivers published messages with channel, message and increasing ids", async () => {
    const broadcast = await connected();
    const subscription = broadcast.subscribe<{ text: string }>("room:lobby");
    await subscription.ready;
    const firstId = await broadcast.publish("room:lobby", { text: "hi" });
    const secondId = await broadcast.publish("room:lobby", { text: "there" });
    assert.deepEqual((await nextEvent(subscription)).value, { channel: "room:lobby", message: { text: "hi" }, id: firstId });
    assert.deepEqual((await nextEvent(subscription)).value, { channel: "room:lobby", message: { text: "there" }, id: secondId });
    assert.ok(idToBigInt(firstId) < idToBigInt(secondId), `${firstId} < ${secondId}`);
    await broadcast.disconnect();
  });

  test("delivers to every subscriber, and not across channels", async () => {
    const broadcast = await connected();
    const a = new Collector(broadcast.subscribe("room:a"));
    const b = new Collector(broadcast.subscribe("room:a"));
    const other = new Collector(broadcast.subscribe("room:b"));
    await broadcast.publish("room:a", 1);
    await broadcast.publish("room:a", 2);
    assert.deepEqual(await a.waitFor(2), [1, 2]);
    assert.deepEqual(await b.waitFor(2), [1, 2]);
    assert.deepEqual(other.messages, []);
    await broadcast.disconnect();
  });

  test("messages go through JSON, as they would through Redis", async () => {
    const broadcast = await connected();
    const subscription = broadcast.subscribe("room");
    const at = new Date("2024-01-02T03:04:05Z");
    await broadcast.publish("room", { at, skip: undefined, list: [1, "two", null] });
    assert.deepEqual((await nextEvent(subscription)).value?.message, { at: at.toISOString(), list: [1, "two", null] });
    await assert.rejects(broadcast.publish("room", undefined), TypeError);
    await assert.rejects(broadcast.publish("room", { n: 1n }), /JSON-serialisable/);
    await broadcast.disconnect();
  });

  test("breaking out of the loop unsubscribes", async () => {
    const broadcast = await connected();
    const subscription = broadcast.subscribe("room");
    await broadcast.publish("room", "first");
    for await (const event of subscription) {
      assert.equal(event.message, "first");
      break;
    }
    await broadcast.publish("room", "after the loop");
    assert.deepEqual(await subscription.next(), { done: true, value: undefined });
    await broadcast.disconnect();
  });

  test("close() and `await using` unsubscribe too", async () => {
    const broadcast = await connected();
    const subscription = broadcast.subscribe("room");
    await subscription.close();
    await subscription.close();
    assert.equal((await subscription.next()).done, true);
    {
      await using scoped = broadcast.subscribe("room");
      await broadcast.publish("room", "scoped");
      assert.equal((await nextEvent(scoped)).value?.message, "scoped");
    }
    await broadcast.disconnect();
  });

  test("disconnect ends every live iterator quietly, including one waiting for an event", async () => {
    const broadcast = await connected();
    const waiting = broadcast.subscribe("room");
    const pending = waiting.next();
    const collector = new Collector(broadcast.psubscribe("*"));
    await broadcast.disconnect();
    assert.deepEqual(await pending, { done: true, value: undefined });
    assert.equal(await collector.done, undefined);
    await broadcast.disconnect(); // idempotent
  });

  test("needs connect(): publish, subscribe and presence say so", async () => {
    const broadcast = new Broadcast();
    await assert.rejects(broadcast.publish("room", 1), /not connected/);
    assert.throws(() => broadcast.subscribe("room"), BroadcastError);
    await assert.rejects(broadcast.presence.list("room"), /not connected/);
    await broadcast.connect();
    await broadcast.connect(); // idempotent
    await broadcast.disconnect();
    await assert.rejects(broadcast.publish("room", 1), /not connected/);
    await broadcast.connect(); // reusable
    assert.ok(await broadcast.publish("room", 1));
    await broadcast.disconnect();
  });

  test("psubscribe matches Redis-style globs; subscribe is exact", async () => {
    const broadcast = await connected();
    const rooms = new Collector(broadcast.psubscribe("room:*"));
    const single = new Collector(broadcast.psubscribe("user:?"));
    const literal = new Collector(broadcast.subscribe("room:*"));
    for (const channel of ["room:a", "room:b", "user:1", "user:12", "lobby", "room:*"]) await broadcast.publish(channel, channel);
    await rooms.waitFor(3);
    assert.deepEqual(
      rooms.events.map((e) => e.channel),
      ["room:a", "room:b", "room:*"],
    );
    assert.deepEqual(single.messages, ["user:1"]);
    assert.deepEqual(literal.messages, ["room:*"]);
    await broadcast.disconnect();
  });

  test("replays with `since` when streams are on, and refuses `since` otherwise", async () => {
    const plain = await connected();
    assert.throws(() => plain.subscribe("room", { since: "0-0" }), /streams/);
    await plain.disconnect();

    const broadcast = await connected("memory://?streams=1&maxlen=3");
    assert.equal(broadcast.replay, true);
    const ids: string[] = [];
    for (const n of [1, 2, 3, 4, 5]) ids.push(await broadcast.publish("room", n));
    const resumed = new Collector(broadcast.subscribe("room", { since: ids[2] }));
    await resumed.waitFor(2);
    await broadcast.publish("room", 6);
    assert.deepEqual(await resumed.waitFor(3), [4, 5, 6]);
    const fromStart = new Collector(broadcast.subscribe("room", { since: "0" }));
    assert.deepEqual(await fromStart.waitFor(3), [4, 5, 6]); // maxlen 3: older events are gone
    assert.throws(() => broadcast.subscribe("room", { since: "yesterday" }), TypeError);
    await broadcast.disconnect();
  });

  test("presence: join, list, leave — refcounted per member", async () => {
    const broadcast = await connected();
    await broadcast.presence.join("room", "bob", { name: "Bob" });
    await broadcast.presence.join("room", "alice", { name: "Alice" });
    await broadcast.presence.join("room", "alice", { name: "Alice (tab 2)" });
    await broadcast.presence.join("other", "carol");
    assert.deepEqual(await broadcast.presence.list("room"), [
      { id: "alice", data: { name: "Alice (tab 2)" } },
      { id: "bob", data: { name: "Bob" } },
    ]);
    await broadcast.presence.leave("room", "alice");
    assert.deepEqual(
      (await broadcast.presence.list("room")).map((m) => m.id),
      ["alice", "bob"],
    );
    await broadcast.presence.leave("room", "alice");
    await broadcast.presence.leave("room", "nobody");
    assert.deepEqual(await broadcast.presence.list("room"), [{ id: "bob", data: { name: "Bob" } }]);
    assert.deepEqual(await broadcast.presence.list("other"), [{ id: "carol", data: null }]);
    await broadcast.disconnect();
    await broadcast.connect();
    assert.deepEqual(await broadcast.presence.list("room"), []); // disconnect left everything
    await broadcast.disconnect();
  });

  test("rejects unknown URL schemes", () => {
    assert.throws(() => new Broadcast("kafka://broker"), /Unsupported broadcast URL scheme/);
    assert.throws(() => new Broadcast("not a url"), /Invalid broadcast URL/);
  });
});
