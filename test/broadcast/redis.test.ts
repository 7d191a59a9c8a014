import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { Broadcast, BroadcastUnavailableError, type BroadcastOptions } from "skiffjs/broadcast";
import { Collector, REDIS_URL, deleteKeys, freePort, nextEvent, redisCommand, redisSkipReason, uniquePrefix } from "./helpers.ts";

const skip = await redisSkipReason();
const prefix = uniquePrefix();
const opened: Broadcast[] = [];

/** A connected Broadcast on the shared Redis, standing in for one process. */
async function processOnRedis(options: BroadcastOptions = {}, url = REDIS_URL): Promise<Broadcast> {
  const broadcast = new Broadcast(url, { prefix, commandTimeout: 1000, ...options });
  opened.push(broadcast);
  await broadcast.connect();
  return broadcast;
}

describe("redis:// broadcast", { skip }, () => {
  after(async () => {
    await Promise.all(opened.map((broadcast) => broadcast.disconnect()));
    await deleteKeys(prefix);
  });

  test("a message published by one process reaches the other's subscribers", async () => {
    const [alpha, beta] = [await processOnRedis(), await processOnRedis()];
    assert.equal(alpha.backendName, "redis");
    const onBeta = subscribeTo(beta, "room:lobby");
    const onAlpha = subscribeTo(alpha, "room:lobby");
    await Promise.all([onBeta.ready, onAlpha.ready]);
    const id = await alpha.publish("room:lobby", { from: "alice", text: "hi" });
    for (const subscription of [onBeta, onAlpha]) {
      assert.deepEqual((await nextEvent(subscription)).value, { channel: "room:lobby", message: { from: "alice", text: "hi" }, id });
    }
  });

  test("pipeTo forwards another process's messages in order, and stops with the connection", async () => {
    const [alpha, beta] = [await processOnRedis(), await processOnRedis()];
    const sent: unknown[] = [];
    const connection = new AbortController();
    const sink = {
      signal: connection.signal,
      sendText: async (text: string) => void sent.push(text),
      sendBytes: async (bytes: Uint8Array) => void sent.push(bytes),
      sendJson: async (value: unknown) => void sent.push(value),
    };
    const subscription = alpha.subscribe("room:piped");
    await subscription.ready;
    const piped = subscription.pipeTo(sink);
    for (const text of ["one", "two", "three"]) await beta.publish("room:piped", text);
    await beta.publish("room:piped", { n: 4 });
    const deadline = Date.now() + 3000;
    while (sent.length < 4 && Date.now() < deadline) await sleep(10);
    assert.deepEqual(sent, ["one", "two", "three", { n: 4 }]);
    connection.abort();
    await piped;
  });

  test("one Redis subscription per channel, dropped with the last local subscriber", async () => {
    const alpha = await processOnRedis();
    const channel = "room:refcount";
    const first = subscribeTo(alpha, channel);
    const second = subscribeTo(alpha, channel);
    await Promise.all([first.ready, second.ready]);
    assert.equal(await subscribers(channel), 1);
    await first.close();
    assert.equal(await subscribers(channel), 1);
    await alpha.publish(channel, "still here");
    assert.equal((await nextEvent(second)).value?.message, "still here");
    await alpha.publish(channel, "last one");
    for await (const event of second) {
      assert.equal(event.message, "last one");
      break;
    }
    await untilAsync(async () => (await subscribers(channel)) === 0, 2000, "Redis subscription was not dropped");
  });

  test("patterns span channels and processes", async () => {
    const [alpha, beta] = [await processOnRedis(), await processOnRedis()];
    const rooms = new Collector(beta.psubscribe("room:*"));
    const exact = new Collector(beta.subscribe("room:a"));
    await new Promise((resolve) => setTimeout(resolve, 50));
    for (const channel of ["room:a", "room:b", "lobby"]) await alpha.publish(channel, channel);
    await rooms.waitFor(2);
    assert.deepEqual(
      rooms.events.map((e) => e.channel),
      ["room:a", "room:b"],
    );
    assert.deepEqual(await exact.waitFor(1), ["room:a"]);
  });

  test("streams: missed messages are replayed once, in order, then live ones — even while publishers race", async () => {
    const options = { streams: { maxLength: 100 } };
    const [alpha, beta] = [await processOnRedis(options), await processOnRedis(options)];
    const channel = "room:replay";
    const first = subscribeTo(alpha, channel);
    await first.ready;
    await beta.publish(channel, 1);
    const lastSeen = (await nextEvent(first)).value!.id;
    await first.close(); // away…
    for (const n of [2, 3, 4]) await beta.publish(channel, n);
    const racing = Array.from({ length: 20 }, (_, i) => beta.publish(channel, 5 + i)); // …while these race the resume
    const resumed = new Collector(alpha.subscribe(channel, { since: lastSeen }));
    await Promise.all(racing);
    const messages = await resumed.waitFor(23);
    assert.deepEqual(
      messages,
      Array.from({ length: 23 }, (_, i) => i + 2),
    );
    await beta.publish(channel, "live");
    await resumed.waitFor(24);
    await sleep(50);
    assert.equal(resumed.events.length, 24, "no duplicates");
    const ids = resumed.events.map((e) => e.id);
    assert.deepEqual([...new Set(ids)], ids);
  });

  test("streams: a dropped subscriber connection catches up on what it missed", async () => {
    const connectionName = `${prefix}victim`;
    const victim = await processOnRedis({ streams: true, reconnect: { minDelay: 300, maxDelay: 300 }, redis: { connectionName } });
    const publisher = await processOnRedis({ streams: true });
    const collector = new Collector(victim.subscribe("room:gap"));
    await publisher.publish("room:gap", "before");
    await collector.waitFor(1);
    const clients = String(await redisCommand("CLIENT", "LIST", "TYPE", "pubsub"));
    const id = /id=(\d+) .*name=(\S+)/g;
    const victimId = [...clients.matchAll(id)].find((m) => m[2] === `${connectionName}-subscriber`)?.[1];
    assert.ok(victimId, "found the subscriber connection");
    await redisCommand("CLIENT", "KILL", "ID", victimId);
    for (const n of [1, 2, 3]) await publisher.publish("room:gap", `during ${n}`); // lands before the 300 ms reconnect
    await collector.waitFor(4);
    await publisher.publish("room:gap", "after");
    assert.deepEqual(await collector.waitFor(5), ["before", "during 1", "during 2", "during 3", "after"]);
  });

  test("URL query parameters configure streams and prefix", async () => {
    const url = new URL(REDIS_URL);
    url.searchParams.set("streams", "1");
    url.searchParams.set("maxlen", "50");
    url.searchParams.set("prefix", `${prefix}url:`);
    const viaUrl = new Broadcast(url.toString());
    opened.push(viaUrl);
    await viaUrl.connect();
    assert.equal(viaUrl.replay, true);
    await viaUrl.publish("room", "x");
    assert.equal(await redisCommand("XLEN", `${prefix}url:stream:room`), 1);
  });

  test("without streams, ids still increase per publisher and `since` is refused", async () => {
    const alpha = await processOnRedis();
    const subscription = subscribeTo(alpha, "room:ids");
    await subscription.ready;
    const ids = [await alpha.publish("room:ids", 1), await alpha.publish("room:ids", 2)];
    assert.deepEqual([(await nextEvent(subscription)).value?.id, (await nextEvent(subscription)).value?.id], ids);
    const [[ms0, seq0], [ms1, seq1]] = ids.map((id) => id.split("-").map(BigInt));
    assert.ok(ms1 > ms0 || (ms1 === ms0 && seq1 > seq0), `${ids[1]} follows ${ids[0]}`);
    assert.throws(() => alpha.subscribe("room:ids", { since: ids[0] }), /streams/);
  });

  test("messages from plain Redis clients arrive too (raw payload, local id)", async () => {
    const alpha = await processOnRedis();
    const subscription = subscribeTo(alpha, "room:raw");
    await subscription.ready;
    await redisCommand("PUBLISH", `${prefix}room:raw`, "not json");
    await redisCommand("PUBLISH", `${prefix}room:raw`, '{"n":1}');
    assert.equal((await nextEvent(subscription)).value?.message, "not json");
    assert.deepEqual((await nextEvent(subscription)).value?.message, { n: 1 });
  });

  test("presence is shared by processes; a member joined twice stays until both leave; disconnect leaves", async () => {
    const [alpha, beta] = [await processOnRedis(), await processOnRedis()];
    await alpha.presence.join("room:p", "alice", { name: "Alice" });
    await beta.presence.join("room:p", "bob");
    await beta.presence.join("room:p", "alice", { name: "Alice on beta" });
    assert.deepEqual(
      (await alpha.presence.list("room:p")).map((m) => m.id),
      ["alice", "bob"],
    );
    await alpha.presence.leave("room:p", "alice");
    assert.deepEqual(await alpha.presence.list("room:p"), [
      { id: "alice", data: { name: "Alice on beta" } },
      { id: "bob", data: null },
    ]);
    await beta.disconnect();
    assert.deepEqual(await alpha.presence.list("room:p"), []);
  });

  test("presence entries are refreshed while joined, so they outlive their ttl", async () => {
    const alpha = await processOnRedis({ presence: { ttl: 300, heartbeatInterval: 50 } });
    await alpha.presence.join("room:beat", "carol");
    await sleep(700);
    assert.deepEqual(
      (await alpha.presence.list("room:beat")).map((m) => m.id),
      ["carol"],
    );
    await alpha.presence.leave("room:beat", "carol");
    assert.deepEqual(await alpha.presence.list("room:beat"), []);
  });

  test("connect() to a Redis that isn't there fails fast and leaves nothing running", async () => {
    const port = await freePort();
    const unreachable = new Broadcast(`redis://127.0.0.1:${port}`, { prefix });
    const started = Date.now();
    await assert.rejects(unreachable.connect(), BroadcastUnavailableError);
    assert.ok(Date.now() - started < 2000);
    assert.equal(unreachable.connected, false);
    await unreachable.disconnect();
  });
});

function subscribeTo(instance: Broadcast, channel: string) {
  return instance.subscribe(channel);
}

async function subscribers(channel: string): Promise<number> {
  const reply = (await redisCommand("PUBSUB", "NUMSUB", `${prefix}${channel}`)) as [string, number];
  return Number(reply[1]);
}

async function untilAsync(condition: () => Promise<boolean>, timeoutMs: number, message: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) assert.fail(message);
    await sleep(20);
  }
}
