// Rooms: messages and presence events fan out through the Broadcast (one channel per room, replayable by event id),
// typing notices through a second, live-only channel; history and the room list live in the ChatStore.
import type { Broadcast, Subscription } from "skiffjs/broadcast";
import type { ChatMessageOut, MemberInfo, RoomEvent, TypingEventOut } from "./messages.ts";
import type { ChatStore } from "./store.ts";
import type { User } from "./users.ts";

export interface RoomSummary {
  name: string;
  online: number;
}

export class ChatRooms {
  constructor(
    readonly broadcast: Broadcast,
    readonly store: ChatStore,
    private readonly historySize: number,
    private readonly defaultRooms: readonly string[],
  ) {}

  /** Lists `user` as present in `room` and tells the room; returns who is there now. */
  async join(room: string, user: User): Promise<MemberInfo[]> {
    await this.broadcast.presence.join(roomChannel(room), user.username, { fullName: user.fullName });
    await this.store.addRoom(room);
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

  /** Publishes a message to everyone in the room (every instance) and keeps it in the history. */
  async say(room: string, user: User, text: string): Promise<ChatMessageOut> {
    const event = { type: "message" as const, room, from: user.username, fullName: user.fullName, text, at: new Date().toISOString() };
    const id = await this.publish(room, event);
    const message = { ...event, id };
    await this.store.append(room, message, this.historySize);
    await this.store.addRoom(room);
    return message;
  }

  async typing(room: string, user: User, typing: boolean): Promise<void> {
    const event: TypingEventOut = { type: "typing", room, user: user.username, typing };
    await this.broadcast.publish(typingChannel(room), event);
  }

  history(room: string, limit: number): Promise<ChatMessageOut[]> {
    return this.store.recent(room, Math.min(limit, this.historySize));
  }

  async members(room: string): Promise<MemberInfo[]> {
    const list = await this.broadcast.presence.list<{ fullName: string }>(roomChannel(room));
    return list.map(({ id, data }) => ({ username: id, fullName: data?.fullName ?? id }));
  }

  /** The default rooms and every room that was used, with how many people are in each. */
  async list(): Promise<RoomSummary[]> {
    const names = [...new Set([...this.defaultRooms, ...(await this.store.rooms())])].sort();
    return Promise.all(names.map(async (name) => ({ name, online: (await this.members(name)).length })));
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
