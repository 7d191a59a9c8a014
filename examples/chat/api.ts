// The HTTP side of the chat, for the same users (bearer tokens from /token): rooms, history, who is online.
import { APIRouter, HTTPException, t, type Dependency } from "skiffjs";
import { ChatMessage, MAX_TEXT_LENGTH, Member, RoomName, SayMessage } from "./messages.ts";
import { RoomLimitError, type ChatRooms } from "./rooms.ts";
import type { SayLimit } from "./say-limit.ts";
import type { User } from "./users.ts";

const RoomSummary = t.Object({ name: t.String(), online: t.Integer() }, { $id: "RoomSummary" });
const RoomPath = { room: RoomName };
/** What a missing, expired or forged token gets (declared, so the typed client can handle it). */
const responses = { 401: t.Object({ detail: t.String() }) };
const Detail = t.Object({ detail: t.String() });

/** Says it over HTTP with the WebSocket's rules: the same per-user limit, room cap and retry-by-id. */
async function post(rooms: ChatRooms, sayLimit: SayLimit, room: string, user: User, text: string, id?: string) {
  if ((await sayLimit.check(user.username)) !== "ok")
    throw new HTTPException(429, sayLimit.message, { "retry-after": String(sayLimit.windowSeconds) });
  try {
    return await rooms.say(room, user, text, id);
  } catch (error) {
    if (error instanceof RoomLimitError) throw new HTTPException(409, error.message);
    throw new HTTPException(503, "Not sent: the chat is unavailable right now; send it again", { "retry-after": "1" });
  }
}

export function apiRouter(rooms: ChatRooms, currentUser: Dependency<User, any>, sayLimit: SayLimit) {
  const deps = { user: currentUser };
  return new APIRouter({ prefix: "/api", tags: ["chat"] })
    .get("/me", { deps, responses, response: Member, summary: "The logged-in user" }, ({ deps }) => deps.user)
    .get(
      "/rooms",
      { deps, responses, response: t.Object({ rooms: t.Array(RoomSummary) }), summary: "Rooms, with how many people are in each" },
      async () => ({ rooms: await rooms.list() }),
    )
    .get(
      "/rooms/{room}/history",
      {
        path: RoomPath,
        query: { limit: t.Integer({ minimum: 1, maximum: 100, default: 50 }) },
        deps,
        responses,
        response: t.Object({ room: t.String(), messages: t.Array(ChatMessage) }),
        summary: "The last messages of a room, oldest first",
      },
      async ({ path, query }) => ({ room: path.room, messages: await rooms.history(path.room, query.limit) }),
    )
    .get(
      "/rooms/{room}/online",
      { path: RoomPath, deps, responses, response: t.Object({ room: t.String(), members: t.Array(Member) }), summary: "Who is in a room now" },
      async ({ path }) => ({ room: path.room, members: await rooms.members(path.room) }),
    )
    .post(
      "/rooms/{room}/messages",
      {
        path: RoomPath,
        body: t.Object({ text: t.String({ minLength: 1, maxLength: MAX_TEXT_LENGTH }), id: t.Optional(SayMessage.properties.id) }),
        deps,
        responses: { ...responses, 409: Detail, 429: Detail, 503: Detail },
        response: ChatMessage,
        status: 201,
        summary: "Say something in a room without a WebSocket (a retry with the same `id` is not posted twice)",
      },
      ({ path, body, deps }) => post(rooms, sayLimit, path.room, deps.user, body.text, body.id),
    );
}
