// Connections as an attacker holds them: silent from accept, past a cap, kept half-open after a 408, or still
// in flight while the server drains. Over raw loopback sockets; every wait is an event or a generous bound.
import { test } from "node:test";
import assert from "node:assert/strict";
import { connect, type Socket } from "node:net";
import { WebSocket as WsClient } from "ws";
import { App } from "skiffjs";
import { freePort, runCli } from "../helpers/cli.ts";
import { bodyOf, capturingLogger, get, listen, rawExchange, rawSocket, silent, sleep } from "./helpers.ts";
import { nodeOnly } from "../helpers/runtime.ts";

/** Resolves with the time the socket closed (fully: FIN and RST both count), or `null` if it is still open after `wait`. */
function closedWithin(socket: Socket, wait: number): Promise<number | null> {
  return new Promise((resolve) => {
    if (socket.destroyed) return resolve(Date.now());
    const timer = setTimeout(() => resolve(null), wait);
    socket.on("error", () => undefined);
    socket.once("close", () => {
      clearTimeout(timer);
      resolve(Date.now());
    });
  });
}

/** Collects what the server writes on `socket`. */
function received(socket: Socket): () => string {
  const chunks: Buffer[] = [];
  socket.on("data", (chunk: Buffer) => chunks.push(chunk));
  return () => Buffer.concat(chunks).toString("latin1");
}

test("a connection that never sends a byte is closed headersTimeout after accept; others are served", async () => {
  const server = await listen(
    new App({ logger: silent }).get("/", () => "ok"),
    { headersTimeout: 500 },
  );
  const silentOnes = await Promise.all(Array.from({ length: 5 }, () => rawSocket(server.port)));
  try {
    const accepted = Date.now();
    const texts = silentOnes.map(received);
    assert.equal((await fetch(`${server.url}/`)).status, 200);
    const closedAt = await Promise.all(silentOnes.map((socket) => closedWithin(socket, 6000)));
    for (const at of closedAt) {
      assert.notEqual(at, null, "a silent connection was still open 6 s after accept");
      assert.ok(at! - accepted >= 400, `closed after ${at! - accepted} ms, before the timeout`);
    }
    // Nothing was asked; when Node's own sweep gets there first it says 408, which is all it may say.
    for (const text of texts) assert.match(text(), /^(?:$|HTTP\/1\.1 408 )/);
  } finally {
    for (const socket of silentOnes) socket.destroy();
    await server.close();
  }
});

test("the first request's head must be complete headersTimeout after accept: a late first byte does not restart the clock", {
  skip: nodeOnly("Node's own HTTP/1.1 server: its parser's limits and its headersTimeout/requestTimeout (another runtime's server has its own)"),
}, async () => {
  const server = await listen(
    new App({ logger: silent }).get("/", () => "ok"),
    { headersTimeout: 800 },
  );
  try {
    const started = Date.now();
    // Silent for 8 s, then a header line every 100 ms: timed from its first byte it would last until 8.8 s at least
    // (the margin is for a loaded machine; a passing run is cut after 0.8 s).
    const silence = Array.from({ length: 80 }, () => "");
    const drip = ["GET / HTTP/1.1\r\n", ...Array.from({ length: 40 }, (_, i) => `X-Drip-${i}: 1\r\n`)];
    const answer = await rawExchange(server.port, [...silence, ...drip], { gap: 100, wait: 20_000 });
    const elapsed = Date.now() - started;
    assert.equal(answer.end, "closed");
    assert.ok(elapsed >= 700 && elapsed < 8000, `cut after ${elapsed} ms`);
    // A kept-alive connection's next request is timed by keepAliveTimeout, not from accept.
    const socket = await rawSocket(server.port);
    try {
      const text = received(socket);
      socket.write(get("/", {}, false));
      await sleep(1200);
      socket.write(get("/"));
      assert.notEqual(await closedWithin(socket, 8000), null);
      assert.equal(text().match(/HTTP\/1\.1 200/g)?.length, 2, text());
    } finally {
      socket.destroy();
    }
  } finally {
    await server.close();
  }
});

test("maxConnections: past the cap a new connection gets 503 with connection: close, HTTP and WebSocket counted together", async () => {
  const captured = capturingLogger("warn");
  const app = new App({ logger: captured.logger })
    .get("/", () => "ok")
    .websocket("/ws", { allowedOrigins: "*" }, async (ws) => {
      await ws.accept();
      for await (const _ of ws.iterText());
    });
  const running = await app.listen({ host: "127.0.0.1", port: 0, gracefulTimeout: 1000, maxConnections: 3 });
  const held: Socket[] = [];
  const sockets: WsClient[] = [];
  try {
    const wsUrl = `${running.url.replace("http", "ws")}/ws`;
    for (let i = 0; i < 2; i++) {
      const client = new WsClient(wsUrl);
      sockets.push(client);
      await new Promise((resolve, reject) => client.once("open", resolve).once("error", reject));
    }
    held.push(await rawSocket(running.port));
    await waitForConnections(running.server, 3);
    const refused = await rawExchange(running.port, get("/"));
    assert.equal(refused.status, 503);
    assert.equal(refused.end, "closed");
    assert.match(refused.text, /connection: close/i);
    assert.match(refused.text, /retry-after: 1/i);
    assert.equal(JSON.parse(bodyOf(refused.text)).detail, "Service Unavailable: too many open connections (maxConnections)");
    const refusedWs = new WsClient(wsUrl);
    const status = await new Promise((resolve) => {
      refusedWs.once("unexpected-response", (_req, res) => resolve(res.statusCode));
      refusedWs.once("error", () => resolve("error"));
    });
    assert.equal(status, 503);
    assert.ok(
      captured.lines().some((line) => line.maxConnections === 3),
      "a warning names the limit",
    );
    // One leaves: the next one is served.
    sockets.pop()!.close();
    await waitForConnections(running.server, 2);
    assert.equal((await rawExchange(running.port, get("/"))).status, 200);
  } finally {
    for (const socket of held) socket.destroy();
    for (const client of sockets) client.terminate();
    await running.close();
  }
});

test("after a 408 the socket is destroyed shortly, even while the client keeps sending", {
  skip: nodeOnly("Node's own HTTP/1.1 server: its parser's limits and its headersTimeout/requestTimeout (another runtime's server has its own)"),
}, async () => {
  const server = await listen(
    new App({ logger: silent }).get("/", () => "ok"),
    { headersTimeout: 400, requestTimeout: 5000 },
  );
  // allowHalfOpen: the client does not end its side when the server ends its own, as an attacker would not.
  const socket = connect({ port: server.port, host: "127.0.0.1", allowHalfOpen: true });
  const drip = setInterval(() => socket.writable && socket.write("X-More: 1\r\n"), 100);
  try {
    await new Promise((resolve) => socket.once("connect", resolve));
    const text = received(socket);
    const answered = new Promise<number>((resolve) => socket.once("end", () => resolve(Date.now())));
    socket.write("GET / HTTP/1.1\r\nHost: x\r\n");
    const closedAt = closedWithin(socket, 8000);
    const endedAt = await answered;
    assert.match(text(), /^HTTP\/1\.1 408/);
    const at = await closedAt;
    assert.notEqual(at, null, "the server still held the connection 8 s later");
    assert.ok(at! - endedAt < 4000, `destroyed ${at! - endedAt} ms after the 408`);
  } finally {
    clearInterval(drip);
    socket.destroy();
    await server.close();
  }
});

test("responses written while draining say connection: close, and their connections are closed", async () => {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let started!: () => void;
  const handlerStarted = new Promise<void>((resolve) => (started = resolve));
  const app = new App({ logger: silent }).get("/slow", async () => {
    started();
    await released;
    return "done";
  });
  const running = await app.listen({ host: "127.0.0.1", port: 0, gracefulTimeout: 5000 });
  const socket = await rawSocket(running.port);
  try {
    const text = received(socket);
    socket.write(get("/slow", {}, false));
    await handlerStarted;
    const closing = running.close();
    // Until the handler answers, the drain waits for it; it then answers on a connection that must not stay.
    await sleep(100);
    release();
    assert.notEqual(await closedWithin(socket, 6000), null, "the connection was kept after the drained response");
    assert.match(text(), /^HTTP\/1\.1 200/);
    assert.match(text(), /\r\nconnection: close\r\n/i);
    assert.doesNotMatch(text(), /keep-alive/i);
    await closing;
  } finally {
    release();
    socket.destroy();
    await running.close();
  }
});

test("skiff run --timeout-headers and --max-connections reach the server", { skip: nodeOnly("starts `skiff run`, a Node process") }, async () => {
  const port = await freePort();
  const cli = runCli(["run", "test/hardening/fixtures/slow-app.ts:app", "--port", String(port), "--timeout-headers", "1", "--max-connections", "1"]);
  const held: Socket[] = [];
  try {
    await cli.waitFor(/Skiff running on/);
    held.push(await rawSocket(port));
    received(held[0]!); // reading: the server's close is seen as it happens
    await sleep(200);
    assert.equal((await rawExchange(port, get("/fast"))).status, 503);
    assert.notEqual(await closedWithin(held[0]!, 15_000), null, "the silent connection was not closed after 1 s");
    // The server counts the closed connection out when it has seen it go, a moment after this client has.
    assert.equal(await statusOnceFree(port), 200);
  } finally {
    for (const socket of held) socket.destroy();
    await cli.stop();
  }
});

/** The status of `GET /fast`, asked again (up to 5 s) while the server still answers 503 for a slot just freed. */
async function statusOnceFree(port: number): Promise<number | null> {
  let status: number | null = null;
  for (const started = Date.now(); Date.now() - started < 5000; await sleep(50)) {
    status = (await rawExchange(port, get("/fast"))).status;
    if (status !== 503) break;
  }
  return status;
}

async function waitForConnections(server: import("node:http").Server, count: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const open = await new Promise<number>((resolve) => server.getConnections((_e, n) => resolve(n)));
    if (open === count) return;
    await sleep(25);
  }
  throw new Error(`the server never had ${count} connections open`);
}
