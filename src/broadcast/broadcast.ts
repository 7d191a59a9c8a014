import { channel } from "node:diagnostics_channel";
import type { BackendHooks, BroadcastBackend, Topic } from "./backend.ts";
import { BroadcastError } from "./errors.ts";
import { isEventId, normalizeEventId } from "./ids.ts";
import { createBackend, type BroadcastOptions } from "./options.ts";
import { Presence } from "./presence.ts";
import { ReplayFeed } from "./replay.ts";
import { EventQueue, type QueueOptions, type Subscription } from "./subscription.ts";

/** Options of {@link Broadcast.subscribe}. */
export interface SubscribeOptions extends QueueOptions {
  /**
   * Replay what was published after this event id, then continue live — with no gap and no duplicate. Needs
   * `streams`; only what the capped log still holds can be replayed.
   */
  since?: string;
}

interface Group {
  readonly topic: Topic;
  /** Each subscriber's queue itself (its replay feed, if any, on the queue too): one object per delivery. */
  readonly members: Set<EventQueue>;
  readonly live: Promise<void>;
}

/**
 * Publish/subscribe between WebSocket handlers — in one process (`memory://`, the default) or across processes
 * and machines (`redis://host:port/db`, `rediss://…`). Connect and disconnect it from the app's lifespan.
 *
 * Event ids (`event.id`, returned by `publish`) look like Redis Stream ids, `"<ms>-<seq>"`:
 * - `memory://`: strictly increasing per Broadcast instance.
 * - `redis://` with `streams`: the Redis Stream entry id — one total order per channel, across all processes.
 * - `redis://` without `streams`: minted by the publishing process — unique and increasing among that process's
 *   messages only; don't compare ids of different publishers.
 *
 * Redis: one command connection and one subscriber connection carrying every channel. Losing Redis never hangs a
 * caller — `publish` and presence calls fail fast with `BroadcastUnavailableError` — and subscriptions survive: the
 * backend reconnects with backoff and re-subscribes, and stream-backed channel subscriptions that already received
 * an event (or were opened with `since`) replay what they missed meanwhile.
 * @example
 * const broadcast = new Broadcast(process.env.BROADCAST_URL ?? "memory://");
 * const app = new App({ lifespan: async function* () { await broadcast.connect(); yield; await broadcast.disconnect(); } });
 * app.websocket("/ws/{room}", async (ws, { path }) => {
 *   await ws.accept();
 *   for await (const event of broadcast.subscribe(`room:${path.room}`)) await ws.sendJson(event.message);
 *   // or, to send each event as it is, written inside the publish that delivers it:
 *   // await broadcast.subscribe(`room:${path.room}`).pipeTo(ws);
 * });
 * await broadcast.publish("room:lobby", { from: "alice", text: "hi" });
 */
export class Broadcast {
  /** Members of channels across every process; see {@link Presence}. */
  readonly presence: Presence;
  readonly #backend: BroadcastBackend;
  readonly #options: BroadcastOptions;
  readonly #groups = new Map<string, Group>();
  #state: "idle" | "connecting" | "connected" | "disconnecting" = "idle";
  #transition: Promise<void> = Promise.resolve();

  /**
   * @param url `memory://` (default), `redis://[user:pass@]host:port/db`, `rediss://…` (TLS); query parameters
   *   `streams=1`, `maxlen=N` and `prefix=…` mirror the options.
   * @example new Broadcast("redis://127.0.0.1:6379/0?streams=1", { streams: { maxLength: 5000 } })
   */
  constructor(url = "memory://", options: BroadcastOptions = {}) {
    this.#backend = createBackend(url, options);
    this.#options = options;
    this.presence = new Presence(this.#backend.presence, options.presence ?? {}, () => this.#assertConnected(), options.onError ?? (() => {}));
  }

  /** `"memory"` or `"redis"`. */
  get backendName(): string {
    return this.#backend.name;
  }

  /** Whether `subscribe(channel, { since })` can replay (`streams` enabled). */
  get replay(): boolean {
    return this.#backend.replay;
  }

  get connected(): boolean {
    return this.#state === "connected";
  }

  /**
   * Opens the backend's connections. Rejects with `BroadcastUnavailableError` when Redis can't be reached.
   * Calling it while connected does nothing.
   * @example await broadcast.connect();
   */
  connect(): Promise<void> {
    if (this.#state === "connected" || this.#state === "connecting") return this.#transition;
    // A failed earlier attempt must not poison this one.
    this.#transition = this.#transition
      .catch(() => {})
      .then(async () => {
        if (this.#state === "connected") return;
        this.#state = "connecting";
        try {
          await this.#backend.connect(this.#hooks());
          this.#state = "connected";
          channel("skiff:broadcast:connected").publish({ backend: this.#backend.name }); // `skiff run --workers` warns for memory
        } catch (error) {
          this.#state = "idle";
          throw error;
        }
      });
    return this.#transition;
  }

  /**
   * Ends every subscription loop quietly, removes this process's presence members and closes the connections.
   * Idempotent; the Broadcast may be connected again afterwards.
   * @example await broadcast.disconnect();
   */
  disconnect(): Promise<void> {
    if (this.#state === "idle" || this.#state === "disconnecting") return this.#transition.catch(() => {});
    this.#transition = this.#transition
      .catch(() => {})
      .then(async () => {
        if (this.#state !== "connected") return;
        this.#state = "disconnecting";
        const groups = [...this.#groups.values()];
        this.#groups.clear();
        for (const group of groups) for (const queue of group.members) queue.end();
        try {
          await this.presence.close();
        } finally {
          await this.#backend.disconnect();
          this.#state = "idle";
        }
      });
    return this.#transition;
  }

  /**
   * Sends `message` (any JSON-serialisable value) to every subscriber of `channel`, in every process, and returns
   * its event id. Rejects with `BroadcastUnavailableError` — without waiting — while Redis is unreachable.
   * @example const id = await broadcast.publish("room:lobby", { from: "alice", text: "hi" });
   */
  async publish(channel: string, message: unknown): Promise<string> {
    this.#assertConnected();
    assertChannel(channel, "channel");
    return this.#backend.publish(channel, serialize(message));
  }

  /**
   * Forgets the replay log of `channel` (its Redis Stream on `redis://`) to free the memory of a channel that went
   * quiet. Live subscribers are unaffected; `since` can no longer replay what the log held; later publishes start a
   * new log.
   * @example await broadcast.deleteLog("room:abandoned");
   */
  async deleteLog(channel: string): Promise<void> {
    this.#assertConnected();
    assertChannel(channel, "channel");
    await this.#backend.deleteLog(channel);
  }

  /**
   * Subscribes to one channel. The returned iterator is live at once (await `.ready` to know the backend
   * confirmed it) and unsubscribes when the loop ends; the backend subscription is dropped with the last local
   * subscriber of the channel. Channel names are exact: `*` has no special meaning here, see {@link psubscribe}.
   * @example
   * for await (const { message, id } of broadcast.subscribe<ChatMessage>("room:lobby")) await ws.sendJson(message);
   * // after a reconnect of the client, resume where it left off (needs `streams`):
   * for await (const event of broadcast.subscribe("room:lobby", { since: lastSeenId })) …
   */
  subscribe<T = unknown>(channel: string, options: SubscribeOptions = {}): Subscription<T> {
    this.#assertConnected();
    assertChannel(channel, "channel");
    const { since } = options;
    if (since !== undefined) {
      if (!this.#backend.replay) {
        throw new BroadcastError("subscribe({ since }) needs replay: enable streams (`?streams=1` or `{ streams: true }`)");
      }
      if (typeof since !== "string" || !isEventId(since)) throw new TypeError(`Invalid since id ${JSON.stringify(since)}`);
    }
    return this.#open({ kind: "channel", name: channel }, options, since) as Subscription<T>;
  }

  /**
   * Subscribes to every channel matching a Redis-style glob — `*` any run, `?` one character, `[a-z]` a class,
   * `\*` a literal star — with the same semantics on every backend. `event.channel` tells which channel matched.
   * A message on a channel you also subscribed to exactly is delivered to both subscriptions. No replay.
   * @example for await (const { channel, message } of broadcast.psubscribe("room:*")) log(channel, message);
   */
  psubscribe<T = unknown>(pattern: string, options: QueueOptions = {}): Subscription<T> {
    this.#assertConnected();
    assertChannel(pattern, "pattern");
    return this.#open({ kind: "pattern", name: pattern }, options, undefined) as Subscription<T>;
  }

  #open(topic: Topic, options: QueueOptions, since: string | undefined): EventQueue {
    const key = `${topic.kind}:${topic.name}`;
    let group = this.#groups.get(key);
    if (!group) {
      group = { topic, members: new Set(), live: this.#backend.subscribe(topic) };
      this.#groups.set(key, group);
      const created = group;
      created.live.catch(() => {
        if (this.#groups.get(key) === created) this.#groups.delete(key); // the next subscriber retries
      });
    }
    const joined = group;
    const queueOptions = { bufferSize: this.#options.bufferSize, overflow: this.#options.overflow, ...definedOnly(options) };
    const queue: EventQueue = new EventQueue(describe(topic), queueOptions, joined.live, () => this.#leave(key, joined, queue));
    const feed =
      topic.kind === "channel" && this.#backend.replay
        ? new ReplayFeed(queue, (after, count) => this.#backend.read(topic.name, after, count), since && normalizeEventId(since))
        : undefined;
    queue.replayFeed = feed;
    joined.members.add(queue);
    joined.live.then(
      () => feed?.catchUp(),
      (error: unknown) => queue.fail(error),
    );
    return queue;
  }

  #leave(key: string, group: Group, queue: EventQueue): void {
    group.members.delete(queue);
    if (group.members.size > 0 || this.#groups.get(key) !== group) return;
    this.#groups.delete(key);
    if (this.#state === "connected") {
      this.#backend.unsubscribe(group.topic).catch((error: Error) => this.#options.onError?.(error));
    }
  }

  #hooks(): BackendHooks {
    const members = () => [...this.#groups.values()].flatMap((group) => [...group.members]);
    return {
      event: (topic, event) => {
        const group = this.#groups.get(`${topic.kind}:${topic.name}`);
        if (!group) return;
        for (const queue of group.members) {
          const feed = queue.replayFeed;
          if (feed) feed.offer(event);
          else queue.push(event);
        }
      },
      interrupted: () => {
        for (const queue of members()) queue.replayFeed?.pause();
      },
      resumed: () => {
        for (const queue of members()) void queue.replayFeed?.catchUp();
      },
    };
  }

  #assertConnected(): void {
    if (this.#state !== "connected") {
      throw new BroadcastError("Broadcast is not connected: call `await broadcast.connect()` first (e.g. in the lifespan)");
    }
  }
}

function serialize(message: unknown): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(message);
  } catch (error) {
    throw new TypeError(`Broadcast messages must be JSON-serialisable: ${(error as Error).message}`, { cause: error });
  }
  if (json === undefined) throw new TypeError(`Broadcast messages must be JSON-serialisable, got ${typeof message}`);
  return json;
}

function assertChannel(name: unknown, what: string): void {
  if (typeof name !== "string" || name.length === 0) throw new TypeError(`${what} must be a non-empty string`);
}

function describe(topic: Topic): string {
  return `${topic.kind} ${JSON.stringify(topic.name)}`;
}

function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}
