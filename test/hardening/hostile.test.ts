// A corpus of malformed, oversized and hostile requests and frames thrown at a real server over raw loopback
// sockets. Every answer must be a clean 4xx (or the connection closed without one), never a 5xx, with no stack,
// path or library name in it; a well-behaved client keeps succeeding throughout, and the server serves afterwards.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { App, StreamingResponse, t } from "skiffjs";
import { bodyOf, capturingLogger, get, leaksIn, listen, rawExchange, rawSocket, sleep } from "./helpers.ts";
import { closePayload, frame, openRawWebSocket } from "./ws-frames.ts";
import { nodeOnly } from "../helpers/runtime.ts";

const captured = capturingLogger("warn");
const hits = { admin: 0, echo: 0 };
const app = new App({ logger: captured.logger, bodyLimit: 64 * 1024 })
  .get("/", () => ({ ok: true }))
  .get("/admin", () => {
    hits.admin++;
    return { admin: true };
  })
  .post("/echo", { body: t.Any() }, ({ body }) => {
    hits.echo++;
    return body;
  })
  .post("/items", { body: t.Object({ name: t.String() }) }, ({ body }) => body)
  .post("/form", { form: t.Object({ a: t.String() }) }, ({ body }) => body)
  .get("/items/{id:int}", ({ path }) => ({ id: path.id }))
  .get("/stream", () => new StreamingResponse(slowChunks(), { mediaType: "text/plain" }))
  .websocket("/ws", async (ws) => {
    await ws.accept();
    for await (const text of ws.iterText()) await ws.sendText(text);
  });

async function* slowChunks(): AsyncGenerator<string> {
  for (let i = 0; i < 5; i++) {
    yield `chunk${i}\n`;
    await sleep(60);
  }
}

let server: Awaited<ReturnType<typeof listen>>;
before(async () => {
  server = await listen(app);
});
after(() => server.close());

const post = (path: string, headers: string[], body = "") =>
  [`POST ${path} HTTP/1.1`, "Host: 127.0.0.1", ...headers, "Connection: close", "", body].join("\r\n");
/** A JSON POST with the right content-length (latin1: one byte per character). */
const postJson = (path: string, body: string) =>
  post(path, [`Content-Length: ${Buffer.byteLength(body, "latin1")}`, "Content-Type: application/json"], body);

type Expect = number | "4xx" | "no-answer";

/** Name, bytes, expected answer. "no-answer": the server closes without a response (or says 4xx). */
const CORPUS: [string, string | Buffer | (string | Buffer)[], Expect][] = [
  // request line
  ["not HTTP at all", "HELLO\r\n\r\n", 400],
  ["binary garbage", Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03, 0x0d, 0x0a, 0x0d, 0x0a]), 400],
  ["HTTP/0.9 simple request", "GET /\r\n\r\n", 400],
  ["HTTP/2.0 request line over HTTP/1", "GET / HTTP/2.0\r\nHost: x\r\n\r\n", 400],
  ["HTTP/1.2", "GET / HTTP/1.2\r\nHost: x\r\n\r\n", 400],
  ["HTTP/3.1", "GET / HTTP/3.1\r\nHost: x\r\n\r\n", 400],
  ["no version", "GET / HTTP/\r\nHost: x\r\n\r\n", 400],
  ["unknown method", "FROB / HTTP/1.1\r\nHost: x\r\n\r\n", 400],
  ["lower-case method", "get / HTTP/1.1\r\nHost: x\r\n\r\n", 400],
  ["asterisk target on GET", get("*"), 400],
  ["target without slash", get("admin"), 400],
  ["NUL in the target", get("/\0admin"), 400],
  ["space in the target", "GET /a b HTTP/1.1\r\nHost: x\r\n\r\n", 400],
  ["bad percent-encoding", get("/%zz%"), 400],
  ["CONNECT tunnel request", "CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: 127.0.0.1:22\r\n\r\n", "no-answer"],
  ["URL over maxUrlLength", get(`/${"a".repeat(9000)}`), 414],
  ["more query params than maxQueryParams", get(`/?${"a&".repeat(1500)}`), 400],
  ["request target over the header size", get(`/${"a".repeat(20_000)}`), 431],
  // headers
  ["no Host header", "GET / HTTP/1.1\r\n\r\n", 400],
  ["control character in a header value", "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\x01b\r\n\r\n", 400],
  ["space in a header name", "GET / HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\n\r\n", 400],
  ["header without colon", "GET / HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n", 400],
  ["obsolete line folding", "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\r\n continued\r\n\r\n", 400],
  ["bare LF line endings", "GET / HTTP/1.1\nHost: x\n\n", 400],
  ["bare CR in a header", "GET / HTTP/1.1\r\nHost: x\rX-A: 1\r\n\r\n", 400],
  ["headers over maxHeaderSize", get("/", { "x-big": "a".repeat(20_000) }), 431],
  ["more header lines than maxHeaderCount", get("/", Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`x-h${i}`, "1"]))), 431],
  // framing and request smuggling
  ["content-length and transfer-encoding together (CL.TE)", post("/echo", ["Content-Length: 6", "Transfer-Encoding: chunked"], "0\r\n\r\nG"), 400],
  [
    "transfer-encoding then content-length (TE.CL)",
    post("/echo", ["Transfer-Encoding: chunked", "Content-Length: 3"], "5\r\nhello\r\n0\r\n\r\n"),
    400,
  ],
  ["two different content-lengths", post("/echo", ["Content-Length: 4", "Content-Length: 5"], "abcd"), 400],
  ["content-length list", post("/echo", ["Content-Length: 4, 5"], "abcd"), 400],
  ["negative content-length", post("/echo", ["Content-Length: -1"]), 400],
  ["content-length with exponent", post("/echo", ["Content-Length: 1e3"]), 400],
  ["content-length with a plus sign", post("/echo", ["Content-Length: +4"], "abcd"), 400],
  ["content-length of 20 digits", post("/echo", ["Content-Length: 99999999999999999999"]), 400],
  ["transfer-encoding chunked, identity", post("/echo", ["Transfer-Encoding: chunked, identity"], "0\r\n\r\n"), 400],
  ["transfer-encoding xchunked", post("/echo", ["Transfer-Encoding: xchunked"], "0\r\n\r\n"), 400],
  ["transfer-encoding with a vertical tab", post("/echo", ["Transfer-Encoding:\x0bchunked"], "0\r\n\r\n"), 400],
  ["huge chunk size", post("/echo", ["Transfer-Encoding: chunked", "Content-Type: application/json"], "FFFFFFFFFFFFFFFFFF\r\n"), 400],
  ["chunk size that is not hex", post("/echo", ["Transfer-Encoding: chunked"], "zz\r\nab\r\n0\r\n\r\n"), 400],
  ["chunk longer than its size", post("/echo", ["Transfer-Encoding: chunked"], "2\r\nabcdef\r\n0\r\n\r\n"), 400],
  ["chunk size with a space", post("/echo", ["Transfer-Encoding: chunked"], "2 \r\nab\r\n0\r\n\r\n"), 400],
  ["unterminated quoted chunk extension", post("/echo", ["Transfer-Encoding: chunked"], '2;ext="x\r\nab\r\n0\r\n\r\n'), 400],
  [
    "chunked body over bodyLimit",
    post(
      "/echo",
      ["Transfer-Encoding: chunked", "Content-Type: application/json"],
      `10000\r\n${"1".repeat(0x10000)}\r\n10\r\n${"1".repeat(16)}\r\n0\r\n\r\n`,
    ),
    413,
  ],
  ["content-length over bodyLimit", post("/echo", ["Content-Length: 10000000", "Content-Type: application/json"]), 413],
  ["expect 100-continue over bodyLimit", post("/echo", ["Content-Length: 10000000", "Expect: 100-continue", "Content-Type: application/json"]), 413],
  ["unknown expectation", post("/echo", ["Content-Length: 2", "Expect: 200-ok", "Content-Type: application/json"], "{}"), 417],
  // bodies
  ["invalid JSON", post("/echo", ["Content-Length: 9", "Content-Type: application/json"], '{"a": nul'), 422],
  ["JSON nested 30 000 deep", postJson("/echo", "[".repeat(30_000) + "]".repeat(30_000)), 422],
  ["JSON objects nested 10 000 deep", postJson("/echo", ['{"a":'.repeat(10_000), "1", "}".repeat(10_000)].join("")), 422],
  ["JSON nested deep with a poisoned key", postJson("/echo", ['{"__proto__":', "[".repeat(10_000), "]".repeat(10_000), "}"].join("")), 422],
  ["JSON that is not UTF-8", postJson("/items", '{"name":"\xff\xfe"}'), 200],
  ["JSON with a lone surrogate escape", postJson("/items", '{"name":"\\ud800"}'), 200],
  ["unsupported content type", post("/items", ["Content-Length: 2", "Content-Type: text/xml"], "<a"), 415],
  ["multipart without boundary", post("/form", ["Content-Length: 3", "Content-Type: multipart/form-data"], "abc"), "4xx"],
  [
    "multipart with a broken body",
    post("/form", ["Content-Length: 20", "Content-Type: multipart/form-data; boundary=XX"], "--XX\r\nbroken\r\n\r\nzzzz"),
    "4xx",
  ],
  ["int path param past the safe integers", get(`/items/${"9".repeat(400)}`), 404],
  ["int path param that would round to another id", get("/items/9007199254740993"), 404],
  // upgrades
  ["upgrade to a path without a WebSocket route", get("/nothing", { upgrade: "websocket", connection: "Upgrade" }), 404],
  [
    "upgrade with a bad key",
    get("/ws", { upgrade: "websocket", connection: "Upgrade", "sec-websocket-key": "short", "sec-websocket-version": "13" }),
    400,
  ],
  [
    "upgrade with an unknown version",
    get("/ws", { upgrade: "websocket", connection: "Upgrade", "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==", "sec-websocket-version": "99" }),
    400,
  ],
  ["upgrade to h2c", get("/ws", { upgrade: "h2c", connection: "Upgrade, HTTP2-Settings", "http2-settings": "AAMAAABkAAQAAP__" }), 400],
  [
    "upgrade with a foreign origin",
    get("/ws", {
      upgrade: "websocket",
      connection: "Upgrade",
      "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==",
      "sec-websocket-version": "13",
      origin: "https://evil.example",
    }),
    403,
  ],
  ["upgrade URL over maxUrlLength", get(`/ws?${"a".repeat(9000)}`, { upgrade: "websocket", connection: "Upgrade" }), 414],
  [
    "upgrade with too many headers",
    get("/ws", { upgrade: "websocket", connection: "Upgrade", ...Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`x-h${i}`, "1"])) }),
    431,
  ],
  // pipelining
  ["pipelined garbage after a good request", [`${get("/", {}, false)}GARBAGE\r\n\r\n`], 200],
];

/** A client that keeps making ordinary requests while the corpus runs; every one must succeed. */
function wellBehavedClient(url: string): { stop(): Promise<{ ok: number; failed: string[] }> } {
  let running = true;
  let ok = 0;
  const failed: string[] = [];
  const loop = (async () => {
    while (running) {
      try {
        const res = await fetch(`${url}/items/7`);
        const body = await res.json();
        if (res.status === 200 && body.id === 7) ok++;
        else failed.push(`${res.status}`);
      } catch (error) {
        failed.push(String(error));
      }
      await sleep(5);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { ok, failed };
    },
  };
}

test("every malformed or hostile request gets a clean 4xx (or a closed connection), and a good client is never disturbed", async () => {
  const good = wellBehavedClient(server.url);
  const problems: string[] = [];
  for (const [name, data, expected] of CORPUS) {
    // Bun's HTTP parser takes an unterminated quoted chunk extension as part of the body.
    if (name === "unterminated quoted chunk extension" && nodeOnly(`the case "${name}": Node's llhttp refuses it, other parsers differ`)) continue;
    const started = Date.now();
    const answer = await rawExchange(server.port, data, { wait: 3000 });
    if (process.env.HOSTILE_TIMING) console.log(name, Date.now() - started, answer.end);
    const status = answer.status;
    if (status !== null && status >= 500) problems.push(`${name}: got ${status}`);
    else if (expected === "no-answer") {
      if (status !== null && (status < 400 || status >= 500)) problems.push(`${name}: expected no answer or 4xx, got ${status}`);
    } else if (expected === "4xx") {
      if (status === null || status < 400 || status >= 500) problems.push(`${name}: expected a 4xx, got ${status ?? answer.end}`);
    } else if (status !== expected) {
      problems.push(`${name}: expected ${expected}, got ${status ?? answer.end}: ${answer.text.slice(0, 200)}`);
    }
    const leaks = leaksIn(answer.text);
    if (leaks.length > 0) problems.push(`${name}: answer leaks ${leaks.join(", ")}: ${bodyOf(answer.text).slice(0, 200)}`);
    // An error answer says nothing more may follow on this connection, or the server closes it.
    if (status !== null && status >= 400 && answer.end === "timeout" && !/connection: close/i.test(answer.text)) {
      const again = await rawExchange(server.port, get("/"));
      if (again.status !== 200) problems.push(`${name}: server stopped serving`);
    }
  }
  const { ok, failed } = await good.stop();
  assert.deepEqual(problems, []);
  assert.deepEqual(failed, [], "the well-behaved client saw failures");
  assert.ok(ok > 0);
  // Nothing hostile reached a handler it was smuggled towards.
  assert.equal(hits.admin, 0);
  // And no 5xx was logged while the corpus ran.
  assert.deepEqual(
    captured.lines().filter((line) => line.level >= 50),
    [],
  );
  const res = await fetch(`${server.url}/`);
  assert.equal(res.status, 200);
});

test("pipelined requests in one write are all answered, in order", async () => {
  const batch = Array.from({ length: 50 }, (_, i) => get(`/items/${i}`, {}, i === 49)).join("");
  const answer = await rawExchange(server.port, batch, { wait: 3000 });
  const statuses = [...answer.text.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => Number(m[1]));
  assert.deepEqual(statuses, Array(50).fill(200));
  const ids = [...answer.text.matchAll(/\{"id":(\d+)\}/g)].map((m) => Number(m[1]));
  assert.deepEqual(
    ids,
    Array.from({ length: 50 }, (_, i) => i),
  );
  assert.equal(answer.end, "closed");
});

test("garbage pipelined behind good requests: answers stay in order, then a 400 or a close, never a 5xx", async () => {
  const batch = `${Array.from({ length: 5 }, (_, i) => get(`/items/${i}`, {}, false)).join("")}NOT HTTP\r\n\r\n`;
  const answer = await rawExchange(server.port, batch, { wait: 3000 });
  const statuses = [...answer.text.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => Number(m[1]));
  const ids = [...answer.text.matchAll(/\{"id":(\d+)\}/g)].map((m) => Number(m[1]));
  assert.deepEqual(
    ids,
    ids.map((_, i) => i),
    "answers in request order",
  );
  assert.ok(
    statuses.every((s) => s === 200 || s === 400),
    `statuses ${statuses}`,
  );
  assert.equal(answer.end, "closed");
});

test("garbage arriving while a response streams never lands inside that response: it finishes, then the connection closes", async () => {
  const socket = await rawSocket(server.port);
  let text = "";
  socket.on("data", (chunk: Buffer) => (text += chunk.toString("latin1")));
  const closed = new Promise((resolve) => socket.on("close", resolve));
  socket.write(get("/stream", {}, false));
  await sleep(120);
  socket.write("GARBAGE\r\n\r\n");
  await closed;
  assert.ok(!text.includes("400 Bad Request"), text);
  assert.ok(text.endsWith("0\r\n\r\n"), "the chunked response is complete");
  assert.equal((text.match(/chunk\d/g) ?? []).length, 5);
});

test("a smuggled request hidden in a GET body never reaches its route", async () => {
  const smuggled = get("/admin", {}, false);
  const answer = await rawExchange(
    server.port,
    `GET / HTTP/1.1\r\nHost: x\r\nContent-Length: ${smuggled.length}\r\n\r\n${smuggled}${get("/", {}, true)}`,
    { wait: 3000 },
  );
  const statuses = [...answer.text.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => Number(m[1]));
  assert.deepEqual(statuses, [200, 200]);
  assert.equal(hits.admin, 0);
});

test("a request cut off mid-body or mid-head leaves the server serving", async () => {
  await rawExchange(server.port, post("/echo", ["Content-Length: 1000", "Content-Type: application/json"], '{"a":'), { wait: 200 });
  await rawExchange(server.port, "GET / HTTP/1.1\r\nHost: x\r\nX-Partial", { wait: 200 });
  await rawExchange(server.port, post("/echo", ["Transfer-Encoding: chunked", "Content-Type: application/json"], "5\r\n[1,2,"), { wait: 200 });
  const res = await fetch(`${server.url}/items/1`);
  assert.equal(res.status, 200);
});

// ---- WebSocket frames -----------------------------------------------------------------------------------------

const FRAME_CORPUS: [string, Buffer[], number][] = [
  ["unmasked client frame", [frame(0x1, "hi", { mask: false })], 1002],
  ["reserved opcode 0x3", [frame(0x3, "x")], 1002],
  ["reserved control opcode 0xB", [frame(0xb, "x")], 1002],
  ["RSV1 without a negotiated extension", [frame(0x1, "x", { rsv: 4 })], 1002],
  ["RSV2 and RSV3 set", [frame(0x1, "x", { rsv: 3 })], 1002],
  ["continuation without a first fragment", [frame(0x0, "x")], 1002],
  ["new message while a fragmented one is open", [frame(0x1, "a", { fin: false }), frame(0x1, "b")], 1002],
  ["fragmented ping", [frame(0x9, "x", { fin: false })], 1002],
  ["ping payload over 125 bytes", [frame(0x9, Buffer.alloc(126))], 1002],
  ["close payload over 125 bytes", [frame(0x8, closePayload(1000, "r".repeat(200)))], 1002],
  ["close with a one-byte payload", [frame(0x8, Buffer.from([0x03]))], 1002],
  ["close with code 1005 (reserved)", [frame(0x8, closePayload(1005))], 1002],
  ["close with code 1006 (reserved)", [frame(0x8, closePayload(1006))], 1002],
  ["close with code 999", [frame(0x8, closePayload(999))], 1002],
  ["close with code 5000", [frame(0x8, closePayload(5000))], 1002],
  ["close reason that is not UTF-8", [frame(0x8, closePayload(1000, Buffer.from([0xff, 0xfe])))], 1007],
  ["text that is not UTF-8", [frame(0x1, Buffer.from([0xc3, 0x28]))], 1007],
  ["text split inside a UTF-8 sequence, then broken", [frame(0x1, Buffer.from([0xe2, 0x82]), { fin: false }), frame(0x0, Buffer.from([0x28]))], 1007],
  ["message over maxMessageSize", [frame(0x2, Buffer.alloc(1024 * 1024 + 1))], 1009],
  ["header claiming a 2^62-byte payload", [frame(0x2, Buffer.alloc(0), { claimedLength: 2n ** 62n })], 1009],
  ["header claiming a 2^63-byte payload (MSB set)", [frame(0x2, Buffer.alloc(0), { claimedLength: 2n ** 63n })], 1009],
  ["fragments adding up past maxMessageSize", [frame(0x2, Buffer.alloc(600 * 1024), { fin: false }), frame(0x0, Buffer.alloc(600 * 1024))], 1009],
];

test("broken WebSocket frames close the connection with the right code; the server keeps serving", async () => {
  const problems: string[] = [];
  for (const [name, frames, expected] of FRAME_CORPUS) {
    const ws = await openRawWebSocket(server.port, "/ws");
    for (const f of frames) ws.socket.write(f);
    const timeout = sleep(3000).then(() => "timeout" as const);
    const code = await Promise.race([ws.closeCode, timeout]);
    ws.socket.destroy();
    if (code !== expected) problems.push(`${name}: expected ${expected}, got ${code}`);
    const reasons = ws.frames.filter((f) => f.opcode === 0x8).map((f) => f.payload.subarray(2).toString());
    if (process.env.HOSTILE_TIMING) console.log(name, code, reasons);
    for (const reason of reasons) if (leaksIn(reason).length > 0) problems.push(`${name}: close reason leaks ${reason}`);
  }
  assert.deepEqual(problems, []);
  // A well-behaved connection still echoes.
  const ws = await openRawWebSocket(server.port, "/ws");
  ws.socket.write(frame(0x1, "still here"));
  ws.socket.write(frame(0x9, "ping"));
  ws.socket.write(frame(0x8, closePayload(1000)));
  assert.equal(await ws.closeCode, 1000);
  const texts = ws.frames.filter((f) => f.opcode === 0x1).map((f) => f.payload.toString());
  assert.deepEqual(texts, ["still here"]);
  assert.ok(
    ws.frames.some((f) => f.opcode === 0xa && f.payload.toString() === "ping"),
    "a ping is answered with a pong",
  );
  ws.socket.destroy();
  assert.deepEqual(
    captured.lines().filter((line) => line.level >= 50),
    [],
  );
});
