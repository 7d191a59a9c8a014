// WebSocket routes behind the runtime's own server: Bun.serve (with `bunWebSocket`) and Deno.serve, through
// `app.fetch`. scripts/test-runtimes.mjs runs this file on Bun and Deno; on Node, `app.listen` serves WebSockets.
import { test } from "node:test";
import assert from "node:assert/strict";
import { pino } from "pino";
import { App, bunWebSocket, t, WebSocketException } from "skiffjs";
import { runtime } from "../helpers/runtime.ts";

declare const Bun: { serve(options: Record<string, unknown>): { port: number; stop(force?: boolean): Promise<void> } };
declare const Deno: {
  serve(options: { port: number; hostname: string; onListen?: () => void }, handler: unknown): { addr: { port: number }; shutdown(): Promise<void> };
};

function serveNatively(app: App<any, any>): { url: string; stop(): Promise<void> } {
  if (runtime === "bun") {
    const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: app.fetch, websocket: bunWebSocket });
    return { url: `ws://127.0.0.1:${server.port}`, stop: () => server.stop(true) };
  }
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: () => {} }, app.fetch);
  return { url: `ws://127.0.0.1:${server.addr.port}`, stop: () => server.shutdown() };
}

const skip = runtime === "node" ? "Bun.serve and Deno.serve exist only on Bun and Deno (scripts/test-runtimes.mjs runs this file there)" : false;

function chatApp() {
  return new App({ logger: pino({ level: "silent" }) })
    .websocket("/echo/{room}", { query: { token: t.String() } }, async (ws, { path, query }) => {
      if (query.token !== "secret") throw new WebSocketException(4001, "bad token");
      await ws.accept({ subprotocol: ws.subprotocols.includes("chat.v1") ? "chat.v1" : undefined });
      await ws.sendText(`welcome to ${path.room}`);
      for await (const text of ws.iterText()) {
        if (text === "bye") {
          await ws.sendText("聊天关闭");
          await ws.close();
          return;
        }
        await ws.sendText(`echo: ${text}`);
      }
    })
    .websocket("/refuse", async (ws) => {
      await ws.close();
    })
    .websocket("/small", { maxMessageSize: 16 }, async (ws) => {
      await ws.accept();
      for await (const text of ws.iterText()) await ws.sendText(text);
    });
}

/** A client that records every message and how the connection ended. */
function connect(url: string, protocols?: string[]) {
  const socket = new WebSocket(url, protocols);
  const messages: string[] = [];
  let wake: (() => void) | undefined;
  socket.onmessage = (event) => {
    messages.push(String(event.data));
    wake?.();
  };
  const opened = new Promise<void>((resolve, reject) => {
    socket.onopen = () => resolve();
    socket.onerror = () => reject(new Error("the handshake failed"));
  });
  const closed = new Promise<{ code: number; reason: string }>(
    (resolve) => (socket.onclose = (event) => resolve({ code: event.code, reason: event.reason })),
  );
  const next = async (): Promise<string> => {
    while (messages.length === 0) await new Promise<void>((resolve) => (wake = resolve));
    return messages.shift()!;
  };
  return { socket, opened, closed, next };
}

test(`WebSockets behind ${runtime === "node" ? "Bun.serve / Deno.serve" : `${runtime}'s own server`}: accept, params, subprotocol, echo, close`, {
  skip,
}, async () => {
  const server = serveNatively(chatApp());
  try {
    const client = connect(`${server.url}/echo/lobby?token=secret`, ["chat.v1"]);
    await client.opened;
    assert.equal(client.socket.protocol, "chat.v1");
    assert.equal(await client.next(), "welcome to lobby");
    client.socket.send("hi");
    assert.equal(await client.next(), "echo: hi");
    client.socket.send("bye");
    assert.equal(await client.next(), "聊天关闭");
    assert.deepEqual(await client.closed, { code: 1000, reason: "" });
  } finally {
    await server.stop();
  }
});

test("WebSockets behind a fetch host: refusals, close codes and message limits as on Node", { skip }, async () => {
  const server = serveNatively(chatApp());
  try {
    const refused = connect(`${server.url}/refuse`);
    await assert.rejects(refused.opened);
    const missing = connect(`${server.url}/nowhere`);
    await assert.rejects(missing.opened);

    const badToken = connect(`${server.url}/echo/lobby?token=wrong`);
    await assert.rejects(badToken.opened, "a WebSocketException before accept refuses the handshake");

    const small = connect(`${server.url}/small`);
    await small.opened;
    small.socket.send("short");
    assert.equal(await small.next(), "short");
    small.socket.send("é".repeat(8));
    assert.equal(await small.next(), "é".repeat(8), "16 bytes of UTF-8 fit a 16-byte limit");
    small.socket.send("é".repeat(9));
    assert.equal((await small.closed).code, 1009, "9 characters, but 18 bytes");
  } finally {
    await server.stop();
  }
});
