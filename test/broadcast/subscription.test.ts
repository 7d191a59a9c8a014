import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Broadcast, BroadcastOverflowError } from "skiffjs/broadcast";
import { Collector } from "./helpers.ts";

describe("subscription backpressure", () => {
  test('overflow "error" (default): queued events still arrive, then the loop throws with lastId', async () => {
    const broadcast = new Broadcast("memory://");
    await broadcast.connect();
    const subscription = broadcast.subscribe("room", { bufferSize: 3 });
    const ids: string[] = [];
    for (const n of [1, 2, 3, 4, 5]) ids.push(await broadcast.publish("room", n));
    const seen: unknown[] = [];
    await assert.rejects(
      (async () => {
        for await (const event of subscription) seen.push(event.message);
      })(),
      (error: unknown) => error instanceof BroadcastOverflowError && error.lastId === ids[2] && /bufferSize/.test(error.message),
    );
    assert.deepEqual(seen, [1, 2, 3]);
    assert.equal((await subscription.next()).done, true);
    await broadcast.disconnect();
  });

  test('overflow "dropOldest": keeps the newest bufferSize events and counts the dropped ones', async () => {
    const broadcast = new Broadcast("memory://", { overflow: "dropOldest", bufferSize: 100 });
    await broadcast.connect();
    const subscription = broadcast.subscribe("room", { bufferSize: 2 });
    for (const n of [1, 2, 3, 4, 5]) await broadcast.publish("room", n);
    assert.equal(subscription.dropped, 3);
    const collector = new Collector(subscription);
    assert.deepEqual(await collector.waitFor(2), [4, 5]);
    await broadcast.disconnect();
  });

  test("a consumer that keeps up never overflows, however many events pass", async () => {
    const broadcast = new Broadcast("memory://", { bufferSize: 2 });
    await broadcast.connect();
    const collector = new Collector(broadcast.subscribe("room"));
    for (let n = 0; n < 500; n++) {
      await broadcast.publish("room", n);
      await new Promise((resolve) => setImmediate(resolve));
    }
    assert.equal((await collector.waitFor(500)).length, 500);
    await broadcast.disconnect();
  });

  test("a stream replay larger than the buffer is paced by the consumer, not dropped", async () => {
    const broadcast = new Broadcast("memory://?streams=1");
    await broadcast.connect();
    const first = await broadcast.publish("room", 0);
    for (let n = 1; n <= 20; n++) await broadcast.publish("room", n);
    const collector = new Collector(broadcast.subscribe("room", { since: first, bufferSize: 3 }));
    await collector.waitFor(20);
    await broadcast.publish("room", 21);
    assert.deepEqual(
      await collector.waitFor(21),
      Array.from({ length: 21 }, (_, i) => i + 1),
    );
    await broadcast.disconnect();
  });

  test("rejects a nonsensical bufferSize", async () => {
    const broadcast = new Broadcast();
    await broadcast.connect();
    assert.throws(() => broadcast.subscribe("room", { bufferSize: 0 }), RangeError);
    await broadcast.disconnect();
  });
});
