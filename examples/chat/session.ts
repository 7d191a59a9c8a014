// One connection's state: who it is, which rooms it joined, and the loops forwarding each room's events to it.
import type { Logger, WebSocket } from "skiffjs";
import { BroadcastOverflowError, type Subscription } from "skiffjs/broadcast";
import type { ChatOutFrame, MemberInfo } from "./messages.ts";
import type { ChatRooms } from "./rooms.ts";
import type { SayLimit } from "./say-limit.ts";
import type { User } from "./users.ts";

export class ChatSession {
  /** Per joined room, its two subscriptions (events and typing). */
  readonly #joined = new Map<string, Subscription<unknown>[]>();

  constructor(
    readonly ws: WebSocket<any, ChatOutFrame>,
    readonly user: User,
    readonly rooms: ChatRooms,
    readonly sayLimit: SayLimit,
    readonly log: Logger,
  ) {}

  send(frame: ChatOutFrame): Promise<void> {
    return this.ws.sendJson(frame);
  }

  /** Sends an error frame shaped like the MessageRouter's (FastAPI's 422 detail). */
  sendError(type: string, msg: string, loc: (string | number)[] = ["message"], input?: unknown): Promise<void> {
    return this.send({ type: "error", detail: [{ type, loc, msg, ...(input === undefined ? {} : { input }) }] });
  }

  inRoom(room: string): boolean {
    return this.#joined.has(room);
  }

  get joinedRooms(): string[] {
    return [...this.#joined.keys()];
  }

  /**
   * Subscribes to the room (replaying what came after `since`, when given), then enters it. Subscribing first means
   * the joiner sees its own presence event and nothing said after the `joined` reply is missed. Throws
   * RoomLimitError for a new room when the chat has its limit of rooms.
   */
  async join(room: string, since?: string): Promise<MemberInfo[]> {
    if (this.#joined.has(room)) return this.rooms.members(room);
    await this.rooms.admit(room);
    const { events, typing } = this.rooms.subscribe(room, since);
    const subscriptions = [events, typing] as Subscription<unknown>[];
    try {
      await Promise.all([events.ready, typing.ready]);
    } catch (error) {
      await Promise.allSettled(subscriptions.map((s) => s.close()));
      throw error;
    }
    void this.#forward(room, events, (event) => ({ ...event.message, id: event.id }) as ChatOutFrame);
    void this.#forward(room, typing, (event) => (event.message.user === this.user.username ? undefined : event.message));
    this.#joined.set(room, subscriptions);
    try {
      const members = await this.rooms.join(room, this.user);
      this.log.info({ room, since }, "joined room");
      return members;
    } catch (error) {
      this.#joined.delete(room);
      await Promise.allSettled(subscriptions.map((s) => s.close()));
      throw error;
    }
  }

  async leave(room: string): Promise<boolean> {
    const subscriptions = this.#joined.get(room);
    if (!subscriptions) return false;
    this.#joined.delete(room);
    await Promise.allSettled(subscriptions.map((s) => s.close()));
    await this.rooms.leave(room, this.user);
    this.log.info({ room }, "left room");
    return true;
  }

  /** Leaves every room (the connection ended). Never throws: the broadcast may already be gone at shutdown. */
  async close(): Promise<void> {
    const results = await Promise.allSettled(this.joinedRooms.map((room) => this.leave(room)));
    for (const result of results) {
      if (result.status === "rejected") this.log.debug({ err: result.reason }, "leaving a room at disconnect failed");
    }
  }

  async #forward<T>(
    room: string,
    subscription: Subscription<T>,
    frame: (event: { message: T; id: string }) => ChatOutFrame | undefined,
  ): Promise<void> {
    try {
      for await (const event of subscription) {
        const out = frame(event);
        if (out !== undefined) await this.send(out);
      }
    } catch (error) {
      if (this.ws.applicationState !== "CONNECTED") return; // the client left while we were sending
      if (error instanceof BroadcastOverflowError) {
        // Too slow to keep up: drop the connection; the client reconnects and resumes from its last event id.
        this.log.warn({ room }, "client fell behind; closing so it can resume");
        await this.ws.close(1013, "Too slow: reconnect and resume").catch(() => {});
        return;
      }
      this.log.error({ err: error, room }, "forwarding room events failed");
    }
  }
}
