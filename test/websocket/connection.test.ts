// A WebSocket's connection facts are its handshake request's (one HTTPConnection): the URL under trustProxy, the
// headers, cookies and the state middleware wrote — over a real socket and through the TestClient alike.
import { test } from "node:test";
import assert from "node:assert/strict";
import { WebSocket as WsClient } from "ws";
import pino from "pino";
import { App, websocketAware } from "skiffjs";
import { TestClient } from "skiffjs/testing";

const FORWARDED = { "x-forwarded-proto": "https", "x-forwarded-host": "chat.example.com", cookie: "theme=dark" };

function makeApp() {
  return new App({ logger: pino({ level: "silent" }), trustProxy: true })
    .use(
      websocketAware(async (request, next) => {
        request.state.user = "alice";
        return next(request);
      }),
    )
    .websocket("/rooms/{room}", async (ws, { request }) => {
      await ws.accept();
      await ws.sendJson({
        sameUrl: ws.url.href === request.url.href.replace(/^http/, "ws"),
        url: ws.url.href,
        user: ws.state.user,
        sameState: ws.state === request.state,
        sameHeaders: ws.headers === request.headers,
        cookies: { ...ws.cookies },
        room: ws.queryParams.get("page"),
      });
      await ws.close();
    });
}

const EXPECTED = {
  sameUrl: true,
  url: "wss://chat.example.com/rooms/lobby?page=2",
  user: "alice",
  sameState: true,
  sameHeaders: true,
  cookies: { theme: "dark" },
  room: "2",
};

test("over a real socket, ws.url is request.url with wss:, and state, headers and cookies are the request's", async () => {
  const app = makeApp();
  const server = await app.listen({ port: 0 });
  try {
    const client = new WsClient(`ws://127.0.0.1:${server.port}/rooms/lobby?page=2`, { headers: FORWARDED });
    const message = await new Promise((resolve, reject) => {
      client.once("message", (data) => resolve(JSON.parse(String(data))));
      client.once("error", reject);
    });
    client.close();
    assert.deepEqual(message, EXPECTED);
  } finally {
    await server.close();
  }
});

test("through the TestClient, the same", async () => {
  await using client = new TestClient(makeApp());
  const ws = await client.websocketConnect("/rooms/lobby?page=2", { headers: FORWARDED });
  assert.deepEqual(await ws.receiveJson(), EXPECTED);
});
