// Chat rooms that span processes and machines: every server subscribes its clients to the room's channel and
// publishes what they send, so a message reaches the room's clients on every server sharing the same Redis.
//
//   BROADCAST_URL="redis://127.0.0.1:6379?streams=1" npx skiff run examples/broadcast-chat/main.ts:app --port 8000
//   BROADCAST_URL="redis://127.0.0.1:6379?streams=1" npx skiff run examples/broadcast-chat/main.ts:app --port 8001
//
// Connect to ws://127.0.0.1:8000/rooms/lobby and ws://127.0.0.1:8001/rooms/lobby: each text you send arrives on
// both as {"id": …, "message": …}. Reconnect with ?since=<the last id you saw> to first receive what you missed
// (needs `streams=1`). Without BROADCAST_URL the rooms live in this process only.
import { App, HTTPException, type WebSocket } from "skiffjs";
import { Broadcast, BroadcastUnavailableError, type Subscription } from "skiffjs/broadcast";

const broadcast = new Broadcast(process.env.BROADCAST_URL ?? "memory://?streams=1");

export const app = new App({
  title: "Broadcast chat",
  lifespan: async function* () {
    await broadcast.connect();
    yield;
    await broadcast.disconnect();
  },
}).websocket("/rooms/{room}", async (ws, { path }) => {
  const channel = `room:${path.room}`;
  const subscription = subscribe(channel, ws.queryParams.get("since") ?? undefined);
  await subscription.ready; // live before the client is let in: nothing published after this is missed
  await ws.accept();
  const forwarding = forward(subscription, ws);
  try {
    for await (const text of ws.iterText()) await publish(ws, channel, text);
  } finally {
    await subscription.close();
    await forwarding;
  }
});

function subscribe(channel: string, since: string | undefined): Subscription<string> {
  try {
    return broadcast.subscribe<string>(channel, { since });
  } catch (error) {
    throw new HTTPException(400, (error as Error).message); // a malformed ?since=, or replay not enabled
  }
}

/** Room events to the client as they come, tagged with their id so the client can resume with ?since=. */
async function forward(subscription: Subscription<string>, ws: WebSocket): Promise<void> {
  try {
    await subscription.pipeTo(ws, { map: ({ id, message }) => ({ id, message }) });
  } catch {
    // The client left, or fell too far behind: it can reconnect with ?since= and catch up.
    await ws.close(1013, "Reconnect with ?since=<last id>");
  }
}

async function publish(ws: WebSocket, channel: string, text: string): Promise<void> {
  try {
    await broadcast.publish(channel, text);
  } catch (error) {
    if (!(error instanceof BroadcastUnavailableError)) throw error;
    await ws.sendJson({ error: "The chat is unavailable for a moment; send it again shortly." });
  }
}
