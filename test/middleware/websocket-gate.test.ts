// Middleware marked `websocket: true` sees WebSocket handshakes on a real socket, before routing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { WebSocket as WsClient } from "ws";
import {
  App,
  PlainTextResponse,
  createLogger,
  httpsRedirect,
  logger,
  rateLimit,
  requestId,
  trustedHost,
  websocketAware,
  type Middleware,
} from "skiffjs";
import { parseRaw, rawRequest, silent } from "./helpers.ts";

function echoApp(log = silent): App<any> {
  return new App({ logger: log }).websocket("/ws", async (ws) => {
    await ws.accept();
    for await (const text of ws.iterText()) await ws.sendText(`echo ${text}`);
  });
}

function handshake(port: number, host: string, path = "/ws"): Promise<string> {
  return rawRequest(
    port,
    `GET ${path} HTTP/1.1\r\nhost: ${host}\r\nupgrade: websocket\r\nconnection: Upgrade\r\nsec-websocket-key: dGhlIHNhbXBsZSBub25jZQ==\r\nsec-websocket-version: 13\r\n\r\n`,
    1000,
  );
}

test("trustedHost refuses a handshake for a foreign host with its 400; a trusted host connects", async () => {
  const app = echoApp();
  app.use(trustedHost({ allowedHosts: ["127.0.0.1"] }));
  const server = await app.listen({ port: 0 });
  try {
    const refused = parseRaw(await handshake(server.port, "evil.example"));
    assert.equal(refused.status, 400);
    assert.equal(refused.body, "Invalid host header");
    assert.equal(refused.headers["content-type"], "text/plain; charset=utf-8");

    const ws = new WsClient(`ws://127.0.0.1:${server.port}/ws`);
    await once(ws, "open");
    ws.send("hi");
    const [reply] = await once(ws, "message");
    assert.equal(reply.toString(), "echo hi");
    ws.close();
    await once(ws, "close");
  } finally {
    await server.close();
  }
});

test("httpsRedirect sends ws:// handshakes to wss:// with a 307", async () => {
  const app = echoApp();
  app.use(httpsRedirect());
  const server = await app.listen({ port: 0 });
  try {
    const res = parseRaw(await handshake(server.port, "example.com", "/ws?room=1"));
    assert.equal(res.status, 307);
    assert.equal(res.headers.location, "wss://example.com/ws?room=1");
  } finally {
    await server.close();
  }
});

test("plain middleware does not see handshakes; websocketAware middleware does, in order, and may refuse", async () => {
  const seen: string[] = [];
  const plain: Middleware = (request, next) => {
    seen.push(`plain ${request.path}`);
    return next(request);
  };
  const gate = websocketAware((request, next) => {
    seen.push(`gate ${request.path}`);
    if (request.queryParams.get("key") !== "open-sesame") return new PlainTextResponse("no key", { status: 401, headers: { "x-why": "key" } });
    return next(request);
  });
  const app = echoApp();
  app.use(plain, gate);
  const server = await app.listen({ port: 0 });
  try {
    const refused = parseRaw(await handshake(server.port, "127.0.0.1", "/ws?key=wrong"));
    assert.equal(refused.status, 401);
    assert.equal(refused.headers["x-why"], "key");
    assert.equal(refused.body, "no key");

    const ws = new WsClient(`ws://127.0.0.1:${server.port}/ws?key=open-sesame`);
    await once(ws, "open");
    ws.close();
    await once(ws, "close");
    assert.deepEqual(seen, ["gate /ws", "gate /ws"]);
  } finally {
    await server.close();
  }
});

test("rateLimit counts handshakes", async () => {
  const app = echoApp();
  app.use(rateLimit({ max: 1, windowMs: 60_000 }));
  const server = await app.listen({ port: 0 });
  try {
    const ws = new WsClient(`ws://127.0.0.1:${server.port}/ws`);
    await once(ws, "open");
    ws.close();
    const limited = parseRaw(await handshake(server.port, "127.0.0.1"));
    assert.equal(limited.status, 429);
    assert.deepEqual(JSON.parse(limited.body), { detail: "Too Many Requests" });
    assert.ok(Number(limited.headers["retry-after"]) > 0);
  } finally {
    await server.close();
  }
});

test("requestId binds the log context for the whole WebSocket connection", async () => {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger("info", { format: "json", destination: { write: (line: string) => void lines.push(JSON.parse(line)) } });
  const app = new App({ logger: log }).websocket("/ws", async (ws) => {
    await ws.accept();
    for await (const text of ws.iterText()) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      logger.info({ text }, "received");
      await ws.sendText("ok");
    }
  });
  app.use(requestId());
  const server = await app.listen({ port: 0 });
  try {
    const ws = new WsClient(`ws://127.0.0.1:${server.port}/ws`, { headers: { "x-request-id": "ws-conn-1" } });
    await once(ws, "open");
    ws.send("a");
    await once(ws, "message");
    ws.send("b");
    await once(ws, "message");
    ws.close();
    await once(ws, "close");
  } finally {
    await server.close();
  }
  const received = lines.filter((line) => line.msg === "received");
  assert.equal(received.length, 2);
  for (const line of received) assert.equal(line.requestId, "ws-conn-1");
});
