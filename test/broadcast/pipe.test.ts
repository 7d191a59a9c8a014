// subscription.pipeTo(ws): a channel forwarded to a WebSocket — through a real app and client, and against a
// sink whose sends the test holds back, for order, backpressure and how the pipe ends.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { App, type WebSocket } from "skiffjs";
import { Broadcast, BroadcastError, BroadcastOverflowError, type EventSink } from "skiffjs/broadcast";
import { TestClient } from "skiffjs/testing";
import { WebSocket as WsClient, type RawData } from "ws";
import { SENT } from "../../src/websocket/sent.ts";
import { until } from "./helpers.ts";

/** A sink that records what it is sent; with `hold`, each send stays pending until the test releases it. */
class FakeSink implements EventSink {
  readonly sent: unknown[] = [];
  readonly controller = new AbortController();
  private readonly held: (() => void)[] = [];
  constructor(private readonly hold = false) {}
  get signal(): AbortSignal {
    return this.controller.signal;
  }
  sendText(data: string): Promise<void> {
    return this.record(data);
  }
  sendBytes(data: Uint8Array): Promise<void> {
    return this.record(data);
  }
  sendJson(data: unknown): Promise<void> {
    return this.record({ json: data });
  }
  /** Lets the oldest held send complete. */
  release(): void {
    this.held.shift()?.();
  }
  private record(value: unknown): Promise<void> {
    this.sent.push(value);
    return this.hold ? new Promise((resolve) => this.held.push(resolve)) : SENT;
  }
}

async function connected(url = "memory://"): Promise<Broadcast> {
  const broadcast = new Broadcast(url);
  await broadcast.connect();
  return broadcast;
}

describe("pipeTo through an app", () => {
  test("each event reaches the client as it is published: strings as text, bytes as binary, the rest as JSON", async () => {
    const broadcast = await connected();
    let piped: Promise<void> | undefined;
    const app = new App().websocket("/room", async (ws) => {
      const subscription = broadcast.subscribe("room");
      await subscription.ready;
      await ws.accept();
      piped = subscription.pipeTo(ws);
      await piped;
    });
    await using client = new TestClient(app);
    const ws = await client.websocketConnect("/room");
    await broadcast.publish("room", "hi");
    await broadcast.publish("room", { from: "alice", text: "hello" });
    assert.equal(await ws.receiveText(), "hi");
    assert.deepEqual(await ws.receiveJson(), { from: "alice", text: "hello" });
    await ws.close();
    await until(
      () => piped !== undefined,
      1000,
      () => "pipeTo was not called",
    );
    await piped; // resolves once the client is gone
    await broadcast.disconnect();
  });

  test("over real sockets, one event reaches every subscriber as the same text frame, non-ASCII intact", async () => {
    const broadcast = await connected();
    const app = new App().websocket("/room", async (ws) => {
      const subscription = broadcast.subscribe("room");
      await subscription.ready;
      await ws.accept();
      await ws.sendText("joined");
      await subscription.pipeTo(ws);
    });
    const server = await app.listen({ port: 0 });
    const clients = [0, 1, 2].map(() => new WsClient(`ws://127.0.0.1:${server.port}/room`));
    try {
      const frames = clients.map(
        (client) =>
          new Promise<{ text: string; isBinary: boolean }[]>((resolve, reject) => {
            const got: { text: string; isBinary: boolean }[] = [];
            client.on("message", (data: RawData, isBinary) => {
              got.push({ text: String(data), isBinary });
              if (got.length === 3) resolve(got);
            });
            client.once("error", reject);
          }),
      );
      const joined = clients.map((client) => new Promise((resolve) => client.once("message", resolve)));
      await Promise.all(joined);
      await broadcast.publish("room", "héllo ✓ 聊天");
      await broadcast.publish("room", "second");
      for (const got of await Promise.all(frames)) {
        assert.deepEqual(got, [
          { text: "joined", isBinary: false },
          { text: "héllo ✓ 聊天", isBinary: false },
          { text: "second", isBinary: false },
        ]);
      }
    } finally {
      for (const client of clients) client.close();
      await server.close();
      await broadcast.disconnect();
    }
  });

  test("map chooses what is sent for each event", async () => {
    const broadcast = await connected();
    const app = new App().websocket("/room", async (ws: WebSocket) => {
      const subscription = broadcast.subscribe<string>("room");
      await subscription.ready;
      await ws.accept();
      await subscription.pipeTo(ws, { map: ({ id, message }) => ({ id, text: message.toUpperCase() }) });
    });
    await using client = new TestClient(app);
    const ws = await client.websocketConnect("/room");
    const id = await broadcast.publish("room", "hi");
    assert.deepEqual(await ws.receiveJson(), { id, text: "HI" });
    await ws.close();
    await broadcast.disconnect();
  });

  test("broadcast.disconnect() ends the pipe quietly, so the handler can go on (here: close with 1001)", async () => {
    const broadcast = await connected();
    const app = new App().websocket("/room", async (ws) => {
      const subscription = broadcast.subscribe("room");
      await subscription.ready;
      await ws.accept();
      await subscription.pipeTo(ws);
      await ws.close(1001, "broadcast gone");
    });
    await using client = new TestClient(app);
    const ws = await client.websocketConnect("/room");
    await broadcast.disconnect();
    await assert.rejects(ws.receiveText(), (error: { code?: number; reason?: string }) => error.code === 1001 && error.reason === "broadcast gone");
  });
});

describe("pipeTo against a held-back sink", () => {
  test("while the socket keeps up, an event is written inside the publish that delivers it", async () => {
    const broadcast = await connected();
    const sink = new FakeSink();
    const piped = broadcast.subscribe("room").pipeTo(sink);
    void broadcast.publish("room", "now"); // not awaited: delivery must not wait for a later turn
    assert.deepEqual(sink.sent, ["now"]);
    await broadcast.disconnect();
    await piped;
  });

  test("events published while a send waits for room queue behind it and go out in order", async () => {
    const broadcast = await connected();
    const sink = new FakeSink(true);
    const piped = broadcast.subscribe("room").pipeTo(sink);
    for (const n of [1, 2, 3, 4]) await broadcast.publish("room", String(n));
    assert.deepEqual(sink.sent, ["1"], "the others wait for the first send");
    for (let i = 0; i < 4; i++) {
      sink.release();
      await new Promise((resolve) => setImmediate(resolve));
    }
    assert.deepEqual(sink.sent, ["1", "2", "3", "4"]);
    sink.controller.abort();
    await piped;
  });

  test("a socket that stays behind overflows the queue: what was queued is still sent, then pipeTo rejects", async () => {
    const broadcast = await connected();
    const sink = new FakeSink(true);
    const piped = broadcast.subscribe("room", { bufferSize: 2 }).pipeTo(sink);
    for (const n of [1, 2, 3, 4]) await broadcast.publish("room", String(n)); // 1 in flight, 2 and 3 queued, 4 overflows
    const outcome = piped.then(
      () => "resolved",
      (error: unknown) => error,
    );
    for (let i = 0; i < 3; i++) {
      sink.release();
      await new Promise((resolve) => setImmediate(resolve));
    }
    assert.ok((await outcome) instanceof BroadcastOverflowError);
    assert.deepEqual(sink.sent, ["1", "2", "3"]);
    await broadcast.disconnect();
  });

  test("the connection ending stops the pipe and releases the subscription", async () => {
    const broadcast = await connected();
    const sink = new FakeSink();
    const subscription = broadcast.subscribe("room");
    const piped = subscription.pipeTo(sink);
    await broadcast.publish("room", "before");
    sink.controller.abort();
    await piped;
    await broadcast.publish("room", "after");
    assert.deepEqual(sink.sent, ["before"]);
    assert.equal((await subscription.next()).done, true, "the subscription has ended");
    await broadcast.disconnect();
  });

  test("a map that throws ends the pipe with its error", async () => {
    const broadcast = await connected();
    const sink = new FakeSink();
    const subscription = broadcast.subscribe("room");
    const piped = subscription.pipeTo(sink, {
      map: () => {
        throw new Error("cannot render this event");
      },
    });
    await broadcast.publish("room", "x");
    await assert.rejects(piped, /cannot render this event/);
    assert.equal((await subscription.next()).done, true);
    await broadcast.disconnect();
  });

  test("a subscription has one consumer: no second pipe, and no loop beside a pipe", async () => {
    const broadcast = await connected();
    const subscription = broadcast.subscribe("room");
    const piped = subscription.pipeTo(new FakeSink());
    await assert.rejects(
      subscription.pipeTo(new FakeSink()),
      (error: unknown) => error instanceof BroadcastError && /already has a consumer/.test(String(error)),
    );
    await assert.rejects(subscription.next(), /piped to a WebSocket/);
    const looping = broadcast.subscribe("other");
    const pending = looping.next();
    await assert.rejects(looping.pipeTo(new FakeSink()), /already has a consumer/);
    await broadcast.disconnect();
    await Promise.all([piped, pending]);
  });

  test("events queued before the pipe starts are sent first", async () => {
    const broadcast = await connected();
    const subscription = broadcast.subscribe("room");
    await broadcast.publish("room", "queued");
    const sink = new FakeSink();
    const piped = subscription.pipeTo(sink);
    await broadcast.publish("room", "live");
    assert.deepEqual(sink.sent, ["queued", "live"]);
    await broadcast.disconnect();
    await piped;
  });
});
