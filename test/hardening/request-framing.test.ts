// How a request's framing is read: one Host, transfer codings Skiff understands (chunked only), and request bodies
// whose Content-Encoding Skiff does not decode. Over raw loopback sockets, so the bytes are exactly the attack's.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { gzipSync } from "node:zlib";
import { App, t } from "skiffjs";
import { bodyOf, listen, rawExchange, silent } from "./helpers.ts";

const seen: unknown[] = [];
const app = new App({ logger: silent })
  .get("/", () => "ok")
  .post("/echo", { body: t.Any() }, ({ body }) => {
    seen.push(body);
    return body;
  })
  .post("/form", { form: t.Object({ a: t.String() }) }, ({ body }) => body)
  .post("/raw", async ({ request }) => (await request.body()).length)
  .websocket("/ws", async (ws) => ws.accept());

let server: Awaited<ReturnType<typeof listen>>;
before(async () => {
  server = await listen(app);
});
after(() => server.close());

const detail = (text: string) => JSON.parse(bodyOf(text)).detail;

test("two Host headers: 400 (RFC 9112), for requests and handshakes; one Host still serves", async () => {
  const twice = await rawExchange(server.port, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n");
  assert.equal(twice.status, 400);
  assert.equal(detail(twice.text), "Two Host headers: send exactly one");
  const mixedCase = await rawExchange(server.port, "GET / HTTP/1.1\r\nhost: a\r\nHOST: b\r\nConnection: close\r\n\r\n");
  assert.equal(mixedCase.status, 400);
  const handshake = await rawExchange(
    server.port,
    "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
  );
  assert.equal(handshake.status, 400);
  assert.equal((await rawExchange(server.port, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")).status, 200);
});

test("a transfer coding before chunked is refused with 501, one not ending in chunked with 400, the connection closed; the body never reaches the handler", async () => {
  seen.length = 0;
  for (const coding of ["gzip, chunked", "deflate, chunked", "BR, Chunked"]) {
    const body = '7\r\n"plain"\r\n0\r\n\r\n';
    const answer = await rawExchange(
      server.port,
      `POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: ${coding}\r\n\r\n${body}`,
    );
    assert.equal(answer.status, 501, coding);
    assert.equal(detail(answer.text), `Transfer-Encoding "${coding}" is not supported: send the body chunked or with Content-Length`);
    assert.match(answer.text, /connection: close/i);
    assert.equal(answer.end, "closed", coding);
  }
  for (const coding of ["gzip", "chunked, gzip"]) {
    const answer = await rawExchange(
      server.port,
      `POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: ${coding}\r\n\r\n"x"`,
    );
    assert.equal(answer.status, 400, `${coding}: no chunked last, so no knowable length`);
    assert.equal(answer.end, "closed", coding);
  }
  assert.deepEqual(seen, []);
  const chunked = await rawExchange(
    server.port,
    'POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: Chunked\r\nConnection: close\r\n\r\n7\r\n"plain"\r\n0\r\n\r\n',
  );
  assert.equal(chunked.status, 200);
  assert.equal(bodyOf(chunked.text), '"plain"');
});

test("a Content-Encoding on a request body is refused with 415 wherever Skiff reads the body; identity is plain", async () => {
  seen.length = 0;
  const gzipped = gzipSync(JSON.stringify({ a: "x".repeat(10_000) }));
  const head = (path: string, type: string, encoding: string, length: number) =>
    `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${type}\r\nContent-Encoding: ${encoding}\r\nContent-Length: ${length}\r\nConnection: close\r\n\r\n`;
  for (const [path, type] of [
    ["/echo", "application/json"],
    ["/form", "application/x-www-form-urlencoded"],
    ["/raw", "application/octet-stream"],
  ]) {
    const answer = await rawExchange(server.port, [head(path, type, "gzip", gzipped.length), gzipped]);
    assert.equal(answer.status, 415, path);
    assert.equal(detail(answer.text), 'Content-Encoding "gzip" is not supported: send the request body uncompressed');
    assert.match(answer.text, /accept-encoding: identity/i, "RFC 9110 §15.5.16: say which codings are accepted");
  }
  assert.deepEqual(seen, []);
  const plain = '{"a":1}';
  const identity = await rawExchange(server.port, head("/echo", "application/json", "identity", plain.length) + plain);
  assert.equal(identity.status, 200);
  assert.equal(bodyOf(identity.text), plain);
});
