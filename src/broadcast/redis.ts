import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import type { BackendHooks, BroadcastBackend, BroadcastEvent, Topic } from "./backend.ts";
import { BroadcastError, BroadcastUnavailableError } from "./errors.ts";
import { escapeGlob } from "./glob.ts";
import { createIdGenerator, isEventId } from "./ids.ts";
import {
  closeRedisClient,
  createRedisClient,
  describeEndpoint,
  isReplyError,
  runWhenReady,
  type RedisConnectionOptions,
} from "./redis-connection.ts";
import { RedisPresenceStore } from "./redis-presence.ts";
import { luaScript, runScript } from "./redis-scripts.ts";

export interface RedisBackendOptions extends RedisConnectionOptions {
  /** Starts every Redis name this backend uses: Pub/Sub channels, stream keys, presence keys. */
  prefix: string;
  /** Also append each message to a capped stream per channel, for replay. */
  streams: { maxLength: number } | false;
}

// XADD and PUBLISH in one atomic step: publishers racing on a channel reach subscribers in stream-id order,
// which is what lets a replaying subscriber deduplicate by comparing ids.
const PUBLISH_TO_STREAM = luaScript(`
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'm', ARGV[2])
redis.call('PUBLISH', ARGV[3], '{"id":"' .. id .. '","message":' .. ARGV[2] .. '}')
return id`);

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * `redis://` / `rediss://`: two connections per Broadcast — one for commands, one in subscriber mode carrying
 * every channel and pattern. After Redis comes back from a restart or a network cut, the subscriber connection
 * re-subscribes everything still wanted; `resumed` is reported once that is done *and* the command connection is
 * back too, since the catch-up it starts reads the missed events over the command connection. The two reconnect
 * independently (each on its own backoff timer), so either may come back first.
 */
export class RedisBackend implements BroadcastBackend {
  readonly name = "redis";
  readonly replay: boolean;
  readonly presence: RedisPresenceStore;
  readonly #url: string;
  readonly #endpoint: string;
  readonly #options: RedisBackendOptions;
  readonly #nextId = createIdGenerator();
  /** Every topic with local subscribers, by Redis name ("channel:…" / "pattern:…"). */
  readonly #wanted = new Map<string, Topic>();
  readonly #waiters = new Map<string, Waiter[]>();
  #command: Redis | undefined;
  #subscriber: Redis | undefined;
  #hooks: BackendHooks | undefined;
  /** The subscriber connection dropped and `resumed` hasn't been reported since. */
  #interrupted = false;
  /** The subscriber connection is up and has (re-)subscribed everything wanted since it last connected. */
  #listening = false;

  constructor(url: string, options: RedisBackendOptions) {
    this.#url = url;
    this.#endpoint = describeEndpoint(url);
    this.#options = options;
    this.replay = options.streams !== false;
    const prefix = options.prefix;
    this.presence = new RedisPresenceStore(
      randomBytes(8).toString("hex"),
      { members: (channel) => `${prefix}presence:${channel}`, data: (channel) => `${prefix}presence-data:${channel}` },
      (what, command) => runWhenReady(this.#command, this.#endpoint, what, command),
    );
  }

  async connect(hooks: BackendHooks): Promise<void> {
    const [command, subscriber] = await Promise.all([
      createRedisClient(this.#url, "command", this.#options),
      createRedisClient(this.#url, "subscriber", this.#options),
    ]);
    subscriber.on("message", (channel: string, payload: string) => this.#onMessage(channel, undefined, payload));
    subscriber.on("pmessage", (pattern: string, channel: string, payload: string) => this.#onMessage(channel, pattern, payload));
    subscriber.on("ready", () => void this.#resubscribe(subscriber));
    subscriber.on("close", () => this.#onSubscriberClosed(subscriber));
    command.on("ready", () => command === this.#command && this.#resumeIfLive());
    try {
      await Promise.all([command.connect(), subscriber.connect()]);
    } catch (error) {
      command.disconnect();
      subscriber.disconnect();
      const reason = error instanceof Error ? error.message : String(error);
      throw new BroadcastUnavailableError(`Could not connect to Redis at ${this.#endpoint}: ${reason}`, { cause: error });
    }
    this.#command = command;
    this.#subscriber = subscriber;
    this.#hooks = hooks;
    this.#listening = true;
  }

  async disconnect(): Promise<void> {
    const { command, subscriber } = { command: this.#command, subscriber: this.#subscriber };
    this.#hooks = undefined;
    this.#command = undefined;
    this.#subscriber = undefined;
    this.#interrupted = false;
    this.#listening = false;
    this.#wanted.clear();
    const waiters = [...this.#waiters.values()].flat();
    this.#waiters.clear();
    for (const waiter of waiters) waiter.reject(new BroadcastError("Broadcast disconnected"));
    await Promise.all([command && closeRedisClient(command), subscriber && closeRedisClient(subscriber)]);
  }

  subscribe(topic: Topic): Promise<void> {
    const key = this.#key(topic);
    this.#wanted.set(key, topic);
    const done = new Promise<void>((resolve, reject) => {
      const waiters = this.#waiters.get(key) ?? [];
      waiters.push({ resolve, reject });
      this.#waiters.set(key, waiters);
    });
    const subscriber = this.#subscriber;
    if (subscriber?.status === "ready") {
      // If the connection drops first, the re-subscription after reconnecting settles the waiter instead.
      this.#send(subscriber, [topic]).then(
        () => this.#settle([key]),
        (error) => isReplyError(error) && this.#settle([key], error),
      );
    }
    return done;
  }

  async unsubscribe(topic: Topic): Promise<void> {
    const key = this.#key(topic);
    this.#wanted.delete(key);
    this.#settle([key]);
    const subscriber = this.#subscriber;
    if (subscriber?.status !== "ready") return; // a new connection only subscribes what is wanted
    const name = this.#redisName(topic);
    await (topic.kind === "channel" ? subscriber.unsubscribe(name) : subscriber.punsubscribe(name)).catch(() => {});
  }

  publish(channel: string, json: string): Promise<string> {
    const target = this.#channelName(channel);
    return runWhenReady(this.#command, this.#endpoint, `publish to ${JSON.stringify(channel)}`, async (client) => {
      if (this.#options.streams !== false) {
        const { maxLength } = this.#options.streams;
        return String(await runScript(client, PUBLISH_TO_STREAM, [this.#streamKey(channel)], [maxLength, json, target]));
      }
      const id = this.#nextId();
      await client.publish(target, envelope(id, json));
      return id;
    });
  }

  deleteLog(channel: string): Promise<void> {
    if (this.#options.streams === false) return Promise.resolve();
    return runWhenReady(this.#command, this.#endpoint, `deleting the log of ${JSON.stringify(channel)}`, async (client) => {
      await client.del(this.#streamKey(channel));
    });
  }

  read(channel: string, afterId: string, count: number): Promise<BroadcastEvent[]> {
    return runWhenReady(this.#command, this.#endpoint, `replay of ${JSON.stringify(channel)}`, async (client) => {
      const entries = await client.xrange(this.#streamKey(channel), `(${afterId}`, "+", "COUNT", count);
      return entries.map(([id, fields]) => ({ channel, id, message: JSON.parse(fieldValue(fields, "m") ?? "null") }));
    });
  }

  async #resubscribe(subscriber: Redis): Promise<void> {
    if (subscriber !== this.#subscriber && this.#subscriber !== undefined) return;
    const topics = [...this.#wanted.values()];
    try {
      await this.#send(subscriber, topics);
    } catch (error) {
      if (isReplyError(error)) this.#options.onError(error as Error);
      return; // dropped again: the next "ready" retries
    }
    if (subscriber !== this.#subscriber || subscriber.status !== "ready") return;
    this.#settle(topics.map((topic) => this.#key(topic)));
    this.#listening = true;
    this.#resumeIfLive();
  }

  #onSubscriberClosed(subscriber: Redis): void {
    if (subscriber !== this.#subscriber) return;
    this.#listening = false;
    if (this.#interrupted) return;
    this.#interrupted = true;
    this.#hooks?.interrupted();
  }

  /**
   * Ends an interruption once both connections are back: the subscriber one listening again (events flow) and the
   * command one ready (the catch-up can read what was missed). Runs when either of them gets there; reporting
   * `resumed` with only the subscriber back would fail every catch-up — and with it the subscriptions.
   */
  #resumeIfLive(): void {
    if (!this.#interrupted || !this.#listening || this.#command?.status !== "ready") return;
    this.#interrupted = false;
    this.#hooks?.resumed();
  }

  async #send(subscriber: Redis, topics: readonly Topic[]): Promise<void> {
    const channels = topics.filter((t) => t.kind === "channel").map((t) => this.#redisName(t));
    const patterns = topics.filter((t) => t.kind === "pattern").map((t) => this.#redisName(t));
    await Promise.all([channels.length > 0 && subscriber.subscribe(...channels), patterns.length > 0 && subscriber.psubscribe(...patterns)]);
  }

  #settle(keys: readonly string[], error?: unknown): void {
    for (const key of keys) {
      const waiters = this.#waiters.get(key);
      this.#waiters.delete(key);
      for (const waiter of waiters ?? []) {
        if (error === undefined) waiter.resolve();
        else waiter.reject(new BroadcastError(`Redis refused the subscription: ${(error as Error).message}`, { cause: error }));
      }
    }
  }

  #onMessage(redisChannel: string, redisPattern: string | undefined, payload: string): void {
    const hooks = this.#hooks;
    const prefix = this.#options.prefix;
    if (!hooks || !redisChannel.startsWith(prefix)) return;
    const topic = this.#wanted.get(redisPattern === undefined ? `channel:${redisChannel}` : `pattern:${redisPattern}`);
    if (!topic) return; // unsubscribed while the message was on its way
    const channel = redisChannel.slice(prefix.length);
    hooks.event(topic, { channel, ...this.#decode(payload) });
  }

  /** Our envelope, or — for messages published by other Redis clients — the raw payload with a local id. */
  #decode(payload: string): { id: string; message: unknown } {
    let value: unknown;
    try {
      value = JSON.parse(payload);
    } catch {
      return { id: this.#nextId(), message: payload };
    }
    if (isEnvelope(value)) return { id: value.id, message: value.message };
    return { id: this.#nextId(), message: value };
  }

  #key(topic: Topic): string {
    return `${topic.kind}:${this.#redisName(topic)}`;
  }

  #redisName(topic: Topic): string {
    return topic.kind === "channel" ? this.#channelName(topic.name) : escapeGlob(this.#options.prefix) + topic.name;
  }

  #channelName(channel: string): string {
    return this.#options.prefix + channel;
  }

  #streamKey(channel: string): string {
    return `${this.#options.prefix}stream:${channel}`;
  }
}

function envelope(id: string, json: string): string {
  return `{"id":"${id}","message":${json}}`;
}

function isEnvelope(value: unknown): value is { id: string; message: unknown } {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  return typeof record.id === "string" && isEventId(record.id) && "message" in record && Object.keys(record).length === 2;
}

function fieldValue(fields: readonly string[], name: string): string | undefined {
  for (let i = 0; i < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
  return undefined;
}
