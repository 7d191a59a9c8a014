// The ChatStore of one process.
import type { ChatMessageOut } from "./messages.ts";
import type { ChatStore, HistoryLimits } from "./store.ts";

interface History {
  entries: { message: ChatMessageOut; bytes: number }[];
  bytes: number;
}

export class MemoryStore implements ChatStore {
  readonly kind = "memory";
  readonly #history = new Map<string, History>();
  /** Room → when it was last used (ms). */
  readonly #rooms = new Map<string, number>();

  async connect(): Promise<void> {}
  async close(): Promise<void> {}
  async ping(): Promise<boolean> {
    return true;
  }

  async append(room: string, message: ChatMessageOut, limits: HistoryLimits): Promise<void> {
    let history = this.#history.get(room);
    if (!history) this.#history.set(room, (history = { entries: [], bytes: 0 }));
    const bytes = Buffer.byteLength(JSON.stringify(message));
    history.entries.push({ message, bytes });
    history.bytes += bytes;
    while (history.entries.length > 0 && (history.entries.length > limits.keep || history.bytes > limits.maxBytes)) {
      history.bytes -= history.entries.shift()!.bytes;
    }
  }

  async recent(room: string, limit: number): Promise<ChatMessageOut[]> {
    return (this.#history.get(room)?.entries ?? []).slice(-limit).map((entry) => entry.message);
  }

  // One process: its SentMessages already knows every message it sent.
  async findSent(): Promise<ChatMessageOut | undefined> {
    return undefined;
  }

  async rememberSent(): Promise<void> {}

  async touchRoom(room: string): Promise<void> {
    this.#rooms.set(room, Date.now());
  }

  async hasRoom(room: string): Promise<boolean> {
    return this.#rooms.has(room);
  }

  async rooms(): Promise<string[]> {
    return [...this.#rooms.keys()];
  }

  async idleRooms(before: number): Promise<string[]> {
    return [...this.#rooms].filter(([, usedAt]) => usedAt < before).map(([room]) => room);
  }

  async removeIdleRoom(room: string, before: number): Promise<boolean> {
    if (!(this.#rooms.get(room)! < before)) return false;
    this.#history.delete(room);
    return this.#rooms.delete(room);
  }
}
