// deleteLog(channel): a quiet channel's replay log is freed; live subscribers go on; later events start a new log.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { Broadcast } from "skiffjs/broadcast";
import { Collector, REDIS_URL, deleteKeys, redisCommand, redisSkipReason, uniquePrefix } from "./helpers.ts";

const skip = await redisSkipReason();
const prefix = uniquePrefix();
after(async () => {
  if (!skip) await deleteKeys(prefix);
});

async function scenario(url: string): Promise<void> {
  const broadcast = new Broadcast(url, { streams: { maxLength: 100 } });
  await broadcast.connect();
  try {
    const live = new Collector(broadcast.subscribe("room"));
    await broadcast.subscribe("room").ready;
    await broadcast.publish("room", "before");
    await broadcast.publish("other", "kept");
    await broadcast.deleteLog("room");
    await broadcast.publish("room", "after");
    assert.deepEqual(await new Collector(broadcast.subscribe("room", { since: "0" })).waitFor(1), ["after"], "the log restarted after the delete");
    assert.deepEqual(await new Collector(broadcast.subscribe("other", { since: "0" })).waitFor(1), ["kept"], "other channels keep theirs");
    assert.deepEqual(await live.waitFor(2), ["before", "after"], "live subscribers are unaffected");
  } finally {
    await broadcast.disconnect();
  }
}

test("memory://: deleteLog frees a channel's replay log", () => scenario("memory://"));

test("redis://: deleteLog deletes the channel's stream", { skip }, async () => {
  await scenario(`${REDIS_URL}/0?prefix=${encodeURIComponent(prefix)}`);
  const keys = (await redisCommand("KEYS", `${prefix}*`)) as string[];
  assert.ok(
    keys.some((k) => k.includes("other")),
    `the other channel's stream stays: ${keys}`,
  );
});
