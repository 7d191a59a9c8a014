// The in-memory peer the TestClient uses: same WebSocket, same rules, no network.
import assert from "node:assert/strict";
import { test } from "node:test";
import { HTTPException } from "../../src/http/exceptions.ts";
import {
  WebSocketDenied,
  WebSocketDisconnect,
  WebSocketException,
  WebSocketReceiveTimeout,
  WebSocketStateError,
} from "../../src/websocket/errors.ts";
import { connectInMemory } from "../../src/testing/memory-peer.ts";
import type { WebSocketSession } from "../../src/websocket/run-session.ts";
import { recordingLogger, seedEcho as echo } from "./helpers.ts";

function connect(session: WebSocketSession<any, any>, init: Partial<Parameters<typeof connectInMemory>[2]> = {}, options = {}) {
  return connectInMemory(options, session, { url: "ws://testserver/ws", requestId: "t-1", ...init });
}

test("the seed's echo in memory", async () => {
  const ws = await connect(echo);
  ws.sendText("hello");
  assert.equal(await ws.receiveText(), "接受到的消息是: hello");
  ws.sendText("bye");
  assert.equal(await ws.receiveText(), "聊天关闭");
  assert.deepEqual(await ws.closed, { code: 1000, reason: "" });
  assert.equal(ws.closeCode, 1000);
  await assert.rejects(ws.receiveText(), (error: unknown) => error instanceof WebSocketDisconnect && error.code === 1000);
  assert.throws(() => ws.sendText("more"), WebSocketStateError);
});

test("bytes, JSON, subprotocol, response headers and request properties", async () => {
  let seen: { query: string | null; cookies: Record<string, string>; path: Record<string, unknown>; url: string } | undefined;
  const ws = await connect(
    async (server) => {
      seen = { query: server.queryParams.get("token"), cookies: { ...server.cookies }, path: server.pathParams, url: server.url.href };
      await server.accept({ subprotocol: "chat.v1", headers: { "x-server": "skiff" } });
      await server.sendBytes(await server.receiveBytes());
      await server.sendJson({ got: await server.receiveJson() });
      await server.sendText("not json");
    },
    { url: "ws://testserver/ws/lobby?token=abc", subprotocols: ["chat.v1"], headers: { cookie: "a=1" }, pathParams: { room: "lobby" } },
  );
  assert.equal(ws.acceptedSubprotocol, "chat.v1");
  assert.deepEqual(ws.responseHeaders, { "x-server": "skiff" });
  ws.sendBytes(new Uint8Array([1, 2, 3]));
  assert.deepEqual(await ws.receiveBytes(), new Uint8Array([1, 2, 3]));
  ws.sendJson({ n: 1 });
  assert.deepEqual(await ws.receiveJson(), { got: { n: 1 } });
  await assert.rejects(ws.receiveJson(), /receiveJson\(\): the server sent a message that is not JSON/);
  assert.deepEqual(await ws.closed, { code: 1000, reason: "" });
  assert.deepEqual(seen, { query: "abc", cookies: { a: "1" }, path: { room: "lobby" }, url: "ws://testserver/ws/lobby?token=abc" });
});

test("a refused handshake rejects with WebSocketDenied carrying status, body and headers", async () => {
  const denied = await connect(async () => {}).catch((error: unknown) => error);
  assert.ok(denied instanceof WebSocketDenied);
  assert.equal(denied.status, 403);
  assert.deepEqual(denied.json(), { detail: "Forbidden" });

  const unauthorized = await connect(async () => {
    throw new HTTPException(401, "Not authenticated", { "WWW-Authenticate": "Bearer" });
  }).catch((error: unknown) => error);
  assert.ok(unauthorized instanceof WebSocketDenied);
  assert.equal(unauthorized.status, 401);
  assert.equal(unauthorized.body, '{"detail":"Not authenticated"}');
  assert.equal(unauthorized.headers["www-authenticate"], "Bearer");
  assert.match(unauthorized.message, /WebSocket handshake refused with HTTP 401/);

  const logger = recordingLogger();
  const crashed = await connect(
    async () => {
      throw new Error("boom");
    },
    { logger },
  ).catch((error: unknown) => error);
  assert.ok(crashed instanceof WebSocketDenied && crashed.status === 500);
  assert.equal(logger.lines.length, 1);

  const origin = await connect(echo, { headers: { origin: "https://evil.example" }, logger }).catch((error: unknown) => error);
  assert.ok(origin instanceof WebSocketDenied && origin.status === 403);
});

test("errors after accept close with 1011; WebSocketException with its code", async () => {
  const logger = recordingLogger();
  const crashed = await connect(
    async (ws) => {
      await ws.accept();
      throw new Error("bug");
    },
    { logger },
  );
  assert.deepEqual(await crashed.closed, { code: 1011, reason: "" });
  const refused = await connect(async (ws) => {
    await ws.accept();
    throw new WebSocketException(4001, "bad token");
  });
  assert.deepEqual(await refused.closed, { code: 4001, reason: "bad token" });
  await assert.rejects(refused.receive(), (error: unknown) => error instanceof WebSocketDisconnect && error.code === 4001);
});

test("receive* time out with an error that says what was awaited", async () => {
  const ws = await connect(async (server) => {
    await server.accept();
    await server.receiveText();
  });
  const started = Date.now();
  await assert.rejects(
    ws.receiveText({ timeout: 50 }),
    (error: unknown) =>
      error instanceof WebSocketReceiveTimeout &&
      error.message.startsWith("receiveText() timed out after 50 ms: the server sent no message and did not close the connection"),
  );
  assert.ok(Date.now() - started < 1000);
  await ws.close();
});

test("the client's close reaches the handler as WebSocketDisconnect and dispose waits for its finally", async () => {
  const events: string[] = [];
  {
    await using ws = await connect(async (server) => {
      await server.accept();
      try {
        await server.receiveText();
      } catch (error) {
        events.push(`disconnect ${(error as WebSocketDisconnect).code} ${(error as WebSocketDisconnect).reason}`);
      } finally {
        await new Promise((resolve) => setTimeout(resolve, 10));
        events.push("finally");
      }
    });
    await ws.close(4000, "leaving");
    assert.equal(ws.closeCode, 4000);
  }
  assert.deepEqual(events, ["disconnect 4000 leaving", "finally"]);
});

test("dispose closes an open session with 1000", async () => {
  let code = 0;
  {
    await using _ws = await connect(async (server) => {
      await server.accept();
      for await (const _ of server.iterText()) void _;
      code = server.closeCode ?? -1;
    });
  }
  assert.equal(code, 1000);
});

test("an oversize message closes with 1009 in memory too", async () => {
  let thrown: unknown;
  const ws = await connect(
    async (server) => {
      await server.accept();
      thrown = await server.receiveText().catch((error: unknown) => error);
    },
    {},
    { maxMessageSize: 8 },
  );
  ws.sendText("123456789");
  assert.equal((await ws.closed).code, 1009);
  await ws.serverDone;
  assert.ok(thrown instanceof WebSocketDisconnect && thrown.code === 1009);
});

test("a test session that never reads applies backpressure: the server's send gives up after sendTimeout", async () => {
  let thrown: unknown;
  let sent = 0;
  const ws = await connect(
    async (server) => {
      await server.accept();
      try {
        for (;;) {
          await server.sendText("x".repeat(1000));
          sent++;
        }
      } catch (error) {
        thrown = error;
      }
    },
    {},
    { maxBufferedBytes: 10_000, sendTimeout: 50 },
  );
  await ws.serverDone;
  assert.ok(thrown instanceof WebSocketDisconnect && thrown.code === 1008);
  assert.ok(sent <= 11, `sent ${sent}`);
  assert.equal((await ws.closed).code, 1006);
});

test("reading drains the in-memory buffer so waiting sends continue", async () => {
  const ws = await connect(
    async (server) => {
      await server.accept();
      for (let i = 0; i < 50; i++) await server.sendText(String(i).padStart(1000, "."));
    },
    {},
    { maxBufferedBytes: 5_000, sendTimeout: 2_000 },
  );
  for (let i = 0; i < 50; i++) assert.ok((await ws.receiveText()).endsWith(String(i)));
  assert.equal((await ws.closed).code, 1000);
});
