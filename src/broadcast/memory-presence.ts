import type { PresenceMember, PresenceStore } from "./backend.ts";

/** Presence for `memory://`: everything lives in this process, so nothing needs to expire. */
export class MemoryPresenceStore implements PresenceStore {
  readonly expires = false;
  readonly #channels = new Map<string, Map<string, unknown>>();

  async put(channel: string, members: readonly PresenceMember[]): Promise<void> {
    let entries = this.#channels.get(channel);
    if (!entries) this.#channels.set(channel, (entries = new Map()));
    for (const member of members) entries.set(member.id, member.data);
  }

  async remove(channel: string, memberId: string): Promise<void> {
    const entries = this.#channels.get(channel);
    entries?.delete(memberId);
    if (entries?.size === 0) this.#channels.delete(channel);
  }

  async list(channel: string): Promise<PresenceMember[]> {
    const entries = [...(this.#channels.get(channel) ?? [])].map(([id, data]) => ({ id, data }));
    return entries.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
}
