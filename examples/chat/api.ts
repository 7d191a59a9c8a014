// The HTTP side of the chat, for the same users (bearer tokens from /token): rooms, history, who is online.
import { APIRouter, t, type Dependency } from "skiffjs";
import { ChatMessage, Member, RoomName } from "./messages.ts";
import type { ChatRooms } from "./rooms.ts";
import type { User } from "./users.ts";

const RoomSummary = t.Object({ name: t.String(), online: t.Integer() }, { $id: "RoomSummary" });
const RoomPath = { room: RoomName };
/** What a missing, expired or forged token gets (declared, so the typed client can handle it). */
const responses = { 401: t.Object({ detail: t.String() }) };

export function apiRouter(rooms: ChatRooms, currentUser: Dependency<User, any>) {
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
        body: t.Object({ text: t.String({ minLength: 1, maxLength: 2000 }) }),
        deps,
        responses,
        response: ChatMessage,
        status: 201,
        summary: "Say something in a room without a WebSocket",
      },
      ({ path, body, deps }) => rooms.say(path.room, deps.user, body.text),
    );
}
