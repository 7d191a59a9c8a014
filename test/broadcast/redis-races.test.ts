// A RedisBackend's two connections — commands, and subscriber mode — are independent sockets: they reconnect on
// their own schedules, and what Redis sends on one can overtake what it sent earlier on the other. A proxy in front
// of the shared Redis makes each ordering happen on purpose.
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { Broadcast } from "skiffjs/broadcast";
import { Collector, REDIS_URL, RedisProxy, deleteKeys, redisCommand, redisSkipReason, uniquePrefix } from "./helpers.ts";

const skip = await redisSkipReason();

describe("redis:// with the two connections racing (proxied)", { skip }, () => {
  const prefix = uniquePrefix();
  const cleanup: (() => Promise<unknown>)[] = [];

  after(async () => {
    for (const step of cleanup.reverse()) await step();
    await deleteKeys(prefix);
  });

  /** A Broadcast connected through its own proxy (connection name `name`), and one publishing straight to Redis. */
  async function setUp(name: string) {
    const proxy = new RedisProxy();
    await proxy.start();
    cleanup.push(() => proxy.stop());
    const options = { prefix, streams: true, commandTimeout: 2000, reconnect: { minDelay: 10, maxDelay: 40 } };
    const proxied = new Broadcast(proxy.url, { ...options, redis: { connectionName: `${prefix}${name}` } });
    const direct = new Broadcast(REDIS_URL, options);
    cleanup.push(() => Promise.all([proxied.disconnect(), direct.disconnect()]));
    await Promise.all([proxied.connect(), direct.connect()]);
    return { proxy, proxied, direct, name: `${prefix}${name}` };
  }

  test("a subscriber connection back before the command connection catches up once both are, without failing", async () => {
    const { proxy, proxied, direct, name } = await setUp("late-command");
    const room = proxied.subscribe("room");
    await room.ready;
    const events = new Collector(room);
    await direct.publish("room", "before");
    await events.waitFor(1);

    // Cut both connections; only the subscriber connection gets through again.
    let subscriberId = await resubscribed(name, undefined, events);
    proxy.hold("command");
    proxy.cut();
    await direct.publish("room", "while cut");
    subscriberId = await resubscribed(name, subscriberId, events);
    await direct.publish("room", "subscriber back"); // live, but held back until the catch-up ran
    // The catch-up can't read the stream yet: it must wait for the command connection, not end the loop.
    await sleep(200);
    assert.equal(events.ended, undefined, "the subscription is still open");
    proxy.release("command");
    assert.deepEqual(await events.waitFor(3), ["before", "while cut", "subscriber back"]);

    // Same, but the subscriber connection drops again before the command connection is back: coming back alone,
    // the command connection must not end the interruption — the subscriber isn't listening.
    proxy.hold("command");
    proxy.cut();
    subscriberId = await resubscribed(name, subscriberId, events);
    proxy.hold("subscriber");
    proxy.cut();
    proxy.release("command");
    await until(
      async () =>
        await proxied.presence.list("room").then(
          () => true,
          () => false,
        ),
      "command connection back",
    );
    await sleep(50); // room for a wrongly started catch-up to finish before the next message
    await direct.publish("room", "while the subscriber is away");
    proxy.release("subscriber");
    await resubscribed(name, subscriberId, events);
    await direct.publish("room", "after");
    const all = ["before", "while cut", "subscriber back", "while the subscriber is away", "after"];
    assert.deepEqual(await events.waitFor(5), all);
    await sleep(50);
    assert.deepEqual(events.messages, all, "nothing twice");
  });

  test("an event the replay read that also arrives live afterwards (the subscriber connection lagging) is delivered once", async () => {
    const { proxy, proxied, direct } = await setUp("lagging-subscriber");
    const channel = "room";
    const first = proxied.subscribe(channel);
    await first.ready;
    const live = new Collector(first);
    const zero = await direct.publish(channel, "zero");
    await live.waitFor(1);
    proxy.delay("subscriber", 300);
    await direct.publish(channel, "one"); // in the log at once; live only 300 ms later
    // Joins the live subscription at once and replays from the log: "one" arrives that way first.
    const resumed = new Collector(proxied.subscribe(channel, { since: zero }));
    assert.deepEqual(await resumed.waitFor(1), ["one"]);
    assert.deepEqual(await live.waitFor(2), ["zero", "one"]); // the live copy is in: both subscriptions had it offered
    proxy.delay("subscriber", 0);
    await direct.publish(channel, "two");
    assert.deepEqual(await live.waitFor(3), ["zero", "one", "two"]);
    assert.deepEqual(resumed.messages, ["one", "two"]);
  });
});

/**
 * Waits until the subscriber connection named `name` is a new one (not `previousId`) with its channel subscribed;
 * fails at once if the subscription feeding `events` ended meanwhile.
 */
async function resubscribed(name: string, previousId: string | undefined, events: Collector): Promise<string> {
  let id: string | undefined;
  await until(async () => {
    if (events.ended) assert.fail(`the subscription ended: ${events.ended.error}`);
    const clients = String(await redisCommand("CLIENT", "LIST", "TYPE", "pubsub"));
    id = clients
      .split("\n")
      .map((line) => /\bid=(\d+) .*\bname=(\S+) .*\bsub=(\d+)/.exec(line))
      .find((m) => m && m[2] === `${name}-subscriber` && m[1] !== previousId && Number(m[3]) > 0)?.[1];
    return id !== undefined;
  }, "subscriber connection re-subscribed");
  return id!;
}

async function until(condition: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    await sleep(10);
  }
}
