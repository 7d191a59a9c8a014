// The two sides of a connection as the handler sees them (`applicationState`, `clientState`) through each way a
// connection can go, with what `accept()`, sends and `closeCode` say at each step.
import assert from "node:assert/strict";
import { test } from "node:test";
import { WebSocketDisconnect, WebSocketStateError } from "../../src/websocket/errors.ts";
import type { WebSocket } from "../../src/websocket/websocket.ts";
import { delay, refusal, serverPool, TestClient } from "./helpers.ts";

const serve = serverPool();

function sides(ws: WebSocket<any, any>): string {
  return `${ws.applicationState}/${ws.clientState}`;
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await delay(5);
}

test("a handshake that times out is refused with 503; a late accept() throws the timeout as WebSocketDisconnect", async () => {
  const seen: string[] = [];
  const server = await serve(
    async (ws) => {
      await until(() => ws.applicationState === "DISCONNECTED");
      seen.push(sides(ws), `code ${ws.closeCode}`);
      await assert.rejects(ws.accept(), (error: unknown) => error instanceof WebSocketDisconnect && /handshake timed out/.test(error.reason));
      await ws.close(); // nothing left to close
      seen.push(sides(ws));
    },
    { handshakeTimeout: 50 },
    { logger: { error() {}, warn() {} } },
  );
  assert.equal((await refusal(`${server.url}/ws`)).status, 503);
  await Promise.all(server.sessions);
  assert.deepEqual(seen, ["DISCONNECTED/DISCONNECTED", "code 1006", "DISCONNECTED/DISCONNECTED"]);
});

test("the client closes first: the handler's side stays CONNECTED until it closes too; closeCode stays the client's", async () => {
  const seen: string[] = [];
  const server = await serve(async (ws) => {
    await ws.accept();
    await assert.rejects(ws.receiveText(), (error: unknown) => error instanceof WebSocketDisconnect && error.code === 4001);
    seen.push(sides(ws), `code ${ws.closeCode} ${ws.closeReason}`);
    await assert.rejects(ws.sendText("anyone?"), WebSocketDisconnect);
    await ws.close(1000);
    seen.push(sides(ws), `code ${ws.closeCode}`);
  });
  const client = await TestClient.open(`${server.url}/ws`);
  client.socket.close(4001, "leaving");
  await Promise.all(server.sessions);
  assert.deepEqual(seen, ["CONNECTED/DISCONNECTED", "code 4001 leaving", "DISCONNECTED/DISCONNECTED", "code 4001"]);
});

test("the handler closes first: CONNECTED on the client's side until its answer; sends then say the handler closed", async () => {
  let socket!: WebSocket<any, any>;
  const seen: string[] = [];
  const server = await serve(async (ws) => {
    socket = ws;
    await ws.accept({ subprotocol: "chat.v1" });
    const closing = ws.close(4000, "done");
    seen.push(sides(ws));
    await closing;
    await assert.rejects(ws.sendText("late"), (error: unknown) => error instanceof WebSocketStateError && /code 4000/.test(error.message));
    await assert.rejects(ws.accept(), /accept\(\) was already called/);
  });
  const client = await TestClient.open(`${server.url}/ws`, ["chat.v1"]);
  assert.deepEqual(await client.closed, { code: 4000, reason: "done" });
  await Promise.all(server.sessions);
  await until(() => socket.clientState === "DISCONNECTED");
  assert.deepEqual(seen, ["DISCONNECTED/CONNECTED"]);
  assert.equal(sides(socket), "DISCONNECTED/DISCONNECTED");
  assert.equal(socket.closeCode, 4000);
  assert.equal(socket.subprotocol, "chat.v1");
  assert.equal(socket.signal.aborted, true);
});

test("close() before accept() refuses the handshake (403); a later accept() says close() came first", async () => {
  const seen: string[] = [];
  const server = await serve(async (ws) => {
    await ws.close();
    seen.push(sides(ws), String(ws.signal.aborted));
    await assert.rejects(ws.accept(), /close\(\) was called before accept\(\)/);
    await assert.rejects(ws.receive(), WebSocketStateError);
  });
  assert.equal((await refusal(`${server.url}/ws`)).status, 403);
  await Promise.all(server.sessions);
  assert.deepEqual(seen, ["DISCONNECTED/DISCONNECTED", "true"]);
});
