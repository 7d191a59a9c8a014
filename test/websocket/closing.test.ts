// Ending a connection: close() validation, disconnects, iterators, abrupt drops and cleanup.
import assert from "node:assert/strict";
import { test } from "node:test";
import { assertValidClose, isSendableCloseCode, truncateUtf8 } from "../../src/websocket/close-codes.ts";
import { WebSocketDisconnect, WebSocketStateError } from "../../src/websocket/errors.ts";
import { delay, serverPool, TestClient } from "./helpers.ts";
import { nodeOnly } from "../helpers/runtime.ts";

const serve = serverPool();

test("close(100) — the seed's mistake — throws a RangeError that names the allowed codes", () => {
  assert.throws(
    () => assertValidClose(100, ""),
    (error: unknown) =>
      error instanceof RangeError &&
      error.message.startsWith("Invalid WebSocket close code 100: a close frame may only carry 1000–1003, 1007–1014") &&
      error.message.includes("3000–4999"),
  );
  for (const code of [999, 1004, 1005, 1006, 1015, 2999, 5000, 1000.5, Number.NaN]) assert.equal(isSendableCloseCode(code), false, String(code));
  for (const code of [1000, 1001, 1003, 1007, 1011, 1014, 3000, 4999]) assert.equal(isSendableCloseCode(code), true, String(code));
});

test("a close reason over 123 UTF-8 bytes throws a RangeError with the byte count", () => {
  assert.doesNotThrow(() => assertValidClose(1000, "a".repeat(123)));
  assert.throws(() => assertValidClose(1000, "é".repeat(62)), /close reason is 124 UTF-8 bytes; a close frame allows at most 123/);
  const cut = truncateUtf8("界".repeat(100));
  assert.ok(Buffer.byteLength(cut) <= 123);
  assert.ok(cut.endsWith("…"));
});

test("ws.close() validates before touching the connection, and is idempotent", async () => {
  const errors: unknown[] = [];
  const server = await serve(async (ws) => {
    await ws.accept();
    // Thrown synchronously, so even an un-awaited close(100) fails at the call.
    for (const bad of [() => ws.close(100), () => ws.close(1000, "x".repeat(124))]) {
      try {
        void bad();
      } catch (error) {
        errors.push(error);
      }
    }
    assert.equal(errors.length, 2);
    assert.equal(ws.applicationState, "CONNECTED");
    await ws.close(4000, "done");
    await ws.close(4001, "again");
  });
  const client = await TestClient.open(`${server.url}/ws`);
  assert.deepEqual(await client.closed, { code: 4000, reason: "done" });
  assert.ok(errors.every((error) => error instanceof RangeError));
  assert.match((errors[0] as Error).message, /Invalid WebSocket close code 100/);
});

test("iterators end quietly on 1000, 1001 and 1005, and throw WebSocketDisconnect for other codes", async () => {
  const outcomes: string[] = [];
  const server = await serve(async (ws) => {
    await ws.accept();
    try {
      for await (const text of ws.iterText()) outcomes.push(`got ${text}`);
      outcomes.push("ended");
    } catch (error) {
      outcomes.push(error instanceof WebSocketDisconnect ? `threw ${error.code} ${error.reason}` : String(error));
    }
  });
  for (const code of [1000, 1001, undefined, 4000, 1011]) {
    const client = await TestClient.open(`${server.url}/ws`);
    client.socket.send("m");
    await delay(5);
    client.socket.close(code, code === 4000 ? "custom" : undefined);
    await client.closed;
    await Promise.all(server.sessions);
  }
  assert.deepEqual(outcomes, ["got m", "ended", "got m", "ended", "got m", "ended", "got m", "threw 4000 custom", "got m", "threw 1011 "]);
});

test("an iterator ends quietly when the handler itself closes the connection, whatever the code", async () => {
  let ended = false;
  const server = await serve(async (ws) => {
    await ws.accept();
    setTimeout(() => void ws.close(4002, "kicked"), 10);
    for await (const _ of ws.iterJson()) void _;
    ended = true;
  });
  const client = await TestClient.open(`${server.url}/ws`);
  assert.deepEqual(await client.closed, { code: 4002, reason: "kicked" });
  await Promise.all(server.sessions);
  assert.equal(ended, true);
});

test("receiving again after WebSocketDisconnect was thrown is reported as a bug", async () => {
  let second: unknown;
  const server = await serve(async (ws) => {
    await ws.accept();
    await ws.receiveText().catch(() => undefined);
    second = await ws.receiveText().catch((error: unknown) => error);
  });
  const client = await TestClient.open(`${server.url}/ws`);
  client.socket.close(1000);
  await Promise.all(server.sessions);
  assert.ok(second instanceof WebSocketStateError);
  assert.match(second.message, /WebSocketDisconnect was already thrown once\. Stop receiving when you catch WebSocketDisconnect/);
});

test("an abrupt TCP drop mid-receive throws WebSocketDisconnect(1006), runs finally, and leaves no timers or listeners", {
  skip: nodeOnly("counts the timers and socket listeners of Node's own http server"),
}, async () => {
  const intervals = trackIntervals();
  const events: string[] = [];
  let serverSocketListeners = -1;
  const server = await serve(
    async (ws) => {
      await ws.accept();
      try {
        await ws.receiveText();
      } catch (error) {
        events.push(error instanceof WebSocketDisconnect ? `disconnect ${error.code}` : String(error));
        throw error;
      } finally {
        events.push("finally");
      }
    },
    { heartbeatInterval: 1000 },
  );
  server.server.once("upgrade", (_req, socket) => {
    socket.once("close", () => queueMicrotask(() => (serverSocketListeners = socket.listenerCount("data") + socket.listenerCount("drain"))));
  });
  const client = await TestClient.open(`${server.url}/ws`);
  await delay(10);
  assert.equal(intervals.active(), 1, "the heartbeat runs while connected");
  client.socket.terminate(); // destroys the TCP socket without a close frame
  await Promise.all(server.sessions);
  intervals.restore();
  assert.deepEqual(events, ["disconnect 1006", "finally"]);
  assert.equal(intervals.active(), 0, "the heartbeat timer was cleared");
  assert.equal(serverSocketListeners, 0);
});

/** Count intervals created and not cleared (the heartbeat's), through the globals the server code calls. */
function trackIntervals(): { active(): number; restore(): void } {
  const live = new Set<unknown>();
  const { setInterval: originalSet, clearInterval: originalClear } = globalThis;
  globalThis.setInterval = ((...args: Parameters<typeof setInterval>) => {
    const timer = originalSet(...args);
    live.add(timer);
    return timer;
  }) as typeof setInterval;
  globalThis.clearInterval = ((timer: Parameters<typeof clearInterval>[0]) => {
    live.delete(timer);
    originalClear(timer);
  }) as typeof clearInterval;
  return {
    active: () => live.size,
    restore() {
      globalThis.setInterval = originalSet;
      globalThis.clearInterval = originalClear;
    },
  };
}
