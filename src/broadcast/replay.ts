import type { BroadcastEvent } from "./backend.ts";
import { compareEventIds } from "./ids.ts";
import type { EventQueue } from "./subscription.ts";

/** Reads up to `count` logged events with an id greater than `afterId`, oldest first. */
export type ReadLog = (afterId: string, count: number) => Promise<BroadcastEvent[]>;

/**
 * Feeds one stream-backed channel subscription so that a replay (`since`) or a reconnect leaves no gap and no
 * duplicate. While the log is read from the cursor, live events are held back; afterwards only held events newer
 * than the last replayed one pass. Stream ids totally order a channel, so "newer" is an id comparison.
 *
 * Once merged, live events are not compared by id — a stream recreated on a server whose clock is behind would
 * have every new event dropped as "old" — with one exception: the log is read over another connection than the
 * live feed, so an event the catch-up replayed may still be on its way over the live one (the two sockets don't
 * keep each other's order). Those late copies are recognised by id, exactly: the live feed delivers in log order,
 * so they all come before the first event newer than the replay, and the ids are forgotten then.
 */
export class ReplayFeed {
  readonly #queue: EventQueue;
  readonly #read: ReadLog;
  #cursor: string | undefined;
  #live: boolean;
  #held: BroadcastEvent[] = [];
  /** Ids the last catch-up replayed from the log whose live copy may still arrive; see the class comment. */
  #replayed = new Set<string>();
  #lastReplayed: string | undefined;
  #heldOverflowed = false;
  #pauses = 0;
  #chain: Promise<void> = Promise.resolve();

  /** With `since`, holds live events until {@link catchUp} has replayed what came after it. */
  constructor(queue: EventQueue, read: ReadLog, since?: string) {
    this.#queue = queue;
    this.#read = read;
    this.#cursor = since;
    this.#live = since === undefined;
  }

  offer(event: BroadcastEvent): void {
    if (this.#live) {
      if (this.#replayed.size > 0 && this.#isLateCopy(event.id)) return;
      this.#cursor = event.id;
      this.#queue.push(event);
      return;
    }
    if (this.#held.length >= this.#queue.bufferSize) {
      // Everything held is also in the log after the cursor: forget it and let the catch-up read further.
      this.#held = [];
      this.#heldOverflowed = true;
    }
    this.#held.push(event);
  }

  /** The live feed was interrupted: hold events until the next {@link catchUp}. */
  pause(): void {
    this.#pauses++;
    this.#live = false;
  }

  /** Replays the log after the cursor, then releases held events; runs one at a time. */
  catchUp(): Promise<void> {
    const run = this.#chain.then(() => this.#run());
    this.#chain = run;
    return run;
  }

  async #run(): Promise<void> {
    if (this.#live || !this.#queue.open) return;
    const pausesAtStart = this.#pauses;
    this.#forgetReplayed();
    try {
      if (this.#cursor !== undefined && !(await this.#replay())) return;
    } catch (error) {
      // Interrupted again: the catch-up that follows the next resume starts over. Otherwise the loop must learn.
      if (this.#pauses === pausesAtStart) this.#queue.fail(error);
      return;
    }
    if (this.#pauses !== pausesAtStart) return;
    const held = this.#held;
    this.#held = [];
    this.#live = true;
    for (const event of held) this.#deliverIfNewer(event);
  }

  /** Returns false when the subscription stopped meanwhile. */
  async #replay(): Promise<boolean> {
    const pageSize = this.#queue.bufferSize;
    for (;;) {
      this.#heldOverflowed = false;
      const page = await this.#read(this.#cursor!, pageSize);
      for (const event of page) {
        while (this.#queue.open && !this.#queue.hasSpace()) await this.#queue.waitForSpace();
        if (!this.#queue.open) return false;
        if (this.#deliverIfNewer(event)) {
          this.#replayed.add(event.id);
          this.#lastReplayed = event.id;
        }
      }
      if (page.length < pageSize && !this.#heldOverflowed) return true;
    }
  }

  #deliverIfNewer(event: BroadcastEvent): boolean {
    if (this.#cursor !== undefined && compareEventIds(event.id, this.#cursor) <= 0) return false;
    this.#cursor = event.id;
    this.#queue.push(event);
    return true;
  }

  /** Whether a live event is a late copy of a replayed one; forgets the replayed ids once past them. */
  #isLateCopy(id: string): boolean {
    if (this.#replayed.has(id)) return true;
    if (compareEventIds(id, this.#lastReplayed!) > 0) this.#forgetReplayed();
    return false;
  }

  #forgetReplayed(): void {
    this.#replayed = new Set();
    this.#lastReplayed = undefined;
  }
}
