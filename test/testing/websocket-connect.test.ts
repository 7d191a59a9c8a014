// The TestClient's websocketConnect() goes through the app's one upgrade path: what a real socket is refused, it is
// refused too, with the same status and body.
import { test } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { connect } from "node:net";
import { App, WebSocketDenied, websocketAware } from "skiffjs";
import { TestClient } from "skiffjs/testing";
import pino from "pino";

const silent = pino({ level: "silent" });

function makeApp() {
  return new App({ logger: silent, maxUrlLength: 64 }).websocket("/ws", async (ws) => {
    await ws.accept();
    await ws.sendText("hello");
    await ws.close();
  });
}

/** Sends a raw upgrade request to a listening app and reads the status line and body of the answer. */
async function rawUpgrade(port: number, path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  const socket = connect(port, "127.0.0.1");
  await once(socket, "connect");
  const lines = [`GET ${path} HTTP/1.1`, "Host: 127.0.0.1", ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), "", ""];
  socket.end(lines.join("\r\n"));
  let text = "";
  socket.setEncoding("latin1");
  for await (const chunk of socket) text += chunk;
  return { status: Number(text.split(" ")[1]), body: text.slice(text.indexOf("\r\n\r\n") + 4) };
}

const HANDSHAKE = {
  Connection: "Upgrade",
  Upgrade: "websocket",
  "Sec-WebSocket-Version": "13",
  "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
};

async function denied(connecting: Promise<unknown>): Promise<WebSocketDenied> {
  const error = await connecting.then(
    () => assert.fail("the handshake was accepted"),
    (e: unknown) => e,
  );
  assert.ok(error instanceof WebSocketDenied, String(error));
  return error;
}

test("an over-long URL is refused with 414 by a real socket and by the TestClient alike", async () => {
  const app = makeApp();
  const server = await app.listen({ port: 0 });
  try {
    const long = `/ws?pad=${"x".repeat(100)}`;
    const real = await rawUpgrade(server.port, long, HANDSHAKE);
    assert.equal(real.status, 414);
    const inMemory = await denied(new TestClient(app).websocketConnect(long));
    assert.equal(inMemory.status, 414);
    assert.deepEqual(inMemory.json(), JSON.parse(real.body));
    assert.match(inMemory.body, /maxUrlLength/);
  } finally {
    await server.close();
  }
});

test("a malformed handshake (repeated subprotocols, a bad key) is refused with 400 by both, naming the header", async () => {
  const app = makeApp();
  const server = await app.listen({ port: 0 });
  try {
    const real = await rawUpgrade(server.port, "/ws", { ...HANDSHAKE, "Sec-WebSocket-Protocol": "chat, chat" });
    assert.equal(real.status, 400);
    const client = new TestClient(app);
    const repeated = await denied(client.websocketConnect("/ws", { subprotocols: ["chat", "chat"] }));
    assert.equal(repeated.status, 400);
    assert.deepEqual(repeated.json(), JSON.parse(real.body));
    const badKey = await denied(client.websocketConnect("/ws", { headers: { "sec-websocket-key": "nope" } }));
    assert.equal(badKey.status, 400);
    assert.match(badKey.body, /Sec-WebSocket-Key/);
  } finally {
    await server.close();
  }
});

test("the order holds in memory too: head limits before middleware, middleware before routing", async () => {
  const seen: string[] = [];
  const app = makeApp().use(
    websocketAware(async (request, next) => {
      seen.push(request.path);
      return next(request);
    }),
  );
  const client = new TestClient(app);
  assert.equal((await denied(client.websocketConnect(`/ws?pad=${"x".repeat(100)}`))).status, 414);
  assert.deepEqual(seen, [], "a head refused before the middleware ran");
  assert.equal((await denied(client.websocketConnect("/nowhere"))).status, 404);
  assert.deepEqual(seen, ["/nowhere"]);
  const ws = await client.websocketConnect("/ws");
  assert.equal(await ws.receiveText(), "hello");
  await ws.close();
});
