import { test } from "node:test";
import assert from "node:assert/strict";
import { WebSocket as WsClient } from "ws";
import { App, APIKeyQuery, HTTPBearer, WebSocketException } from "skiffjs";
import { TestClient, WebSocketDenied } from "skiffjs/testing";

/** Connects a real `ws` client and reports how the handshake was answered, and the first message if accepted. */
function handshake(url: string): Promise<{ status: number; body?: unknown; message?: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WsClient(url);
    ws.once("message", (data) => {
      resolve({ status: 101, message: data.toString() });
      ws.close();
    });
    ws.on("unexpected-response", (req, res) => {
      let text = "";
      res.on("data", (chunk: Buffer) => (text += chunk.toString()));
      res.on("end", () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) });
      });
    });
    ws.on("error", (error) => reject(error));
  });
}

test("on a WebSocket route a failing security dependency refuses the handshake with 403", async () => {
  let handled = 0;
  const app = new App().websocket("/ws", { deps: { auth: HTTPBearer() } }, async (ws, { deps }) => {
    handled++;
    await ws.accept();
    await ws.sendJson({ token: deps.auth.credentials });
    await ws.close();
  });
  const client = new TestClient(app);
  const refused = await client.websocketConnect("/ws").then(
    () => assert.fail("the handshake should have been refused"),
    (error: unknown) => error,
  );
  assert.ok(refused instanceof WebSocketDenied);
  assert.equal(refused.status, 403);
  assert.deepEqual(refused.json(), { detail: "Not authenticated" });
  assert.equal(handled, 0);

  const session = await client.websocketConnect("/ws", { headers: { authorization: "Bearer abc" } });
  assert.deepEqual(await session.receiveJson(), { token: "abc" });
});

test("over a real socket: refused with 403, accepted with credentials", async () => {
  const app = new App().websocket("/ws", { deps: { key: APIKeyQuery({ name: "key" }) } }, async (ws, { deps }) => {
    await ws.accept();
    await ws.sendText(`hello ${deps.key}`);
    await ws.close();
  });
  const server = await app.listen({ port: 0 });
  const base = server.url.replace("http", "ws");
  try {
    const refused = await handshake(`${base}/ws`);
    assert.deepEqual(refused, { status: 403, body: { detail: "Not authenticated" } });
    assert.deepEqual(await handshake(`${base}/ws?key=k1`), { status: 101, message: "hello k1" });
  } finally {
    await server.close();
  }
});

test("{ autoError: false } lets the app close with 1008 after accept instead", async () => {
  const app = new App().websocket("/ws", { deps: { auth: HTTPBearer({ autoError: false }) } }, async (ws, { deps }) => {
    await ws.accept();
    if (!deps.auth) throw new WebSocketException(1008, "Not authenticated");
    await ws.sendText("welcome");
  });
  const session = await new TestClient(app).websocketConnect("/ws");
  assert.deepEqual(await session.closed, { code: 1008, reason: "Not authenticated" });
});
