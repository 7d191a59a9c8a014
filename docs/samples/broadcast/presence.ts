import { App, t } from "skiffjs";
import { Broadcast } from "skiffjs/broadcast";

// `presence.ttl`: how long a member of a crashed process stays listed (Redis only; the default is 30 s).
const broadcast = new Broadcast(process.env.BROADCAST_URL ?? "memory://", { presence: { ttl: 15_000 } });

type Member = { name: string };

/** Tells the room who arrived or left, with the members now present. */
async function announce(room: string, event: "join" | "leave", user: string) {
  const members = await broadcast.presence.list<Member>(`room:${room}`);
  await broadcast.publish(`room:${room}`, { type: "presence", event, user, members: members.map((m) => m.data.name) });
}

export const app = new App({
  lifespan: async function* () {
    await broadcast.connect();
    yield;
    await broadcast.disconnect(); // also removes every member this process joined
  },
})
  .get("/rooms/{room}/members", async ({ path }) => await broadcast.presence.list<Member>(`room:${path.room}`))
  .websocket("/rooms/{room}", { query: { user: t.String({ minLength: 1 }) } }, async (ws, { path, query }) => {
    const channel = `room:${path.room}`;
    const room = broadcast.subscribe(channel);
    await room.ready;
    await ws.accept();
    const forwarding = room.pipeTo(ws).catch(() => ws.close(1013, "Try again later"));
    // The member id is the user: two tabs of one user are one member, listed until both have left.
    await broadcast.presence.join(channel, query.user, { name: query.user } satisfies Member);
    try {
      await announce(path.room, "join", query.user);
      for await (const text of ws.iterText()) await broadcast.publish(channel, { type: "say", user: query.user, text });
    } finally {
      await broadcast.presence.leave(channel, query.user);
      await room.close();
      await forwarding;
      await announce(path.room, "leave", query.user).catch(() => {}); // the room may be empty, the broadcast closing
    }
  });
