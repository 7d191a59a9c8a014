// The opening handshake over a real socket: accept options, refusals before accept, origins, malformed requests.
import assert from "node:assert/strict";
import { once } from "node:events";
import { request } from "node:http";
import { test } from "node:test";
import { WebSocket as WsClient } from "ws";
import { HTTPException } from "../../src/http/exceptions.ts";
import { WebSocketDisconnect, WebSocketException, WebSocketStateError } from "../../src/websocket/errors.ts";
import { recordingLogger, refusal, serverPool, TestClient } from "./helpers.ts";

const serve = serverPool();

test("accept() sends the chosen subprotocol and extra headers in the 101 response", async () => {
  const server = await serve(async (ws) => {
    await ws.accept({ subprotocol: "b", headers: { "x-server": "skiff", "set-cookie": ["a=1", "b=2"] } });
    await ws.close();
  });
  const socket = new WsClient(`${server.url}/ws`, ["a", "b"]);
  const [response] = await once(socket, "upgrade");
  assert.equal(response.headers["sec-websocket-protocol"], "b");
  assert.equal(response.headers["x-server"], "skiff");
  assert.deepEqual(response.headers["set-cookie"], ["a=1", "b=2"]);
  await once(socket, "close");
  assert.equal(socket.protocol, "b");
});

test("accept() rejects a subprotocol the client did not offer, and handshake-owned headers", async () => {
  const errors: Error[] = [];
  const server = await serve(async (ws) => {
    await ws.accept({ subprotocol: "v9" }).catch((error: Error) => errors.push(error));
    await ws.accept({ headers: { "Sec-WebSocket-Protocol": "v1" } }).catch((error: Error) => errors.push(error));
    await ws.accept({ headers: { "x-bad": "a\r\nb" } }).catch((error: Error) => errors.push(error));
    await ws.accept({ subprotocol: "v1" });
  });
  const client = await TestClient.open(`${server.url}/ws`, ["v1", "v2"]);
  await client.closed;
  assert.ok(errors[0] instanceof WebSocketStateError);
  assert.match(errors[0].message, /the client offered \["v1","v2"\]; choose one of ws\.subprotocols/);
  assert.match(errors[1].message, /set by the WebSocket handshake itself; pass \{ subprotocol \} instead/);
  assert.match(errors[2].message, /contains CR, LF or NUL/);
});

test("a handler that returns before accept() refuses the handshake with 403", async () => {
  const server = await serve(async () => {});
  const response = await refusal(`${server.url}/ws`);
  assert.equal(response.status, 403);
  assert.deepEqual(JSON.parse(response.body), { detail: "Forbidden" });
});

test("close() before accept() refuses with 403", async () => {
  const server = await serve(async (ws) => {
    await ws.close(4001, "no");
    assert.equal(ws.applicationState, "DISCONNECTED");
  });
  assert.equal((await refusal(`${server.url}/ws`)).status, 403);
  await Promise.all(server.sessions);
});

test("HTTPException before accept() refuses with its status, detail and headers", async () => {
  const server = await serve(async (ws) => {
    if (!ws.queryParams.get("token")) throw new HTTPException(401, "Not authenticated", { "WWW-Authenticate": "Bearer" });
    await ws.accept();
  });
  const response = await refusal(`${server.url}/ws`);
  assert.equal(response.status, 401);
  assert.deepEqual(JSON.parse(response.body), { detail: "Not authenticated" });
  assert.equal(response.headers["www-authenticate"], "Bearer");
  assert.equal(response.headers["content-type"], "application/json");
});

test("WebSocketException before accept() refuses with 403; an unexpected error with a logged 500", async () => {
  const logger = recordingLogger();
  const server = await serve(
    async (ws) => {
      if (ws.url.pathname === "/exception") throw new WebSocketException(4001, "bad token");
      throw new Error("database down");
    },
    {},
    { logger },
  );
  assert.equal((await refusal(`${server.url}/exception`)).status, 403);
  const crashed = await refusal(`${server.url}/crash`);
  assert.equal(crashed.status, 500);
  assert.equal(crashed.body, "Internal Server Error");
  await Promise.all(server.sessions);
  assert.equal(logger.lines.length, 1);
  assert.match(logger.lines[0].message, /failed before accept\(\); handshake refused with HTTP 500/);
  assert.equal((logger.lines[0].fields.err as Error).message, "database down");
  assert.equal(logger.lines[0].fields.requestId, "req-2");
});

test("after accept(): an unexpected error closes with 1011 and is logged; WebSocketException closes with its code", async () => {
  const logger = recordingLogger();
  const finished: string[] = [];
  const server = await serve(
    async (ws) => {
      await ws.accept();
      try {
        if (ws.url.pathname === "/exception") throw new WebSocketException(4001, "bad token");
        if (ws.url.pathname === "/http") throw new HTTPException(400);
        throw new TypeError("bug");
      } finally {
        finished.push(ws.url.pathname);
      }
    },
    {},
    { logger },
  );
  const crashed = await TestClient.open(`${server.url}/crash`);
  assert.deepEqual(await crashed.closed, { code: 1011, reason: "" });
  const refused = await TestClient.open(`${server.url}/exception`);
  assert.deepEqual(await refused.closed, { code: 4001, reason: "bad token" });
  const http = await TestClient.open(`${server.url}/http`);
  assert.equal((await http.closed).code, 1011);
  await Promise.all(server.sessions);
  assert.deepEqual(finished, ["/crash", "/exception", "/http"]);
  assert.deepEqual(
    logger.lines.filter((line) => line.level === "error").map((line) => line.message),
    [
      "WebSocket handler failed after accept(); closed with 1011",
      "WebSocket handler failed after accept(); closed with 1011 (HTTPException only works before accept(); after it, throw WebSocketException(code, reason))",
    ],
  );
});

test("a handler that returns after accept() closes with 1000", async () => {
  const server = await serve(async (ws) => {
    await ws.accept();
    await ws.sendText("hello");
  });
  const client = await TestClient.open(`${server.url}/ws`);
  assert.equal(await client.next(), "hello");
  assert.deepEqual(await client.closed, { code: 1000, reason: "" });
});

test("allowedOrigins: same-origin by default, lists, '*' and functions; refusal is 403 before the handler runs", async () => {
  const logger = recordingLogger();
  let runs = 0;
  const handler = async (ws: { accept(): Promise<void>; close(): Promise<void> }) => {
    runs++;
    await ws.accept();
    await ws.close();
  };
  const sameOrigin = await serve(handler, {}, { logger });
  const host = new URL(sameOrigin.url).host;
  assert.equal((await refusal(`${sameOrigin.url}/ws`, { origin: "https://evil.example" })).status, 403);
  assert.equal(runs, 0);
  assert.match(
    logger.lines[0].message,
    /origin "https:\/\/evil\.example" is not allowed by allowedOrigins.*allowedOrigins: \["https:\/\/evil\.example"\]/,
  );
  await (await TestClient.open(`${sameOrigin.url}/ws`, [], { origin: `http://${host}` })).closed;
  await (await TestClient.open(`${sameOrigin.url}/ws`)).closed; // no Origin: not a browser
  assert.equal(runs, 2);

  const listed = await serve(handler, { allowedOrigins: ["https://app.example"] });
  await (await TestClient.open(`${listed.url}/ws`, [], { origin: "https://APP.example:443" })).closed;
  assert.equal((await refusal(`${listed.url}/ws`, { origin: "https://other.example" })).status, 403);

  const any = await serve(handler, { allowedOrigins: "*" });
  await (await TestClient.open(`${any.url}/ws`, [], { origin: "https://whatever.example" })).closed;

  const checked = await serve(handler, { allowedOrigins: async (origin) => origin?.endsWith(".trusted.example") ?? false });
  await (await TestClient.open(`${checked.url}/ws`, [], { origin: "https://a.trusted.example" })).closed;
  assert.equal((await refusal(`${checked.url}/ws`)).status, 403);
  const body = JSON.parse((await refusal(`${checked.url}/ws`, { origin: "https://x.example" })).body);
  assert.deepEqual(body, { detail: "Origin not allowed" });
});

test("a malformed upgrade request gets 400 and the handler never runs", async () => {
  let runs = 0;
  const server = await serve(async () => {
    runs++;
  });
  const { port } = new URL(server.url);
  const response = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request({ port, host: "127.0.0.1", path: "/ws", headers: { connection: "Upgrade", upgrade: "websocket" } });
    req.on("response", (res) => {
      let body = "";
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
  assert.equal(response.status, 400);
  assert.deepEqual(JSON.parse(response.body), { detail: "Missing or invalid Sec-WebSocket-Key header" });
  assert.equal(runs, 0);
});

test("a handler that neither accepts nor refuses within handshakeTimeout gets 503, and accept() then throws", async () => {
  const logger = recordingLogger();
  let late: unknown;
  const server = await serve(
    async (ws) => {
      await new Promise((resolve) => setTimeout(resolve, 150));
      late = await ws.accept().catch((error: unknown) => error);
    },
    { handshakeTimeout: 50 },
    { logger },
  );
  assert.equal((await refusal(`${server.url}/ws`)).status, 503);
  await Promise.all(server.sessions);
  assert.ok(late instanceof WebSocketDisconnect);
  assert.equal(late.code, 1006);
  assert.match(late.reason, /accept\(\) was not called within 50 ms/);
  assert.match(logger.lines[0].message, /handshake timed out/);
});

test("permessage-deflate is off by default and negotiated when enabled", async () => {
  const handler = async (ws: { accept(): Promise<void>; sendText(text: string): Promise<void> }) => {
    await ws.accept();
    await ws.sendText("x".repeat(10_000));
  };
  const plain = await serve(handler);
  const offPeer = await TestClient.open(`${plain.url}/ws`); // the ws client offers permessage-deflate
  assert.equal(offPeer.socket.extensions, "");
  assert.equal(((await offPeer.next()) as string).length, 10_000);

  const compressed = await serve(handler, { perMessageDeflate: true });
  const onPeer = await TestClient.open(`${compressed.url}/ws`);
  assert.match(onPeer.socket.extensions, /permessage-deflate/);
  assert.equal(((await onPeer.next()) as string).length, 10_000);
  assert.equal((await onPeer.closed).code, 1000);
});

test("serveWebSocket reports invalid options as a rejection, never a synchronous throw", async () => {
  const { serveWebSocket } = await import("../../src/websocket/upgrade.ts");
  const { PassThrough } = await import("node:stream");
  const req = {
    method: "GET",
    url: "/ws",
    headers: {
      host: "localhost",
      upgrade: "websocket",
      connection: "upgrade",
      "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==",
      "sec-websocket-version": "13",
    },
    socket: { remoteAddress: "127.0.0.1", remotePort: 1 },
  } as unknown as import("node:http").IncomingMessage;
  let outcome: unknown;
  assert.doesNotThrow(() => {
    outcome = serveWebSocket(req, new PassThrough(), Buffer.alloc(0), { maxMessageSize: -1 }, () => {}, { requestId: "r" });
  });
  await assert.rejects(outcome as Promise<void>, RangeError);
});
