// Skiff's WebSockets as its docs write them: echo over `iterText`, fan-out through skiff/broadcast (memory://) with
// `pipeTo`,
// idle connections parked in a receive loop. `/__mem` reports memory after a GC for the idle-memory scenario.
import { App, bunWebSocket } from "skiffjs";
import { Broadcast } from "skiffjs/broadcast";
import { runtime, serveFetch } from "./fetch-host.ts";
import { serverArgs } from "./shared.ts";

const { port } = serverArgs();
const broadcast = new Broadcast("memory://");

const app = new App({
  docsUrl: null,
  redocUrl: null,
  openapiUrl: null,
  logLevel: "warn",
  lifespan: async function* () {
    await broadcast.connect();
    yield;
    await broadcast.disconnect();
  },
});

app.websocket("/echo", async (ws) => {
  await ws.accept();
  for await (const text of ws.iterText()) await ws.sendText(text);
});

// The fan-out subscriber: the channel piped to the socket, or with FANOUT=loop DESIGN.md §6's `for await` loop,
// measured as its own contestant ("Skiff (for await loop)").
if (process.env.FANOUT === "loop") {
  app.websocket("/sub", async (ws) => {
    await ws.accept();
    for await (const event of broadcast.subscribe("room")) await ws.sendText(event.message as string);
  });
} else {
  app.websocket("/sub", async (ws) => {
    await ws.accept();
    await broadcast.subscribe("room").pipeTo(ws);
  });
}

app.websocket("/pub", async (ws) => {
  await ws.accept();
  for await (const text of ws.iterText()) await broadcast.publish("room", text);
});

app.websocket("/idle", async (ws) => {
  await ws.accept();
  for await (const _ of ws.iterText()) {
    // idle: the client never sends
  }
});

app.get("/__mem", () => {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage();
});

if (runtime === "node") await app.listen({ host: "127.0.0.1", port });
else {
  // Under Bun (`skiff-bun`): Bun.serve with Skiff's WebSocket hooks, after the lifespan's start-up as `skiff run` does.
  await app.startup();
  serveFetch(port, app.fetch, bunWebSocket);
}
process.on("SIGTERM", () => process.exit(0));
