import { App, HTTPException, t } from "skiffjs";
import { Broadcast, type Subscription } from "skiffjs/broadcast";

// One process: "memory://". Many processes or machines: the same Redis URL on every one of them.
// `streams=1` keeps a log per channel in Redis Streams (in memory for memory://), so a client can resume with ?since=.
const broadcast = new Broadcast(process.env.BROADCAST_URL ?? "memory://?streams=1");

export const app = new App({
  lifespan: async function* () {
    await broadcast.connect();
    yield;
    await broadcast.disconnect();
  },
}).websocket("/rooms/{room}", { query: { since: t.Optional(t.String()) } }, async (ws, { path, query }) => {
  const channel = `room:${path.room}`;
  let room: Subscription<string>;
  try {
    room = broadcast.subscribe<string>(channel, { since: query.since });
  } catch (error) {
    throw new HTTPException(400, (error as Error).message); // a malformed ?since= refuses the handshake
  }
  await room.ready; // subscribed before the client is let in: nothing published from now on is missed
  await ws.accept();
  // Each event is written to this client inside the publish that delivers it, with its id for ?since=.
  const forwarding = room.pipeTo(ws, { map: ({ id, message }) => ({ id, message }) }).catch(() => ws.close(1013, "Reconnect with ?since="));
  try {
    for await (const text of ws.iterText()) await broadcast.publish(channel, text);
  } finally {
    await room.close();
    await forwarding;
  }
});
