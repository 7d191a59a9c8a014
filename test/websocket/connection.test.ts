// A WebSocket's connection facts are its handshake request's (one HTTPConnection): the URL under trustProxy, the
// headers, cookies and the state middleware wrote — over a real socket and through the TestClient alike.
import { test } from "node:test";
import assert from "node:assert/strict";
import { WebSocket as WsClient } from "ws";
import pino from "pino";
import { App, createLogger, websocketAware } from "skiffjs";
import { TestClient } from "skiffjs/testing";
import { runtime } from "../helpers/runtime.ts";

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

test("an accepted connection lets go of Node's handshake message: request.raw before accept(), a clear error after; logging the request still works", async () => {
  const lines: string[] = [];
  const logger = createLogger("info", { format: "json", destination: { write: (line: string) => void lines.push(line) } });
  let held: WeakRef<object> | undefined;
  const app = new App({ logger }).websocket("/raw", async (ws, { request }) => {
    held = new WeakRef(request.raw);
    const version = request.raw.httpVersion;
    await ws.accept();
    let after: string;
    try {
      after = request.raw.httpVersion;
    } catch (error) {
      after = (error as Error).message;
    }
    app.logger.info({ req: request }, "handshake request");
    await ws.sendJson({ version, after, url: ws.url.pathname });
    for await (const _ of ws.iterText()) {
      // stays open until the client closes
    }
  });
  const server = await app.listen({ port: 0 });
  try {
    const client = new WsClient(`ws://127.0.0.1:${server.port}/raw?token=secret`);
    const message = await new Promise((resolve, reject) => {
      client.once("message", (data) => resolve(JSON.parse(String(data))));
      client.once("error", reject);
    });
    assert.deepEqual(message, {
      version: "1.1",
      after: "request.raw is released once the WebSocket handshake is accepted; read what you need from it before accept()",
      url: "/raw",
    });
    const logged = lines.map((line) => JSON.parse(line)).find((entry) => entry.msg === "handshake request");
    assert.equal(logged.req.method, "GET");
    assert.match(logged.req.url, /^\/raw\?token=/);
    assert.doesNotMatch(logged.req.url, /secret/);
    // While the connection is open, the IncomingMessage is garbage: collected once nothing holds it. (Bun's node:http
    // layer keeps an upgraded request reachable itself, so it can only show this on Node and Deno.)
    if (runtime !== "bun") {
      await collectGarbage();
      assert.equal(held?.deref(), undefined, "the handshake's IncomingMessage is still reachable from the open connection");
    }
    client.close();
  } finally {
    await server.close();
  }
});

async function collectGarbage(): Promise<void> {
  const { setFlagsFromString } = await import("node:v8");
  const { runInNewContext } = await import("node:vm");
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    gc();
  }
}
