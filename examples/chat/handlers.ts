// One handler per client message type (the seed's MsgHandlerFactory). An unknown `type` or an invalid message gets
// the MessageRouter's error frame; a message for a room the client has not joined gets one of ours, same shape.
import { MessageRouter } from "skiffjs";
import { HistoryRequest, JoinMessage, LeaveMessage, PingMessage, SayMessage, TypingMessage } from "./messages.ts";
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
    const members = await session.join(room, since);
    await session.send({ type: "joined", room, members });
  })
  .on("leave", LeaveMessage, async ({ room }, _ws, session) => {
    if (!(await session.leave(room))) return notJoined(session, room);
    await session.send({ type: "left", room });
  })
  .on("say", SayMessage, async ({ room, text }, _ws, session) => {
    if (!session.inRoom(room)) return notJoined(session, room);
    // No direct reply: the sender gets its message back through the room, with its event id, like everyone.
    await session.rooms.say(room, session.user, text);
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
