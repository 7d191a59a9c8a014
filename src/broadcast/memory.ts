import type { BackendHooks, BroadcastBackend, BroadcastEvent, Topic } from "./backend.ts";
import { globMatcher } from "./glob.ts";
import { compareEventIds, createIdGenerator } from "./ids.ts";
import { MemoryPresenceStore } from "./memory-presence.ts";

export interface MemoryBackendOptions {
  /** Keep the last `maxLength` events of each channel so `subscribe(channel, { since })` can replay them. */
  streams: { maxLength: number } | false;
}

/**
 * `memory://`: publish and subscribe inside one process (one `Broadcast` instance — two instances share nothing).
 * Delivery is synchronous with `publish`, so events keep their publish order.
 */
export class MemoryBackend implements BroadcastBackend {
  readonly name = "memory";
  readonly replay: boolean;
  readonly presence = new MemoryPresenceStore();
  readonly #maxLength: number;
  readonly #nextId = createIdGenerator();
  readonly #channels = new Set<string>();
  readonly #patterns = new Map<string, (channel: string) => boolean>();
  readonly #logs = new Map<string, BroadcastEvent[]>();
  #hooks: BackendHooks | undefined;

  constructor(options: MemoryBackendOptions) {
    this.replay = options.streams !== false;
    this.#maxLength = options.streams === false ? 0 : options.streams.maxLength;
  }

  async connect(hooks: BackendHooks): Promise<void> {
    this.#hooks = hooks;
  }

  async disconnect(): Promise<void> {
    this.#hooks = undefined;
    this.#channels.clear();
    this.#patterns.clear();
  }

  async subscribe(topic: Topic): Promise<void> {
    if (topic.kind === "channel") this.#channels.add(topic.name);
    else this.#patterns.set(topic.name, globMatcher(topic.name));
  }

  async unsubscribe(topic: Topic): Promise<void> {
    if (topic.kind === "channel") this.#channels.delete(topic.name);
    else this.#patterns.delete(topic.name);
  }

  async publish(channel: string, json: string): Promise<string> {
    const event: BroadcastEvent = { channel, message: JSON.parse(json), id: this.#nextId() };
    if (this.replay) this.#log(event);
    const hooks = this.#hooks;
    if (!hooks) return event.id;
    if (this.#channels.has(channel)) hooks.event({ kind: "channel", name: channel }, event);
    for (const [pattern, matches] of this.#patterns) {
      if (matches(channel)) hooks.event({ kind: "pattern", name: pattern }, event);
    }
    return event.id;
  }

  async read(channel: string, afterId: string, count: number): Promise<BroadcastEvent[]> {
    const log = this.#logs.get(channel) ?? [];
    let start = log.length;
    while (start > 0 && compareEventIds(log[start - 1].id, afterId) > 0) start--;
    return log.slice(start, start + count);
  }

  async deleteLog(channel: string): Promise<void> {
    this.#logs.delete(channel);
  }

  #log(event: BroadcastEvent): void {
    let log = this.#logs.get(event.channel);
    if (!log) this.#logs.set(event.channel, (log = []));
    log.push(event);
    if (log.length > this.#maxLength) log.splice(0, log.length - this.#maxLength);
  }
}
