// Rooms: messages and presence events fan out through the Broadcast (one channel per room, replayable by event id),
// typing notices through a second, live-only channel; history and the room list live in the ChatStore. Rooms are
// capped in number, and a room nobody used for `idleMs` is forgotten (history, replay log, list entry).
import type { Broadcast, Subscription } from "skiffjs/broadcast";
import type { ChatMessageOut, MemberInfo, RoomEvent, TypingEventOut } from "./messages.ts";
import { SentMessages } from "./sent-messages.ts";
import type { ChatStore, HistoryLimits } from "./store.ts";
import type { User } from "./users.ts";

export interface RoomSummary {
  name: string;
  online: number;
}

export interface RoomSettings {
  history: HistoryLimits;
  /** Most rooms listed at once (the default rooms included). */
  maxRooms: number;
  /** Rooms listed even before anyone spoke in them; never counted out. */
  defaultRooms: readonly string[];
}

/** A new room was asked for while `maxRooms` are in use. */
export class RoomLimitError extends Error {
  constructor(readonly maxRooms: number) {
    super(`The chat has its limit of ${maxRooms} rooms: use an existing room`);
  }
}

/** Where the rooms report what failed without failing the caller (a history write after the message went out). */
export type RoomProblem = (error: unknown, what: string, room: string) => void;

export class ChatRooms {
  readonly #sent = new SentMessages();

  constructor(
    readonly broadcast: Broadcast,
    readonly store: ChatStore,
    private readonly settings: RoomSettings,
    private readonly problem: RoomProblem = () => {},
  ) {}

  /** Makes sure `room` may be used (listing it when new); throws RoomLimitError when the cap is reached. */
  async admit(room: string): Promise<void> {
    if (!this.settings.defaultRooms.includes(room) && !(await this.store.hasRoom(room))) {
      const inUse = new Set([...this.settings.defaultRooms, ...(await this.store.rooms())]);
      if (inUse.size >= this.settings.maxRooms) throw new RoomLimitError(this.settings.maxRooms);
    }
    await this.store.touchRoom(room);
  }

  /** Lists `user` as present in `room` and tells the room; returns who is there now. */
  async join(room: string, user: User): Promise<MemberInfo[]> {
    await this.broadcast.presence.join(roomChannel(room), user.username, { fullName: user.fullName });
    const members = await this.members(room);
    await this.publish(room, { type: "presence", room, event: "join", user: member(user), members });
    return members;
  }

  async leave(room: string, user: User): Promise<void> {
    await this.broadcast.presence.leave(roomChannel(room), user.username);
    const members = await this.members(room);
    // The same user may still be here from another tab or instance: then nobody left.
    if (members.some((m) => m.username === user.username)) return;
    await this.publish(room, { type: "presence", room, event: "leave", user: member(user), members });
  }

  /**
   * Publishes a message to everyone in the room (every instance) and keeps it in the history. Resolves once it
   * went out; rejects only when it did not. With a `clientId`, a retry of a message that went out resolves to the
   * same message without sending it again.
   */
  say(room: string, user: User, text: string, clientId?: string): Promise<ChatMessageOut> {
    if (clientId === undefined) return this.#say(room, user, text);
    return this.#sent.once(user.username, clientId, () => this.#say(room, user, text, clientId));
  }

  async #say(room: string, user: User, text: string, clientId?: string): Promise<ChatMessageOut> {
    if (clientId !== undefined) {
      // A retry another instance already posted (the client reconnected elsewhere). Unknown when the store is away.
      const earlier = await this.store.findSent(user.username, clientId).catch(() => undefined);
      if (earlier) return earlier;
    }
    await this.admit(room);
    const event = {
      type: "message" as const,
      room,
      from: user.username,
      fullName: user.fullName,
      text,
      at: new Date().toISOString(),
      ...(clientId === undefined ? {} : { clientId }),
    };
    const id = await this.publish(room, event);
    const message = { ...event, id };
    // It went out: a store that cannot be written now (Redis restarting) must not make the sender retry it.
    const written = this.store.append(room, message, this.settings.history).catch((error) => this.problem(error, "history write failed", room));
    const remembered =
      clientId === undefined
        ? undefined
        : this.store
            .rememberSent(user.username, clientId, message, this.#sent.ttlMs)
            .catch((error) => this.problem(error, "remembering a sent message failed", room));
    await Promise.all([written, remembered]);
    return message;
  }

  async typing(room: string, user: User, typing: boolean): Promise<void> {
    const event: TypingEventOut = { type: "typing", room, user: user.username, typing };
    await this.broadcast.publish(typingChannel(room), event);
  }

  history(room: string, limit: number): Promise<ChatMessageOut[]> {
    return this.store.recent(room, Math.min(limit, this.settings.history.keep));
  }

  async members(room: string): Promise<MemberInfo[]> {
    const list = await this.broadcast.presence.list<{ fullName: string }>(roomChannel(room));
    return list.map(({ id, data }) => ({ username: id, fullName: data?.fullName ?? id }));
  }

  /** The default rooms and every room in use, with how many people are in each. */
  async list(): Promise<RoomSummary[]> {
    const names = [...new Set([...this.settings.defaultRooms, ...(await this.store.rooms())])].sort();
    return Promise.all(names.map(async (name) => ({ name, online: (await this.members(name)).length })));
  }

  /**
   * Forgets rooms nobody used for `history.idleMs`: their history, their replay logs and their place in the list.
   * A room with people in it is kept (and marked used). Returns the rooms forgotten.
   */
  async evictIdle(now = Date.now()): Promise<string[]> {
    const before = now - this.settings.history.idleMs;
    const evicted: string[] = [];
    for (const room of await this.store.idleRooms(before)) {
      if ((await this.members(room)).length > 0) {
        await this.store.touchRoom(room);
        continue;
      }
      if (!(await this.store.removeIdleRoom(room, before))) continue;
      await Promise.all([this.broadcast.deleteLog(roomChannel(room)), this.broadcast.deleteLog(typingChannel(room))]);
      evicted.push(room);
    }
    return evicted;
  }

  /** The room's events (from just after `since`, when given) and its typing notices. */
  subscribe(room: string, since?: string): { events: Subscription<RoomEvent>; typing: Subscription<TypingEventOut> } {
    const events = this.broadcast.subscribe<RoomEvent>(roomChannel(room), since ? { since } : {});
    const typing = this.broadcast.subscribe<TypingEventOut>(typingChannel(room), { overflow: "dropOldest", bufferSize: 50 });
    return { events, typing };
  }

  private publish(room: string, event: RoomEvent): Promise<string> {
    return this.broadcast.publish(roomChannel(room), event);
  }
}

function member(user: User): MemberInfo {
  return { username: user.username, fullName: user.fullName };
}

export function roomChannel(room: string): string {
  return `chat:room:${room}`;
}

function typingChannel(room: string): string {
  return `chat:typing:${room}`;
}
