import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { Broadcast, BroadcastUnavailableError } from "skiffjs/broadcast";
import { Collector, ThrowawayRedis, freePort, redisServerSkipReason, uniquePrefix, until } from "./helpers.ts";

const skip = await redisServerSkipReason();

describe("surviving a Redis restart (own redis-server, never the shared one)", { skip }, () => {
  const opened: Broadcast[] = [];
  let server: ThrowawayRedis | undefined;

  after(async () => {
    await Promise.all(opened.map((broadcast) => broadcast.disconnect()));
    await server?.stop();
  });

  test("subscribers come back by themselves; publish fails fast while Redis is down", async () => {
    server = new ThrowawayRedis(await freePort());
    const options = { prefix: uniquePrefix(), commandTimeout: 1000, reconnect: { minDelay: 20, maxDelay: 200 } };
    const subscriberSide = new Broadcast(server.url, options);
    const publisherSide = new Broadcast(server.url, options);
    opened.push(subscriberSide, publisherSide);
    await assert.rejects(subscriberSide.connect(), BroadcastUnavailableError); // not started yet
    await server.start();
    await Promise.all([subscriberSide.connect(), publisherSide.connect()]); // a failed connect can be retried

    const room = subscriberSide.subscribe("room");
    const pattern = subscriberSide.psubscribe("ro*");
    await Promise.all([room.ready, pattern.ready]);
    const [roomEvents, patternEvents] = [new Collector(room), new Collector(pattern)];
    await publisherSide.publish("room", "before");
    await roomEvents.waitFor(1);

    await server.stop();
    const started = Date.now();
    await assert.rejects(publisherSide.publish("room", "while down"), (error: unknown) => {
      assert.ok(error instanceof BroadcastUnavailableError, String(error));
      assert.match(error.message, /unavailable/);
      return true;
    });
    assert.ok(Date.now() - started < 1500, `publish took ${Date.now() - started} ms to fail`);
    await assert.rejects(publisherSide.presence.list("room"), BroadcastUnavailableError);
    const openedWhileDown = subscriberSide.subscribe("room:during");
    let live = false;
    void openedWhileDown.ready.then(() => (live = true));

    await server.start();
    // Publish probes until one arrives: that proves the subscriber reconnected and re-subscribed.
    const deadline = Date.now() + 10_000;
    for (let probe = 0; roomEvents.events.length < 2; probe++) {
      assert.ok(Date.now() < deadline, "subscriber did not recover within 10 s");
      await publisherSide.publish("room", `probe ${probe}`).catch(() => {});
      await sleep(50);
    }
    await publisherSide.publish("room", "after");
    await until(
      () => roomEvents.messages.includes("after") && patternEvents.messages.includes("after"),
      3000,
      () => "no 'after'",
    );
    assert.deepEqual(
      roomEvents.messages.filter((m) => !String(m).startsWith("probe")),
      ["before", "after"],
    );
    assert.deepEqual(
      patternEvents.messages.filter((m) => !String(m).startsWith("probe")),
      ["before", "after"],
    );

    // Subscriptions opened during the outage and after it work too, and presence writes go through again.
    await openedWhileDown.ready;
    assert.ok(live);
    const lateSubscription = subscriberSide.subscribe("room:late");
    await lateSubscription.ready;
    const [during, late] = [new Collector(openedWhileDown), new Collector(lateSubscription)];
    await publisherSide.publish("room:during", "during");
    await publisherSide.publish("room:late", "late");
    assert.deepEqual(await during.waitFor(1), ["during"]);
    assert.deepEqual(await late.waitFor(1), ["late"]);
    await publisherSide.presence.join("room", "dave");
    assert.deepEqual(
      (await subscriberSide.presence.list("room")).map((m) => m.id),
      ["dave"],
    );
  });
});
