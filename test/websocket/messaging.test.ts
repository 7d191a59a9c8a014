// Sending and receiving over a real socket: every WebSocket method, the connection's properties, the seed's echo.
import assert from "node:assert/strict";
import { once } from "node:events";
import { test } from "node:test";
import { WebSocketDisconnect, WebSocketStateError } from "../../src/websocket/errors.ts";
import type { WebSocket } from "../../src/websocket/websocket.ts";
import { serverPool, TestClient, seedEcho } from "./helpers.ts";

const serve = serverPool();

test("the seed's echo: replies to each text and closes with 1000 after bye", async () => {
  const server = await serve(seedEcho);
  const client = await TestClient.open(`${server.url}/ws`);
  client.socket.send("你好");
  assert.equal(await client.next(), "接受到的消息是: 你好");
  client.socket.send("bye");
  assert.equal(await client.next(), "聊天关闭");
  assert.deepEqual(await client.closed, { code: 1000, reason: "" });
  await Promise.all(server.sessions);
});

test("receive, receiveText, receiveBytes, receiveJson and the matching sends", async () => {
  const server = await serve(async (ws) => {
    await ws.accept();
    assert.deepEqual(await ws.receive(), { type: "text", data: "raw" });
    const raw = await ws.receive();
    assert.equal(raw.type, "bytes");
    await ws.sendText(await ws.receiveText());
    await ws.sendBytes(await ws.receiveBytes());
    await ws.sendJson({ echoed: await ws.receiveJson(), set: new Set([1, 2]), map: new Map([["a", 1]]) });
    await ws.close();
  });
  const client = await TestClient.open(`${server.url}/ws`);
  client.socket.send("raw");
  client.socket.send(Buffer.from([1, 2]));
  client.socket.send("text");
  client.socket.send(Buffer.from([0, 255]));
  client.socket.send(JSON.stringify({ n: 1 }));
  assert.equal(await client.next(), "text");
  assert.deepEqual(await client.next(), Buffer.from([0, 255]));
  assert.deepEqual(JSON.parse((await client.next()) as string), { echoed: { n: 1 }, set: [1, 2], map: { a: 1 } });
  assert.equal((await client.closed).code, 1000);
  await Promise.all(server.sessions);
});

test("texts sent back as they came, to the sender and to another socket, arrive intact and in order", async () => {
  // Received and broadcast texts reuse their UTF-8 bytes when the same string goes out again: equal lengths,
  // non-ASCII, a text over the reuse limit and a binary message in between must all come out exactly.
  const long = "é".repeat(70_000);
  const texts = ["héllo ✓", "abc", "xyz", "xyz", "", long, "abc", "日本語 🚀", `${long.slice(1)}z`];
  const listeners: WebSocket[] = [];
  const server = await serve(async (ws) => {
    await ws.accept();
    if (ws.queryParams.get("role") === "listener") {
      listeners.push(ws);
      await ws.receive().catch(() => {});
      return;
    }
    for await (const message of ws.iterText()) {
      await ws.sendText(message);
      for (const listener of listeners) await listener.sendText(message);
      await ws.sendBytes(Buffer.from([message.length % 256]));
    }
  });
  const listener = await TestClient.open(`${server.url}/ws?role=listener`);
  while (listeners.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
  const sender = await TestClient.open(`${server.url}/ws`);
  try {
    for (const text of texts) {
      sender.socket.send(text); // one at a time, so the text being sent back is also the last one received
      assert.equal(await sender.next(), text);
      assert.deepEqual(await sender.next(), Buffer.from([text.length % 256]));
      assert.equal(await listener.next(), text);
    }
  } finally {
    sender.socket.terminate();
    listener.socket.terminate();
  }
  await Promise.all(server.sessions);
});

test("receiveJson accepts a binary message holding UTF-8 JSON", async () => {
  let got: unknown;
  const server = await serve(async (ws) => {
    await ws.accept();
    got = await ws.receiveJson();
  });
  const client = await TestClient.open(`${server.url}/ws`);
  client.socket.send(Buffer.from('{"ok":true}'));
  await client.closed;
  await Promise.all(server.sessions);
  assert.deepEqual(got, { ok: true });
});

test("the connection's properties come from the handshake request", async () => {
  let seen: WebSocket | undefined;
  const server = await serve(
    async (ws) => {
      seen = ws;
      assert.equal(ws.applicationState, "CONNECTING");
      assert.equal(ws.clientState, "CONNECTING");
      await ws.accept({ subprotocol: "chat.v2" });
      assert.equal(ws.applicationState, "CONNECTED");
      assert.equal(ws.clientState, "CONNECTED");
      ws.state.user = "alice";
      await ws.receiveText();
    },
    {},
    { pathParams: { room: "lobby" } },
  );
  const client = await TestClient.open(`${server.url}/ws/lobby?token=abc&tag=a&tag=b`, ["chat.v1", "chat.v2"], {
    headers: { cookie: "session=s1; theme=dark", "x-custom": "yes" },
  });
  const ws = seen!;
  assert.equal(client.socket.protocol, "chat.v2");
  assert.equal(ws.subprotocol, "chat.v2");
  assert.equal(ws.queryParams.get("token"), "abc");
  assert.deepEqual(ws.queryParams.getAll("tag"), ["a", "b"]);
  assert.deepEqual(ws.pathParams, { room: "lobby" });
  assert.equal(ws.headers.get("X-Custom"), "yes");
  assert.deepEqual({ ...ws.cookies }, { session: "s1", theme: "dark" });
  assert.equal(ws.url.protocol, "ws:");
  assert.equal(ws.url.pathname, "/ws/lobby");
  assert.equal(ws.url.search, "?token=abc&tag=a&tag=b");
  assert.equal(ws.url, ws.url, "parsed once, on first use");
  assert.deepEqual(ws.state, { user: "alice" });
  assert.equal(ws.requestId, "req-1");
  assert.deepEqual(ws.subprotocols, ["chat.v1", "chat.v2"]);
  assert.equal(ws.client?.host, "127.0.0.1");
  client.socket.send("done");
  await client.closed;
  await Promise.all(server.sessions);
  assert.equal(ws.applicationState, "DISCONNECTED");
  assert.equal(ws.signal.aborted, true);
  while (ws.clientState !== "DISCONNECTED") await new Promise((resolve) => setTimeout(resolve, 5));
  assert.equal(ws.closeCode, 1000);
});

test("receive or send before accept() names the state and the fix", async () => {
  const errors: Error[] = [];
  const server = await serve(async (ws) => {
    await ws.receiveText().catch((error: Error) => errors.push(error));
    await ws.sendText("x").catch((error: Error) => errors.push(error));
    await ws.accept();
    await ws.accept().catch((error: Error) => errors.push(error));
    await ws.close();
    await ws.sendText("late").catch((error: Error) => errors.push(error));
  });
  const client = await TestClient.open(`${server.url}/ws`);
  await client.closed;
  await Promise.all(server.sessions);
  assert.equal(errors.length, 4);
  assert.ok(errors.every((error) => error instanceof WebSocketStateError));
  assert.match(errors[0].message, /Cannot receive\(\).*application state CONNECTING.*Did you forget to `await ws\.accept\(\)`\?/);
  assert.match(errors[1].message, /Cannot sendText\(\).*Did you forget to `await ws\.accept\(\)`\?/);
  assert.match(errors[2].message, /accept\(\) was already called/);
  assert.match(errors[3].message, /Cannot sendText\(\): the handler already closed this WebSocket with code 1000/);
});

test("text/binary mismatch closes with 1003 and a reason saying what was expected", async () => {
  let error: unknown;
  const server = await serve(async (ws) => {
    await ws.accept();
    try {
      await ws.receiveText();
    } catch (caught) {
      error = caught;
      throw caught;
    }
  });
  const client = await TestClient.open(`${server.url}/ws`);
  client.socket.send(Buffer.from([1, 2, 3]));
  assert.deepEqual(await client.closed, { code: 1003, reason: "receiveText() expected a text message, got a binary one (3 bytes)" });
  await Promise.all(server.sessions);
  assert.ok(error instanceof WebSocketDisconnect);
  assert.equal(error.code, 1003);
});

test("sending after the client left throws WebSocketDisconnect", async () => {
  let error: unknown;
  const server = await serve(async (ws) => {
    await ws.accept();
    await once(ws.signal, "abort");
    error = await ws.sendText("anyone?").catch((caught: unknown) => caught);
  });
  const client = await TestClient.open(`${server.url}/ws`);
  client.socket.close(4000, "leaving");
  await Promise.all(server.sessions);
  assert.ok(error instanceof WebSocketDisconnect);
  assert.equal(error.code, 4000);
  assert.equal(error.reason, "leaving");
});

test("wrong argument types to send* get a TypeError naming the right method", async () => {
  const errors: Error[] = [];
  const server = await serve(async (ws) => {
    await ws.accept();
    await ws.sendText({} as unknown as string).catch((error: Error) => errors.push(error));
    await ws.sendBytes("x" as unknown as Uint8Array).catch((error: Error) => errors.push(error));
    await ws.sendJson(undefined).catch((error: Error) => errors.push(error));
  });
  const client = await TestClient.open(`${server.url}/ws`);
  await client.closed;
  await Promise.all(server.sessions);
  assert.match(errors[0].message, /sendText\(\) expects a string, got Object; use sendBytes\(\)/);
  assert.match(errors[1].message, /sendBytes\(\) expects a Uint8Array or Buffer, got string; use sendText\(\)/);
  assert.match(errors[2].message, /sendJson\(\) cannot send undefined as JSON/);
});

test("an iterator's concurrent next() calls get the messages in order, then both end on the close", async () => {
  const got: unknown[] = [];
  const server = await serve(async (ws) => {
    await ws.accept();
    const messages = ws.iterText();
    // Both wait before anything arrived: the first in the inbox itself, the second through receive().
    const [first, second] = await Promise.all([messages.next(), messages.next()]);
    got.push(first, second);
    got.push(await messages.next());
  });
  const client = await TestClient.open(`${server.url}/ws`);
  await new Promise((resolve) => setTimeout(resolve, 20));
  client.socket.send("one");
  client.socket.send("two");
  client.socket.close(1000);
  await Promise.all(server.sessions);
  assert.deepEqual(got, [
    { done: false, value: "one" },
    { done: false, value: "two" },
    { done: true, value: undefined },
  ]);
});

test("iterText() waiting for a message gets a binary one: closed with 1003 and the loop throws", async () => {
  let thrown: unknown;
  const server = await serve(async (ws) => {
    await ws.accept();
    try {
      for await (const _ of ws.iterText()) void _;
    } catch (error) {
      thrown = error;
    }
  });
  const client = await TestClient.open(`${server.url}/ws`);
  await new Promise((resolve) => setTimeout(resolve, 20)); // the loop is waiting when the frame arrives
  client.socket.send(Buffer.from([1, 2, 3]));
  assert.equal((await client.closed).code, 1003);
  await Promise.all(server.sessions);
  assert.ok(thrown instanceof WebSocketDisconnect);
  assert.equal(thrown.code, 1003);
});

test("sends that are not awaited go out in call order, then the close", async () => {
  const server = await serve(async (ws) => {
    await ws.accept();
    for (let i = 0; i < 50; i++) void ws.sendText(`m${i}`);
    void ws.sendBytes(new Uint8Array([7]));
    await ws.close(1000, "done");
  });
  const client = await TestClient.open(`${server.url}/ws`);
  const received: unknown[] = [];
  for (let i = 0; i < 51; i++) received.push(await client.next());
  assert.deepEqual(
    received.slice(0, 50),
    Array.from({ length: 50 }, (_, i) => `m${i}`),
  );
  assert.deepEqual(received[50], Buffer.from([7]));
  assert.deepEqual(await client.closed, { code: 1000, reason: "done" });
  await Promise.all(server.sessions);
});
