// One handler per client message type (the seed's MsgHandlerFactory). An unknown `type` or an invalid message gets
// the MessageRouter's error frame; a message for a room the client has not joined gets one of ours, same shape.
import { MessageRouter } from "skiffjs";
import { HistoryRequest, JoinMessage, LeaveMessage, PingMessage, SayMessage, TypingMessage } from "./messages.ts";
import { RoomLimitError } from "./rooms.ts";
import type { MemberInfo } from "./messages.ts";
import type { ChatSession } from "./session.ts";

const DEFAULT_HISTORY = 50;
/** Rooms one connection may be in at once (each costs two subscriptions). */
export const MAX_ROOMS = 20;

function notJoined(session: ChatSession, room: string): Promise<void> {
  return session.sendError("not_joined", `Join room '${room}' first`, ["message", "room"], room);
}

export const chatHandlers = new MessageRouter<ChatSession>()
  .on("join", JoinMessage, async ({ room, since }, _ws, session) => {
    if (!session.inRoom(room) && session.joinedRooms.length >= MAX_ROOMS) {
      return session.sendError("too_many_rooms", `Leave a room first: at most ${MAX_ROOMS} at once`, ["message", "room"], room);
    }
    let members: MemberInfo[];
    try {
      members = await session.join(room, since);
    } catch (error) {
      if (error instanceof RoomLimitError) return session.sendError("room_limit", error.message, ["message", "room"], room);
      throw error;
    }
    await session.send({ type: "joined", room, members });
  })
  .on("leave", LeaveMessage, async ({ room }, _ws, session) => {
    if (!(await session.leave(room))) return notJoined(session, room);
    await session.send({ type: "left", room });
  })
  .on("say", SayMessage, async ({ id, room, text }, ws, session) => {
    if (!session.inRoom(room)) return notJoined(session, room);
    const verdict = await session.sayLimit.check(session.user.username);
    if (verdict !== "ok") {
      await session.sendError("rate_limited", `${session.sayLimit.message}; message '${id}' was not sent`, ["message"], id);
      if (verdict === "abuse") await ws.close(1008, "Sending too fast");
      return;
    }
    // The receipt says exactly whether the room got it; the message itself arrives through the room, like everyone's.
    try {
      const message = await session.rooms.say(room, session.user, text, id);
      await session.send({ type: "receipt", id, room, sent: true, messageId: message.id });
    } catch (error) {
      session.log.warn({ err: error, room, messageId: id }, "message not sent");
      const msg = error instanceof RoomLimitError ? error.message : "Not sent: the chat is unavailable right now; send it again";
      await session.send({ type: "receipt", id, room, sent: false, msg });
    }
  })
  .on("history", HistoryRequest, async ({ room, limit }, _ws, session) => {
    const messages = await session.rooms.history(room, limit ?? DEFAULT_HISTORY);
    await session.send({ type: "history", room, messages });
  })
  .on("typing", TypingMessage, async ({ room, typing }, _ws, session) => {
    if (!session.inRoom(room)) return notJoined(session, room);
    await session.rooms.typing(room, session.user, typing ?? true);
  })
  .on("ping", PingMessage, async ({ id }, _ws, session) => {
    await session.send({ type: "pong", ...(id === undefined ? {} : { id }), at: new Date().toISOString() });
  });
