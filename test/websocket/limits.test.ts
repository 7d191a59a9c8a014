// Server-side limits over a real socket: UTF-8, message size, JSON validation, heartbeat, send backpressure.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { ValidationIssue, Validator } from "../../src/params/issues.ts";
import { WebSocketDisconnect, WebSocketStateError } from "../../src/websocket/errors.ts";
import { Inbox } from "../../src/websocket/inbox.ts";
import { delay, serverPool, TestClient } from "./helpers.ts";

const serve = serverPool();

/** Run one connection whose handler receives once; returns what the handler's receive threw. */
async function receiveOutcome(
  receive: "receiveText" | "receiveJson",
  options: Parameters<typeof serve>[1],
  send: (client: TestClient) => void,
  init: Parameters<typeof serve>[2] = {},
): Promise<{ thrown: unknown; closed: { code: number; reason: string } }> {
  let thrown: unknown;
  const server = await serve(
    async (ws) => {
      await ws.accept();
      thrown = await ws[receive]().catch((error: unknown) => error);
    },
    options,
    init,
  );
  const client = await TestClient.open(`${server.url}/ws`);
  send(client);
  const closed = await client.closed;
  await Promise.all(server.sessions);
  return { thrown, closed };
}

test("a text message that is not valid UTF-8 closes the connection with 1007", async () => {
  const { thrown, closed } = await receiveOutcome("receiveText", {}, (client) =>
    client.socket.send(Buffer.from([0x68, 0xff, 0xfe]), { binary: false }),
  );
  assert.equal(closed.code, 1007);
  assert.ok(thrown instanceof WebSocketDisconnect);
  assert.equal(thrown.code, 1007);
  assert.equal(thrown.reason, "text message is not valid UTF-8");
});

test("a message over maxMessageSize closes the connection with 1009", async () => {
  const { thrown, closed } = await receiveOutcome("receiveText", { maxMessageSize: 1024 }, (client) => client.socket.send("x".repeat(1025)));
  assert.equal(closed.code, 1009);
  assert.ok(thrown instanceof WebSocketDisconnect);
  assert.equal(thrown.code, 1009);
  assert.equal(thrown.reason, "message larger than maxMessageSize (1024 bytes)");
});

test("a message of exactly maxMessageSize is delivered", async () => {
  let got = "";
  const server = await serve(
    async (ws) => {
      await ws.accept();
      got = await ws.receiveText();
    },
    { maxMessageSize: 1024 },
  );
  const client = await TestClient.open(`${server.url}/ws`);
  client.socket.send("x".repeat(1024));
  assert.equal((await client.closed).code, 1000);
  assert.equal(got.length, 1024);
});

test("receiveJson: invalid JSON closes with 1007 and says why", async () => {
  const { thrown, closed } = await receiveOutcome("receiveJson", {}, (client) => client.socket.send("{not json"));
  assert.equal(closed.code, 1007);
  assert.match(closed.reason, /^invalid JSON: /);
  assert.ok(thrown instanceof WebSocketDisconnect && thrown.code === 1007);
});

test("receiveJson: a message failing messages.in closes with 1008 and a reason naming the field", async () => {
  const issues: ValidationIssue[] = [
    { type: "missing", loc: ["body", "text"], msg: "Field required", input: {} },
    { type: "string_type", loc: ["body", "room"], msg: "Input should be a valid string", input: 1 },
  ];
  const inValidator: Validator = (value) => (typeof (value as { text?: unknown }).text === "string" ? { ok: true, value } : { ok: false, issues });
  const { thrown, closed } = await receiveOutcome("receiveJson", {}, (client) => client.socket.send('{"room":1}'), { inValidator });
  assert.deepEqual(closed, { code: 1008, reason: "invalid message: text: Field required (+1 more)" });
  assert.ok(thrown instanceof WebSocketDisconnect);
  assert.equal(thrown.reason, "invalid message: text: Field required (+1 more)");
});

test("receiveJson returns the validator's value (defaults applied)", async () => {
  let got: unknown;
  const inValidator: Validator = (value) => ({ ok: true, value: { limit: 10, ...(value as object) } });
  const server = await serve(
    async (ws) => {
      await ws.accept();
      got = await ws.receiveJson();
    },
    {},
    { inValidator },
  );
  const client = await TestClient.open(`${server.url}/ws`);
  client.socket.send('{"q":"x"}');
  await client.closed;
  assert.deepEqual(got, { limit: 10, q: "x" });
});

test("the heartbeat drops a client that stops answering pings: WebSocketDisconnect(1006) in the handler", async () => {
  let thrown: unknown;
  const server = await serve(
    async (ws) => {
      await ws.accept();
      thrown = await ws.receiveText().catch((error: unknown) => error);
    },
    { heartbeatInterval: 40 },
  );
  const started = Date.now();
  const client = await TestClient.open(`${server.url}/ws`, [], { autoPong: false });
  await Promise.all(server.sessions);
  assert.ok(thrown instanceof WebSocketDisconnect);
  assert.equal(thrown.code, 1006);
  assert.equal(thrown.reason, "no pong within the 40 ms heartbeat interval");
  assert.ok(Date.now() - started < 1000);
  assert.equal((await client.closed).code, 1006);
});

test("the heartbeat keeps a client that answers pings", async () => {
  const server = await serve(
    async (ws) => {
      await ws.accept();
      await ws.sendText(await ws.receiveText());
    },
    { heartbeatInterval: 20 },
  );
  const client = await TestClient.open(`${server.url}/ws`);
  await delay(150);
  client.socket.send("still here");
  assert.equal(await client.next(), "still here");
  assert.equal((await client.closed).code, 1000);
});

test("connections sharing one heartbeat sweep are judged apart: only the silent one is dropped", async () => {
  const outcomes: string[] = [];
  const server = await serve(
    async (ws) => {
      await ws.accept();
      try {
        outcomes.push(`got ${await ws.receiveText()}`);
      } catch (error) {
        outcomes.push(error instanceof WebSocketDisconnect ? `disconnect ${error.code}` : String(error));
      }
    },
    { heartbeatInterval: 30 },
  );
  const answering = await TestClient.open(`${server.url}/ws`);
  const silent = await TestClient.open(`${server.url}/ws`, [], { autoPong: false });
  assert.equal((await silent.closed).code, 1006);
  await delay(120); // several more sweeps: the client that answers pings stays
  answering.socket.send("still here");
  assert.equal((await answering.closed).code, 1000);
  await Promise.all(server.sessions);
  assert.deepEqual(outcomes.sort(), ["disconnect 1006", "got still here"]);
});

test("a client that never reads is dropped at the send buffer bound; the server's buffer stays bounded", async () => {
  const maxBufferedBytes = 256 * 1024;
  const chunk = new Uint8Array(64 * 1024);
  let peakBuffered = 0;
  let sent = 0;
  let thrown: unknown;
  const server = await serve(
    async (ws) => {
      await ws.accept();
      try {
        for (;;) {
          await ws.sendBytes(chunk);
          sent += chunk.byteLength;
          peakBuffered = Math.max(peakBuffered, ws.bufferedAmount);
        }
      } catch (error) {
        thrown = error;
      }
    },
    { maxBufferedBytes, sendTimeout: 200, heartbeatInterval: 0 },
  );
  const client = await TestClient.open(`${server.url}/ws`);
  client.socket.pause(); // stop reading: the kernel buffers fill, then the server's
  await Promise.all(server.sessions);
  assert.ok(thrown instanceof WebSocketDisconnect);
  assert.equal(thrown.code, 1008);
  assert.match(thrown.reason, /client did not read: send buffer over 262144 bytes for 200 ms/);
  assert.ok(peakBuffered <= maxBufferedBytes + chunk.byteLength, `peak ${peakBuffered}`);
  // Whatever the kernel's socket buffers took, the loop stopped: nothing unbounded was queued in the process.
  assert.ok(sent < 256 * 1024 * 1024, `sent ${sent}`);
  client.socket.terminate();
});

test("sends wait for a slow (but reading) client instead of failing", async () => {
  const chunk = new Uint8Array(128 * 1024);
  const server = await serve(
    async (ws) => {
      await ws.accept();
      for (let i = 0; i < 64; i++) await ws.sendBytes(chunk);
      await ws.sendText("done");
    },
    { maxBufferedBytes: 128 * 1024, sendTimeout: 5000 },
  );
  const client = await TestClient.open(`${server.url}/ws`);
  client.socket.pause();
  await delay(100);
  client.socket.resume();
  let received = 0;
  for (;;) {
    const message = await client.next();
    if (message === "done") break;
    received += (message as Buffer).byteLength;
  }
  assert.equal(received, 64 * chunk.byteLength);
  assert.equal((await client.closed).code, 1000);
});

test("a flood of messages a slow handler has not read yet is delivered in full, in order, after reading resumes", async () => {
  let firstBatch = 0;
  const server = await serve(
    async (ws) => {
      await ws.accept();
      await delay(200); // a slow handler
      for await (const _ of ws.iterBytes()) {
        void _;
        firstBatch++;
      }
    },
    { maxBufferedBytes: 64 * 1024, heartbeatInterval: 0 },
  );
  const client = await TestClient.open(`${server.url}/ws`);
  const chunk = Buffer.alloc(16 * 1024);
  for (let i = 0; i < 200; i++) client.socket.send(chunk);
  await delay(350);
  client.socket.close(1000);
  await Promise.all(server.sessions);
  assert.equal(firstBatch, 200);
});

test("the inbox pauses reading past maxBufferedBytes of unread data and resumes at half", async () => {
  const calls: string[] = [];
  const inbox = new Inbox(100, { pause: () => calls.push("pause"), resume: () => calls.push("resume") });
  for (let i = 0; i < 3; i++) inbox.push({ type: "bytes", data: new Uint8Array(40) });
  assert.deepEqual(calls, ["pause"]);
  await inbox.take();
  assert.deepEqual(calls, ["pause"]);
  await inbox.take();
  assert.deepEqual(calls, ["pause", "resume"]);
  inbox.fail(new WebSocketDisconnect(1000));
  inbox.push({ type: "text", data: "after the end: dropped" });
  assert.equal((await inbox.take()).type, "bytes");
  await assert.rejects(inbox.take(), WebSocketDisconnect);
  await assert.rejects(inbox.take(), WebSocketStateError);
});
