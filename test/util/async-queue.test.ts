import assert from "node:assert/strict";
import { test } from "node:test";
import { AsyncQueue, AsyncQueueEnded, type Taker } from "../../src/util/async-queue.ts";

test("items reach takers in order: those already waiting first, then later ones from the buffer", async () => {
  const queue = new AsyncQueue<string>();
  const first = queue.take();
  const second = queue.next();
  queue.push("a");
  queue.push("b");
  queue.push("c");
  assert.equal(await first, "a");
  assert.deepEqual(await second, { done: false, value: "b" });
  assert.equal(queue.size, 1);
  assert.equal(await queue.take(), "c");
  assert.equal(queue.size, 0);
});

test("a quiet end comes after the queued items; pushes after it are dropped", async () => {
  const queue = new AsyncQueue<number>();
  queue.push(1);
  queue.push(2);
  queue.end();
  assert.equal(queue.push(3), false);
  const seen: number[] = [];
  for await (const item of queue) seen.push(item);
  assert.deepEqual(seen, [1, 2]);
  assert.deepEqual(await queue.next(), { done: true, value: undefined });
  await assert.rejects(queue.take(), AsyncQueueEnded);
});

test("a failure comes after the queued items: a loop throws it once, take() every time", async () => {
  const queue = new AsyncQueue<string>();
  queue.push("a");
  queue.fail(new Error("boom"));
  queue.end(); // the first end wins
  const seen: string[] = [];
  await assert.rejects(
    (async () => {
      for await (const item of queue) seen.push(item);
    })(),
    /boom/,
  );
  assert.deepEqual(seen, ["a"]);
  assert.deepEqual(await queue.next(), { done: true, value: undefined });
  await assert.rejects(queue.take(), /boom/);
  await assert.rejects(queue.take(), /boom/);
});

test("every taker waiting when the queue ends hears of it at once", async () => {
  const quiet = new AsyncQueue<string>();
  const loops = [quiet.next(), quiet.next()];
  quiet.end();
  assert.deepEqual(await Promise.all(loops), [
    { done: true, value: undefined },
    { done: true, value: undefined },
  ]);

  const failed = new AsyncQueue<string>();
  const takes = [failed.take(), failed.next()];
  failed.fail(new Error("gone"));
  await assert.rejects(takes[0]!, /gone/);
  await assert.rejects(takes[1]!, /gone/);
});

test("leaving a loop early ends the queue and drops what it holds", async () => {
  const queue = new AsyncQueue<number>();
  for (let i = 0; i < 5; i++) queue.push(i);
  for await (const item of queue) {
    assert.equal(item, 0);
    break;
  }
  assert.equal(queue.ended, true);
  assert.equal(queue.size, 0);
  assert.equal(queue.push(9), false);
  assert.deepEqual(await queue.next(), { done: true, value: undefined });
});

test("a taker of one's own is told once; one that withdraws is skipped", () => {
  const queue = new AsyncQueue<string>();
  const log: string[] = [];
  const taker = (name: string): Taker<string> => ({
    resolve: (item) => log.push(`${name} got ${item}`),
    reject: (error) => log.push(`${name} failed: ${(error as Error).message}`),
    end: () => log.push(`${name} ended`),
  });
  const gaveUp = taker("gave-up");
  queue.takeInto(gaveUp);
  queue.takeInto(taker("second"));
  assert.equal(queue.withdraw(gaveUp), true);
  assert.equal(queue.withdraw(gaveUp), false);
  queue.push("x");
  queue.push("y");
  queue.takeInto(taker("third")); // at once, from the buffer
  queue.takeInto(taker("fourth"));
  queue.fail(new Error("closed"));
  queue.takeInto(taker("late"));
  assert.deepEqual(log, ["second got x", "third got y", "fourth failed: closed", "late failed: closed"]);
});

test("subclasses hear items enter and leave the buffer, and choose what late takers of a failure get", async () => {
  class Counted extends AsyncQueue<string> {
    chars = 0;
    protected override queued(item: string): void {
      this.chars += item.length;
    }
    protected override dequeued(item: string): void {
      this.chars -= item.length;
    }
    protected override failureFor(error: unknown, reported: boolean): unknown {
      return reported ? new Error("asked again") : error;
    }
  }
  const queue = new Counted();
  const waiting = queue.take();
  queue.push("direct"); // straight to the taker: never buffered
  assert.equal(await waiting, "direct");
  assert.equal(queue.chars, 0);
  queue.push("abc");
  queue.push("de");
  assert.equal(queue.chars, 5);
  assert.equal(queue.shift(), "abc");
  assert.equal(queue.chars, 2);
  queue.clear();
  assert.equal(queue.chars, 0);
  queue.fail(new Error("first"));
  await assert.rejects(queue.take(), /^Error: first$/);
  await assert.rejects(queue.take(), /asked again/);
});
