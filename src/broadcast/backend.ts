/**
 * One message as a subscriber sees it.
 * - `channel`: the channel it was published on (for a pattern subscription, the concrete channel that matched).
 * - `message`: the published value after a JSON round trip (so `Date`s arrive as strings, on every backend).
 * - `id`: `"<ms>-<seq>"`; see {@link Broadcast} for what ids guarantee on each backend.
 */
export interface BroadcastEvent<T = unknown> {
  readonly channel: string;
  readonly message: T;
  readonly id: string;
}

/** What a backend subscribes to: one exact channel, or a Redis-style glob pattern. */
export interface Topic {
  readonly kind: "channel" | "pattern";
  readonly name: string;
}

/** How a backend reports back to the {@link Broadcast} that owns it. */
export interface BackendHooks {
  /** A message arrived for a topic this backend is subscribed to. */
  event(topic: Topic, event: BroadcastEvent): void;
  /** The live feed stopped (connection lost); events may be missed until `resumed`. */
  interrupted(): void;
  /** Every subscription is live again after an interruption, and `read` can fetch what was missed meanwhile. */
  resumed(): void;
}

/** A presence entry as stored: who, and the data they joined with. */
export interface PresenceMember<T = unknown> {
  readonly id: string;
  readonly data: T;
}

/** Where presence lives. Entries of this process are refcounted by `Presence`; stores only hold them. */
export interface PresenceStore {
  /** Whether entries expire unless re-`put` (shared stores that must forget crashed processes). */
  readonly expires: boolean;
  /** Adds or refreshes entries for `ttlMs`. */
  put(channel: string, members: readonly PresenceMember[], ttlMs: number): Promise<void>;
  remove(channel: string, memberId: string): Promise<void>;
  list(channel: string): Promise<PresenceMember[]>;
}

/**
 * The transport behind a {@link Broadcast}: `memory.ts` (one process) and `redis.ts` (many). Subscriptions arrive
 * here already deduplicated — one `subscribe` per topic however many local subscribers share it.
 */
export interface BroadcastBackend {
  readonly name: string;
  /** Whether `read` works: channels keep a capped log whose ids order events (`streams` option). */
  readonly replay: boolean;
  readonly presence: PresenceStore;
  connect(hooks: BackendHooks): Promise<void>;
  disconnect(): Promise<void>;
  /** Resolves once events for `topic` flow; while disconnected, once they flow again. */
  subscribe(topic: Topic): Promise<void>;
  unsubscribe(topic: Topic): Promise<void>;
  /** Publishes an already serialised JSON value and returns its event id. */
  publish(channel: string, json: string): Promise<string>;
  /** Up to `count` logged events of `channel` with an id greater than `afterId`, oldest first. */
  read(channel: string, afterId: string, count: number): Promise<BroadcastEvent[]>;
  /** Drops the logged events of `channel` (nothing to do without `replay`). */
  deleteLog(channel: string): Promise<void>;
}
