// Every limit, over a real socket: its documented default, the clear answer past it (naming the knob), and the
// option that moves it. docs/security.md lists the same table.
import { test } from "node:test";
import assert from "node:assert/strict";
import { request as httpRequest } from "node:http";
import { WebSocket as WsClient } from "ws";
import { App, t } from "skiffjs";
import { freePort, runCli } from "../helpers/cli.ts";
import { get, listen, rawExchange, rawSocket, bodyOf, silent, sleep, capturingLogger } from "./helpers.ts";
import { openRawWebSocket, frame, closePayload } from "./ws-frames.ts";
import { nodeOnly } from "../helpers/runtime.ts";

function send(
  url: string,
  method: string,
  body?: Buffer | string,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode!, text: Buffer.concat(chunks).toString(), headers: res.headers }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

const detail = (text: string) => JSON.parse(text).detail;

test("body: 1 MiB by default, 413 naming bodyLimit from content-length or while reading a chunked body; per app and per route", async () => {
  const app = new App({ logger: silent })
    .post("/default", { body: t.Any() }, () => "ok")
    .post("/small", { body: t.Any(), bodyLimit: 10 }, () => "ok");
  const server = await listen(app);
  try {
    const mib = JSON.stringify("a".repeat(1024 * 1024 - 2));
    assert.equal((await send(`${server.url}/default`, "POST", mib, { "content-type": "application/json" })).status, 200);
    const over = await send(`${server.url}/default`, "POST", JSON.stringify("a".repeat(1024 * 1024)), { "content-type": "application/json" });
    assert.equal(over.status, 413);
    assert.equal(detail(over.text), "Request body is larger than the limit of 1048576 bytes (bodyLimit)");
    const chunked = await send(`${server.url}/small`, "POST", '"0123456789"', { "content-type": "application/json", "transfer-encoding": "chunked" });
    assert.equal(chunked.status, 413);
    assert.equal(detail(chunked.text), "Request body is larger than the limit of 10 bytes (bodyLimit)");
  } finally {
    await server.close();
  }
  const bigger = new App({ logger: silent, bodyLimit: 2 * 1024 * 1024 }).post("/", { body: t.Any() }, () => "ok");
  const server2 = await listen(bigger);
  try {
    assert.equal((await send(server2.url, "POST", JSON.stringify("a".repeat(1024 * 1024 + 10)), { "content-type": "application/json" })).status, 200);
  } finally {
    await server2.close();
  }
});

test("header size: 16 KiB by default (Node's), 431 past it; listen({ maxHeaderSize }) moves it; handshakes too", async () => {
  const app = new App({ logger: silent }).get("/", () => "ok").websocket("/ws", async (ws) => ws.accept());
  const server = await listen(app);
  try {
    assert.equal((await rawExchange(server.port, get("/", { "x-a": "a".repeat(15_000) }))).status, 200);
    const big = await rawExchange(server.port, get("/", { "x-a": "a".repeat(17_000) }));
    assert.equal(big.status, 431);
    const ws = await rawExchange(server.port, get("/ws", { upgrade: "websocket", connection: "Upgrade", "x-a": "a".repeat(17_000) }));
    assert.equal(ws.status, 431);
  } finally {
    await server.close();
  }
  const roomy = await listen(app, { maxHeaderSize: 64 * 1024 });
  try {
    assert.equal((await rawExchange(roomy.port, get("/", { "x-a": "a".repeat(40_000) }))).status, 200);
  } finally {
    await roomy.close();
  }
});

test("header count: 100 lines by default, 431 naming maxHeaderCount past it (Node would drop extra lines silently)", {
  skip: nodeOnly("Node's own HTTP/1.1 server: its parser's limits and its headersTimeout/requestTimeout (another runtime's server has its own)"),
}, async () => {
  const headers = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`x-h${i}`, String(i)]));
  const app = new App({ logger: silent }).get("/", ({ request }) => ({ count: request.raw.rawHeaders.length / 2 }));
  const server = await listen(app);
  try {
    // Host and Connection are two of the 100.
    const ok = await rawExchange(server.port, get("/", headers(98)));
    assert.equal(ok.status, 200);
    assert.equal(JSON.parse(bodyOf(ok.text)).count, 100);
    const over = await rawExchange(server.port, get("/", headers(99)));
    assert.equal(over.status, 431);
    assert.equal(detail(bodyOf(over.text)), "Too many header fields: at most 100 are accepted (maxHeaderCount)");
  } finally {
    await server.close();
  }
  // Raised past Node's own 2000: every line arrives, none silently dropped.
  const many = new App({ logger: silent, maxHeaderCount: 3000 }).get("/", ({ request }) => ({
    count: request.raw.rawHeaders.length / 2,
    last: request.headers.get("x-h2499"),
  }));
  const server2 = await listen(many, { maxHeaderSize: 128 * 1024 });
  try {
    const res = await rawExchange(server2.port, get("/", headers(2500)));
    assert.equal(res.status, 200);
    assert.deepEqual(JSON.parse(bodyOf(res.text)), { count: 2502, last: "2499" });
  } finally {
    await server2.close();
  }
});

test("URL length: 8 KiB by default, 414 naming maxUrlLength past it; HTTP and WebSocket handshakes alike", async () => {
  const app = new App({ logger: silent }).get("/{rest:path}", () => "ok").websocket("/ws", async (ws) => ws.accept());
  const server = await listen(app);
  try {
    const at = (n: number) => `/${"a".repeat(n - 1)}`;
    assert.equal((await rawExchange(server.port, get(at(8192)))).status, 200);
    const over = await rawExchange(server.port, get(at(8193)));
    assert.equal(over.status, 414);
    assert.equal(detail(bodyOf(over.text)), "URL is longer than the limit of 8192 bytes (maxUrlLength)");
    const ws = await rawExchange(server.port, get(`/ws?${"a".repeat(8200)}`, { upgrade: "websocket", connection: "Upgrade" }));
    assert.equal(ws.status, 414);
  } finally {
    await server.close();
  }
  const longer = await listen(new App({ logger: silent, maxUrlLength: 12_000 }).get("/{rest:path}", () => "ok"));
  try {
    assert.equal((await rawExchange(longer.port, get(`/${"a".repeat(11_000)}`))).status, 200);
  } finally {
    await longer.close();
  }
});

test("query params: 1000 by default, 400 naming maxQueryParams past it — never silently truncated", async () => {
  const make = (options: ConstructorParameters<typeof App>[0]) =>
    new App({ logger: silent, ...options }).get("/", { query: { a: t.Array(t.String(), { default: [] }) } }, ({ query, request }) => ({
      values: query.a.length,
      keys: Object.keys(request.queryObject).length,
    }));
  const server = await listen(make({}));
  try {
    const ok = await rawExchange(server.port, get(`/?${Array.from({ length: 1000 }, (_, i) => `k${i}=1`).join("&")}`));
    assert.deepEqual(JSON.parse(bodyOf(ok.text)), { values: 0, keys: 1000 });
    const over = await rawExchange(server.port, get(`/?${"a=1&".repeat(1001)}`));
    assert.equal(over.status, 400);
    assert.equal(detail(bodyOf(over.text)), "Too many query parameters: at most 1000 are accepted (maxQueryParams)");
    // Empty pairs are not parameters.
    assert.equal((await rawExchange(server.port, get(`/?a=1${"&".repeat(3000)}`))).status, 200);
  } finally {
    await server.close();
  }
  const more = await listen(make({ maxQueryParams: 2000 }));
  try {
    const res = await rawExchange(more.port, get(`/?${"a=1&".repeat(1500)}`));
    assert.deepEqual(JSON.parse(bodyOf(res.text)), { values: 1500, keys: 1 });
  } finally {
    await more.close();
  }
});

test("JSON depth: 200 levels, 422 json_invalid naming the limit past it; WebSocket JSON closes with 1008", async () => {
  const app = new App({ logger: silent })
    .post("/", { body: t.Any() }, ({ body }) => body)
    .websocket("/ws", async (ws) => {
      await ws.accept();
      for await (const message of ws.iterJson()) await ws.sendJson(message);
    });
  const server = await listen(app);
  try {
    const nested = (n: number) => "[".repeat(n) + "]".repeat(n);
    const ok = await send(server.url, "POST", nested(200), { "content-type": "application/json" });
    assert.equal(ok.status, 200);
    assert.equal(ok.text, nested(200));
    const over = await send(server.url, "POST", nested(201), { "content-type": "application/json" });
    assert.equal(over.status, 422);
    assert.deepEqual(JSON.parse(over.text).detail, [
      {
        type: "json_invalid",
        loc: ["body", 0],
        msg: "JSON decode error",
        input: {},
        ctx: { error: "Nesting is deeper than the limit of 200 levels" },
      },
    ]);
    // Brackets inside strings are text, not nesting.
    const inString = JSON.stringify({ s: "[".repeat(5000), t: '\\"[[[' });
    assert.equal((await send(server.url, "POST", inString, { "content-type": "application/json" })).status, 200);

    const ws = new WsClient(`ws://127.0.0.1:${server.port}/ws`);
    await new Promise((resolve) => ws.once("open", resolve));
    const closed = new Promise<[number, string]>((resolve) => ws.once("close", (code, reason) => resolve([code, reason.toString()])));
    ws.send(nested(3));
    const echoed = await new Promise((resolve) => ws.once("message", (data) => resolve(data.toString())));
    assert.equal(echoed, nested(3));
    ws.send(nested(201));
    assert.deepEqual(await closed, [1008, "JSON nested deeper than 200 levels"]);
  } finally {
    await server.close();
  }
});

test("multipart defaults over a real socket: 1000 fields, 20 files, 10 MiB per file — each 413 naming its limit", async () => {
  const app = new App({ logger: silent }).post(
    "/up",
    { form: t.Object({}), files: { f: t.Optional(t.Array(t.File())) }, bodyLimit: 64 * 1024 * 1024 },
    () => "ok",
  );
  const server = await listen(app);
  const boundary = "hardening-boundary";
  const build = (parts: string[]) => Buffer.from(`${parts.join("")}--${boundary}--\r\n`, "latin1");
  const field = (name: string, value: string) => `--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const file = (size: number) =>
    `--${boundary}\r\ncontent-disposition: form-data; name="f"; filename="f.bin"\r\ncontent-type: application/octet-stream\r\n\r\n${"x".repeat(size)}\r\n`;
  const headers = { "content-type": `multipart/form-data; boundary=${boundary}` };
  try {
    const fields = await send(`${server.url}/up`, "POST", build(Array.from({ length: 1001 }, (_, i) => field(`k${i}`, "v"))), headers);
    assert.equal(fields.status, 413);
    assert.match(detail(fields.text), /\(maxFields\)$/);
    const files = await send(`${server.url}/up`, "POST", build(Array.from({ length: 21 }, () => file(1))), headers);
    assert.equal(files.status, 413);
    assert.match(detail(files.text), /\(maxFiles\)$/);
    const big = await send(`${server.url}/up`, "POST", build([file(10 * 1024 * 1024 + 1)]), headers);
    assert.equal(big.status, 413);
    assert.match(detail(big.text), /\(maxFileSize\)$/);
    assert.equal((await send(`${server.url}/up`, "POST", build([file(1024), field("a", "b")]), headers)).status, 200);
  } finally {
    await server.close();
  }
});

test("WebSocket message size: 1 MiB by default, close 1009 past it; maxMessageSize moves it per app and per route", async () => {
  const app = new App({ logger: silent, websocket: { maxMessageSize: 1000 } })
    .websocket("/app", async (ws) => {
      await ws.accept();
      for await (const m of ws.iterBytes()) await ws.sendBytes(m);
    })
    .websocket("/route", { maxMessageSize: 10 }, async (ws) => {
      await ws.accept();
      for await (const m of ws.iterBytes()) await ws.sendBytes(m);
    });
  const server = await listen(app);
  try {
    for (const [path, size, expected] of [
      ["/app", 1000, null],
      ["/app", 1001, 1009],
      ["/route", 10, null],
      ["/route", 11, 1009],
    ] as const) {
      const ws = await openRawWebSocket(server.port, path);
      ws.socket.write(frame(0x2, Buffer.alloc(size)));
      if (expected === null) ws.socket.write(frame(0x8, closePayload(1000)));
      const code = await ws.closeCode;
      ws.socket.destroy();
      assert.equal(code, expected ?? 1000, `${path} with ${size} bytes`);
    }
  } finally {
    await server.close();
  }
});

test("concurrency: listen({ limitConcurrency }) answers 503 (with retry-after) beyond N requests in flight or WebSockets open", async () => {
  const captured = capturingLogger("warn");
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const app = new App({ logger: captured.logger })
    .get("/slow", async () => {
      await gate;
      return "slow";
    })
    .get("/fast", () => "fast")
    .websocket("/ws", async (ws) => {
      await ws.accept();
      await ws.receiveText().catch(() => undefined);
    });
  const server = await listen(app, { limitConcurrency: 2 });
  try {
    const slow = [send(`${server.url}/slow`, "GET"), send(`${server.url}/slow`, "GET")];
    await sleep(100);
    const refused = await send(`${server.url}/fast`, "GET");
    assert.equal(refused.status, 503);
    assert.equal(refused.headers["retry-after"], "1");
    assert.deepEqual(JSON.parse(refused.text), { detail: "Service Unavailable: too many concurrent requests" });
    const handshake = await rawExchange(
      server.port,
      get("/ws", { upgrade: "websocket", connection: "Upgrade", "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==", "sec-websocket-version": "13" }),
    );
    assert.equal(handshake.status, 503);
    release();
    assert.deepEqual(
      (await Promise.all(slow)).map((r) => r.status),
      [200, 200],
    );
    assert.equal((await send(`${server.url}/fast`, "GET")).status, 200);
    // Open WebSockets count too: two open, the next request is refused until one closes.
    const a = await openRawWebSocket(server.port, "/ws");
    const b = await openRawWebSocket(server.port, "/ws");
    assert.equal((await send(`${server.url}/fast`, "GET")).status, 503);
    a.socket.write(frame(0x8, closePayload(1000)));
    await a.closeCode;
    a.socket.destroy();
    await sleep(50);
    assert.equal((await send(`${server.url}/fast`, "GET")).status, 200);
    b.socket.destroy();
    assert.ok(captured.lines().some((line) => /Concurrency limit of 2 reached/.test(line.msg)));
  } finally {
    release();
    await server.close();
  }
});

test("skiff run --limit-concurrency N answers 503 beyond N, like uvicorn", {
  skip: nodeOnly("--limit-concurrency is applied by Skiff's node:http server; under Bun and Deno `skiff run` serves with Bun.serve / Deno.serve"),
}, async () => {
  const port = await freePort();
  const cli = runCli(["run", "test/hardening/fixtures/slow-app.ts:app", "--port", String(port), "--limit-concurrency", "1"]);
  try {
    await cli.waitFor(/Skiff running on/);
    const url = `http://127.0.0.1:${port}`;
    const slow = send(`${url}/slow?ms=600`, "GET");
    await sleep(150);
    assert.equal((await send(`${url}/fast`, "GET")).status, 503);
    assert.equal((await slow).status, 200);
    assert.equal((await send(`${url}/fast`, "GET")).status, 200);
  } finally {
    await cli.stop();
  }
});

test("keep-alive: an idle connection is closed after keepAliveTimeout (5 s by default, --timeout-keep-alive)", async () => {
  const server = await listen(
    new App({ logger: silent }).get("/", () => "ok"),
    { keepAliveTimeout: 300 },
  );
  try {
    const socket = await rawSocket(server.port);
    const closed = new Promise<number>((resolve) => socket.once("close", () => resolve(Date.now())));
    socket.on("data", () => {});
    socket.write(get("/", {}, false));
    const start = Date.now();
    const at = await closed;
    assert.ok(at - start >= 250 && at - start < 4000, `closed after ${at - start} ms`);
  } finally {
    await server.close();
  }
});

test("slowloris: a client dribbling its headers is cut off at headersTimeout with 408, while others are served", {
  skip: nodeOnly("Node's own HTTP/1.1 server: its parser's limits and its headersTimeout/requestTimeout (another runtime's server has its own)"),
}, async () => {
  const server = await listen(
    new App({ logger: silent }).get("/", () => "ok"),
    { headersTimeout: 600, requestTimeout: 20_000 },
  );
  try {
    const started = Date.now();
    // 20 s of dribbling if nobody stopped it (the margins are for a loaded machine; a passing run ends after 0.6 s).
    const drip = ["GET / HTTP/1.1\r\n", "Host: x\r\n", ...Array.from({ length: 200 }, (_, i) => `X-Drip-${i}: 1\r\n`)];
    const dribbling = rawExchange(server.port, drip, { gap: 100, wait: 30_000 });
    await sleep(200);
    assert.equal((await fetch(`${server.url}/`)).status, 200);
    const answer = await dribbling;
    const elapsed = Date.now() - started;
    assert.equal(answer.status, 408);
    assert.equal(answer.end, "closed");
    assert.ok(elapsed >= 550 && elapsed < 15_000, `cut after ${elapsed} ms`);
  } finally {
    await server.close();
  }
});

test("requestTimeout: a body that never finishes arriving is cut off with 408", {
  skip: nodeOnly("Node's own HTTP/1.1 server: its parser's limits and its headersTimeout/requestTimeout (another runtime's server has its own)"),
}, async () => {
  const app = new App({ logger: silent }).post("/", { body: t.Any() }, () => "ok");
  const server = await listen(app, { headersTimeout: 400, requestTimeout: 800 });
  try {
    const started = Date.now();
    const answer = await rawExchange(
      server.port,
      // 20 s of a body that never completes (the margin is for a loaded machine; a passing run ends after 0.8 s).
      ["POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 300\r\n\r\n", ...Array.from({ length: 200 }, () => " ")],
      { gap: 100, wait: 30_000 },
    );
    const elapsed = Date.now() - started;
    assert.equal(answer.end, "closed");
    assert.equal(answer.status, 408);
    assert.ok(elapsed >= 700 && elapsed < 15_000, `cut after ${elapsed} ms`);
  } finally {
    await server.close();
  }
});

test("Expect: 100-continue: a body refused by its content-length is never asked for; an accepted one is, once read", async () => {
  const app = new App({ logger: silent })
    .post("/", { body: t.Any() }, ({ body }) => body)
    .post("/form", { form: t.Object({ a: t.String() }) }, ({ body }) => body)
    .post("/ignores-body", () => "no body read");
  const server = await listen(app);
  try {
    const refused = await rawExchange(
      server.port,
      "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10000000\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n",
    );
    assert.match(refused.text, /^HTTP\/1\.1 413 /, "the 413 comes first, without a 100 Continue");
    const ignored = await rawExchange(
      server.port,
      "POST /ignores-body HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n",
    );
    assert.match(ignored.text, /^HTTP\/1\.1 200 /);
    for (const [path, type, body] of [
      ["/", "application/json", '{"a":1}'],
      ["/form", "application/x-www-form-urlencoded", "a=1"],
    ] as const) {
      const socket = await rawSocket(server.port);
      let text = "";
      const ended = new Promise((resolve) => socket.on("close", resolve));
      socket.on("data", (chunk: Buffer) => (text += chunk.toString()));
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: ${type}\r\nContent-Length: ${body.length}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n`,
      );
      const deadline = Date.now() + 2000;
      while (!text.includes("100 Continue") && Date.now() < deadline) await sleep(10);
      assert.match(text, /^HTTP\/1\.1 100 Continue\r\n\r\n$/, path);
      socket.write(body);
      await ended;
      assert.match(text, /HTTP\/1\.1 200 OK/, path);
      assert.ok(text.endsWith('{"a":1}') || text.endsWith('{"a":"1"}'), text);
    }
  } finally {
    await server.close();
  }
});
