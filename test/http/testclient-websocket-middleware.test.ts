import { test } from "node:test";
import assert from "node:assert/strict";
import { App, requestId, trustedHost } from "skiffjs";
import { TestClient, WebSocketDenied } from "skiffjs/testing";

test("TestClient.websocketConnect goes through the app's WebSocket middleware, as a real socket does", async () => {
  const app = new App().websocket("/ws", async (ws) => {
    await ws.accept();
    await ws.sendJson({ id: ws.requestId });
    await ws.close();
  });
  app.use(requestId(), trustedHost({ allowedHosts: ["example.com"] }));
  await using client = new TestClient(app);
  const refused = await client.websocketConnect("/ws").then(
    () => assert.fail("the handshake should be refused"),
    (error: unknown) => error,
  );
  assert.ok(refused instanceof WebSocketDenied);
  assert.equal(refused.status, 400);
  assert.match(refused.body, /Invalid host header/);

  const ws = await client.websocketConnect("/ws", { headers: { host: "example.com", "x-request-id": "abc-123" } });
  assert.deepEqual(await ws.receiveJson(), { id: "abc-123" });
});
