import type { PresenceMember, PresenceStore } from "./backend.ts";

/**
 * Presence settings of a {@link Broadcast}.
 * @example new Broadcast("redis://127.0.0.1:6379", { presence: { ttl: 10_000 } }) // crashed processes' members vanish within 10 s
 */
export interface PresenceOptions {
  /**
   * How long (ms) a member stays listed after its process stops refreshing it — i.e. after a crash. Only shared
   * stores (Redis) expire members; in memory they live until `leave` or `disconnect`. Default 30 000.
   */
  ttl?: number;
  /** How often (ms) this process refreshes its members. Default `ttl / 3`. */
  heartbeatInterval?: number;
}

interface LocalMember {
  joins: number;
  data: unknown;
}

/**
 * Who is in a channel, across every process sharing the backend. `broadcast.presence` is one.
 *
 * A member is identified by `memberId` per channel. Joining the same member twice (two tabs, two processes) keeps
 * it listed until it has left as many times as it joined. Data must be JSON-serialisable; the last join's wins.
 * @example
 * await broadcast.presence.join("room:lobby", user.id, { name: user.name });
 * try { … } finally { await broadcast.presence.leave("room:lobby", user.id); }
 * const here = await broadcast.presence.list<{ name: string }>("room:lobby"); // [{ id, data: { name } }]
 */
export class Presence {
  readonly #store: PresenceStore;
  readonly #ttl: number;
  readonly #heartbeatInterval: number;
  readonly #assertConnected: () => void;
  readonly #onError: (error: Error) => void;
  readonly #local = new Map<string, Map<string, LocalMember>>();
  #heartbeat: NodeJS.Timeout | undefined;

  /** @internal Created by `Broadcast`; use `broadcast.presence`. */
  constructor(store: PresenceStore, options: PresenceOptions, assertConnected: () => void, onError: (error: Error) => void) {
    this.#ttl = options.ttl ?? 30_000;
    this.#heartbeatInterval = options.heartbeatInterval ?? Math.max(1, Math.floor(this.#ttl / 3));
    if (!(this.#ttl > 0)) throw new RangeError("presence.ttl must be a positive number of milliseconds");
    if (!(this.#heartbeatInterval > 0 && this.#heartbeatInterval < this.#ttl)) {
      throw new RangeError("presence.heartbeatInterval must be positive and shorter than presence.ttl");
    }
    this.#store = store;
    this.#assertConnected = assertConnected;
    this.#onError = onError;
  }

  /** Lists `memberId` in `channel` (with `data`) until it leaves, or its process stops for longer than `ttl`. */
  async join(channel: string, memberId: string, data?: unknown): Promise<void> {
    this.#assertConnected();
    assertName("channel", channel);
    assertName("memberId", memberId);
    const copy = JSON.parse(JSON.stringify(data ?? null)) as unknown;
    let members = this.#local.get(channel);
    if (!members) this.#local.set(channel, (members = new Map()));
    const member = members.get(memberId) ?? { joins: 0, data: copy };
    member.joins++;
    member.data = copy;
    members.set(memberId, member);
    try {
      await this.#store.put(channel, [{ id: memberId, data: copy }], this.#ttl);
    } catch (error) {
      this.#forget(channel, memberId);
      throw error;
    }
    this.#startHeartbeat();
  }

  /** Undoes one `join`; the member disappears once every join was undone. Leaving a non-member does nothing. */
  async leave(channel: string, memberId: string): Promise<void> {
    this.#assertConnected();
    if (!this.#forget(channel, memberId)) return;
    await this.#store.remove(channel, memberId);
  }

  /** Members of `channel` in every process, sorted by id. */
  async list<T = unknown>(channel: string): Promise<PresenceMember<T>[]> {
    this.#assertConnected();
    assertName("channel", channel);
    return (await this.#store.list(channel)) as PresenceMember<T>[];
  }

  /** @internal Leaves everything this process joined and stops the heartbeat (from `Broadcast.disconnect`). */
  async close(): Promise<void> {
    this.#stopHeartbeat();
    const entries = [...this.#local].flatMap(([channel, members]) => [...members.keys()].map((id) => [channel, id]));
    this.#local.clear();
    await Promise.allSettled(entries.map(([channel, id]) => this.#store.remove(channel, id)));
  }

  /** Returns true when the member's last join was undone. */
  #forget(channel: string, memberId: string): boolean {
    const members = this.#local.get(channel);
    const member = members?.get(memberId);
    if (!members || !member) return false;
    if (--member.joins > 0) return false;
    members.delete(memberId);
    if (members.size === 0) this.#local.delete(channel);
    if (this.#local.size === 0) this.#stopHeartbeat();
    return true;
  }

  #startHeartbeat(): void {
    if (this.#heartbeat || !this.#store.expires || this.#local.size === 0) return;
    // unref: a forgotten join must not keep the process alive.
    this.#heartbeat = setInterval(() => this.#refresh(), this.#heartbeatInterval).unref();
  }

  #stopHeartbeat(): void {
    clearInterval(this.#heartbeat);
    this.#heartbeat = undefined;
  }

  #refresh(): void {
    for (const [channel, members] of this.#local) {
      const all = [...members].map(([id, member]) => ({ id, data: member.data }));
      // Also restores entries lost to a Redis restart; a failure is retried on the next beat.
      this.#store.put(channel, all, this.#ttl).catch((error: Error) => this.#onError(error));
    }
  }
}

function assertName(what: string, value: unknown): void {
  if (typeof value !== "string" || value.length === 0) throw new TypeError(`${what} must be a non-empty string`);
}
