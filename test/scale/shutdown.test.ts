import assert from "node:assert/strict";
import { Agent } from "node:http";
import { connect, type Socket } from "node:net";
import { test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { freePort, runCli } from "../helpers/cli.ts";
import { Client, get, getJson, tryConnect } from "./helpers.ts";

const APP = "test/scale/fixtures/drain-app.ts:app";
const SLOW_MS = 1500;

test("SIGTERM drains `skiff run`: 50 slow requests finish with 200, 20 WebSockets get 1001, new connections are refused, exit 0", async () => {
  const port = await freePort();
  const cli = runCli(["run", APP, "--port", String(port)]);
  const keepAlive = new Agent({ keepAlive: true, maxSockets: 25 });
  try {
    await cli.waitFor(/Skiff running/);

    const clients = Array.from({ length: 20 }, () => new Client(`ws://127.0.0.1:${port}/ws`));
    await Promise.all(clients.map((client) => client.opened));
    await Promise.all(clients.map((client) => client.waitFor((m) => m.includes("pid"))));

    // Half on fresh connections, half on kept-alive ones (which must not hold the shutdown once idle).
    const requests = Array.from({ length: 50 }, (_, i) => get(port, `/slow/${SLOW_MS}`, i % 2 === 0 ? keepAlive : undefined));
    const deadline = Date.now() + 5000;
    while ((await getJson<{ started: number }>(port, "/started")).started < 50) {
      assert.ok(Date.now() < deadline, "the 50 requests did not all reach the handler");
      await sleep(10);
    }

    const signalledAt = Date.now();
    cli.child.kill("SIGTERM");
    await cli.waitFor(/Shutting down/);
    assert.equal(await tryConnect(port), "ECONNREFUSED", "a new connection must be refused while draining");
    const refused = new Client(`ws://127.0.0.1:${port}/ws`);
    await assert.rejects(refused.opened, /ECONNREFUSED/);

    const closes = await Promise.all(clients.map((client) => client.closed));
    for (const close of closes) assert.deepEqual({ code: close.code, reason: close.reason }, { code: 1001, reason: "Server shutting down" });
    // Sockets are closed at the start of the drain, not after the slow requests.
    for (const close of closes) assert.ok(close.at - signalledAt < SLOW_MS / 2, `a WebSocket closed ${close.at - signalledAt} ms after SIGTERM`);

    const responses = await Promise.all(requests);
    for (const response of responses)
      assert.deepEqual({ status: response.status, done: JSON.parse(response.body).done }, { status: 200, done: true });

    const exit = await cli.exited;
    assert.deepEqual(exit, { code: 0, signal: null }, cli.output());
    assert.ok(Date.now() - signalledAt < SLOW_MS + 3000, `exit took ${Date.now() - signalledAt} ms after SIGTERM`);
  } finally {
    keepAlive.destroy();
    await cli.stop("SIGKILL");
  }
});

test("the drain is bounded: past --timeout-graceful-shutdown a stuck request and a client that never answers the close are cut", async () => {
  const port = await freePort();
  const cli = runCli(["run", APP, "--port", String(port), "--timeout-graceful-shutdown", "1"]);
  let silent: Socket | undefined;
  try {
    await cli.waitFor(/Skiff running/);
    // A WebSocket client that completes the handshake and then never reads again, so never answers the close frame.
    silent = await silentWebSocket(port);
    const late = new Client(`ws://127.0.0.1:${port}/ws-late?ms=300`);
    const stuck = get(port, "/slow/60000").then(
      (response) => `answered ${response.status}`,
      (error: NodeJS.ErrnoException) => error.code ?? error.message,
    );
    const deadline = Date.now() + 5000;
    while ((await getJson<{ started: number }>(port, "/started")).started < 1) {
      assert.ok(Date.now() < deadline, "the stuck request did not reach the handler");
      await sleep(10);
    }

    const signalledAt = Date.now();
    cli.child.kill("SIGTERM");
    await late.opened; // accepted during the drain…
    assert.equal((await late.closed).code, 1001); // …and closed by the next pass
    assert.equal(await stuck, "ECONNRESET");
    const exit = await cli.exited;
    const took = Date.now() - signalledAt;
    assert.deepEqual(exit, { code: 0, signal: null }, cli.output());
    // Without the timeout the stuck request would hold the exit for good; the upper bound leaves room for a loaded machine.
    assert.ok(took >= 900 && took < 30_000, `exit came ${took} ms after SIGTERM`);
    assert.match(cli.output(), /Graceful shutdown timed out after 1000 ms/);
  } finally {
    silent?.destroy();
    await cli.stop("SIGKILL");
  }
});

/** A raw WebSocket handshake, after which the socket is paused: the server's close frame is never read. */
function silentWebSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => {
      socket.write(
        "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
          "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
      );
    });
    socket.once("error", reject);
    socket.once("data", (head) => {
      if (!head.toString().startsWith("HTTP/1.1 101")) reject(new Error(`handshake answered ${head.toString().split("\r\n")[0]}`));
      socket.pause();
      resolve(socket);
    });
  });
}
