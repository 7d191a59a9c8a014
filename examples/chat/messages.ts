// The chat protocol: what clients send (one schema per type, dispatched by handlers.ts) and what the server sends
// (ChatOut). Each message has a `type` literal; every schema has an $id, so AsyncAPI documents them by name.
import type { Static } from "typebox";
import { t } from "skiffjs";

export const RoomName = t.String({ pattern: "^[a-z0-9][a-z0-9_-]{0,31}$", description: "Lowercase letters, digits, _ and -; up to 32" });
const EventId = t.String({ pattern: "^[0-9]+-[0-9]+$", description: "A broadcast event id, `<ms>-<seq>`" });
const ClientMessageId = t.String({
  pattern: "^[A-Za-z0-9_-]{1,64}$",
  description: "Chosen by the client, unique among its messages (a UUID); a retry sends the same id",
});
export const MAX_TEXT_LENGTH = 2000;
/** The most bytes one message event can take as JSON: every character escaped (`\u0000`), plus its other fields. */
export const MAX_EVENT_BYTES = MAX_TEXT_LENGTH * 6 + 1024;

// ---- client → server ------------------------------------------------------------------------------------------

export const JoinMessage = t.Object(
  { type: t.Literal("join"), room: RoomName, since: t.Optional(EventId) },
  { $id: "JoinMessage", description: "Enter a room. With `since`, first replay the room's events after that id (resume after a reconnect)." },
);
export const LeaveMessage = t.Object({ type: t.Literal("leave"), room: RoomName }, { $id: "LeaveMessage" });
export const SayMessage = t.Object(
  { type: t.Literal("say"), id: ClientMessageId, room: RoomName, text: t.String({ minLength: 1, maxLength: MAX_TEXT_LENGTH }) },
  {
    $id: "SayMessage",
    description:
      "Send a message to a room you joined. The answer is a `receipt` with the same `id`; until it arrives, send it again with that `id` (never twice on the room).",
  },
);
export const HistoryRequest = t.Object(
  { type: t.Literal("history"), room: RoomName, limit: t.Optional(t.Integer({ minimum: 1, maximum: 100 })) },
  { $id: "HistoryRequest", description: "The last `limit` (default 50) messages of a room." },
);
export const TypingMessage = t.Object(
  { type: t.Literal("typing"), room: RoomName, typing: t.Optional(t.Boolean()) },
  { $id: "TypingMessage", description: "Tell the room you are (or stopped) typing." },
);
export const PingMessage = t.Object({ type: t.Literal("ping"), id: t.Optional(t.String({ maxLength: 64 })) }, { $id: "PingMessage" });

// ---- server → client ------------------------------------------------------------------------------------------

export const Member = t.Object({ username: t.String(), fullName: t.String() }, { $id: "Member" });

export const Welcome = t.Object(
  { type: t.Literal("welcome"), user: Member, connectionId: t.String(), service: t.String() },
  { $id: "Welcome", description: "First frame after a successful authentication." },
);
export const Joined = t.Object({ type: t.Literal("joined"), room: RoomName, members: t.Array(Member) }, { $id: "Joined" });
export const Left = t.Object({ type: t.Literal("left"), room: RoomName }, { $id: "Left" });
export const ChatMessage = t.Object(
  {
    type: t.Literal("message"),
    id: t.String({ description: "Event id; send it back as `since` to resume" }),
    room: RoomName,
    from: t.String(),
    fullName: t.String(),
    text: t.String(),
    at: t.String({ format: "date-time" }),
    clientId: t.Optional(t.String({ description: "The sender's message id (a resumed client recognises its own messages by it)" })),
  },
  { $id: "ChatMessage" },
);
export const Receipt = t.Object(
  {
    type: t.Literal("receipt"),
    id: t.String({ description: "The `say`'s id" }),
    room: RoomName,
    sent: t.Boolean({ description: "true: the room got it (`messageId` is its event id); false: nobody got it, send it again" }),
    messageId: t.Optional(t.String()),
    msg: t.Optional(t.String()),
  },
  { $id: "Receipt", description: "Whether a `say` went out, exactly; a retry with the same id gets the same receipt." },
);
export const PresenceEvent = t.Object(
  {
    type: t.Literal("presence"),
    id: t.String(),
    room: RoomName,
    event: t.Union([t.Literal("join"), t.Literal("leave")]),
    user: Member,
    members: t.Array(Member),
  },
  { $id: "PresenceEvent", description: "Someone entered or left a room; `members` is who is there now." },
);
export const TypingEvent = t.Object({ type: t.Literal("typing"), room: RoomName, user: t.String(), typing: t.Boolean() }, { $id: "TypingEvent" });
export const HistoryReply = t.Object({ type: t.Literal("history"), room: RoomName, messages: t.Array(ChatMessage) }, { $id: "HistoryReply" });
export const Pong = t.Object({ type: t.Literal("pong"), id: t.Optional(t.String()), at: t.String({ format: "date-time" }) }, { $id: "Pong" });
export const ErrorFrame = t.Object(
  {
    type: t.Literal("error"),
    detail: t.Array(
      t.Object({
        type: t.String(),
        loc: t.Array(t.Union([t.String(), t.Integer()])),
        msg: t.String(),
        input: t.Optional(t.Unknown()),
        ctx: t.Optional(t.Unknown()),
      }),
    ),
  },
  { $id: "ErrorFrame", description: 'A message was not understood (FastAPI\'s 422 detail, `loc` starting at "message"); the connection stays open.' },
);
export const AuthFailed = t.Object(
  { status: t.Literal(40001), message: t.String() },
  { $id: "AuthFailed", description: "Sent once when authentication fails, just before the server closes with 4001." },
);

export const ChatOut = t.Union(
  [Welcome, Joined, Left, ChatMessage, Receipt, PresenceEvent, TypingEvent, HistoryReply, Pong, ErrorFrame, AuthFailed],
  {
    $id: "ChatOut",
  },
);

export type MemberInfo = Static<typeof Member>;
export type ChatMessageOut = Static<typeof ChatMessage>;
export type ChatOutFrame = Static<typeof ChatOut>;
/** What the server publishes to a room's channel; the event id is added when it is delivered. */
export type RoomEvent = Omit<ChatMessageOut, "id"> | Omit<Static<typeof PresenceEvent>, "id">;
export type TypingEventOut = Static<typeof TypingEvent>;
