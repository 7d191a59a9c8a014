// Faults: handlers that throw, reject or never answer; teardown that throws; clients that leave mid-body and
// mid-response; Redis dying mid-broadcast. After each, the server keeps serving everything else.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { WebSocket as WsClient } from "ws";
import { App, Depends, JSONResponse, StreamingResponse, t } from "skiffjs";
import { Broadcast, BroadcastUnavailableError } from "skiffjs/broadcast";
import { freePort, pingRedis, redisServerSkipReason, uniquePrefix } from "../broadcast/helpers.ts";
import { capturingLogger, get, listen, rawSocket, sleep } from "./helpers.ts";
import { track } from "../helpers/processes.ts";

async function until(condition: () => boolean | Promise<boolean>, timeout: number, what: string): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!(await condition())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

test("a handler that throws, rejects or never answers: 500 / 504 with a clear body, logged; the server keeps serving", async () => {
  const captured = capturingLogger("info");
  const events: string[] = [];
  const resource = Depends(async function* () {
    events.push("setup");
    try {
      yield "r";
    } finally {
      events.push("teardown");
    }
  });
  let finishLate!: () => void;
  const app = new App({ logger: captured.logger, timeout: 2000 })
    .get("/throw", () => {
      throw new Error("sync");
    })
    .get("/reject", () => Promise.reject(new Error("async")))
    .get("/hang", { timeout: 150 }, () => new Promise(() => {}))
    .get(
      "/late",
      { timeout: 150, deps: { r: resource } },
      ({ background }) =>
        new Promise((resolve) => {
          finishLate = () => {
            background.add(() => void events.push("background"));
            resolve("too late");
          };
        }),
    )
    .get("/app-timeout", () => new Promise((resolve) => setTimeout(() => resolve("never seen"), 4000).unref()))
    .get("/no-timeout", { timeout: 0 }, () => new Promise((resolve) => setTimeout(() => resolve("slow but fine"), 2300)))
    .get("/sync", { timeout: 1 }, () => "sync handlers are not timed")
    .get("/ok", () => ({ ok: true }));
  const server = await listen(app);
  try {
    const statusOf = async (path: string) => {
      const res = await fetch(`${server.url}${path}`);
      return { status: res.status, body: await res.text() };
    };
    assert.deepEqual(await statusOf("/throw"), { status: 500, body: "Internal Server Error" });
    assert.deepEqual(await statusOf("/reject"), { status: 500, body: "Internal Server Error" });
    const started = Date.now();
    assert.deepEqual(await statusOf("/hang"), { status: 504, body: '{"detail":"The server did not answer within 150 ms"}' });
    assert.ok(Date.now() - started < 3000);
    // A timed-out handler still gets its teardown (and background tasks) once it finally finishes.
    assert.equal((await statusOf("/late")).status, 504);
    assert.deepEqual(events, ["setup"]);
    finishLate();
    await until(() => events.includes("teardown"), 30_000, "teardown of the timed-out request");
    assert.deepEqual(events, ["setup", "background", "teardown"]);
    assert.equal((await statusOf("/app-timeout")).status, 504);
    assert.deepEqual(await statusOf("/no-timeout"), { status: 200, body: '"slow but fine"' });
    assert.equal((await statusOf("/sync")).status, 200);
    assert.equal((await statusOf("/ok")).status, 200);
    const errors = captured.lines().filter((line) => line.level >= 50);
    assert.deepEqual(
      errors.map((line) => line.path),
      ["/throw", "/reject", "/hang", "/late", "/app-timeout"],
    );
    assert.ok(errors.every((line) => typeof line.requestId === "string" && line.requestId.length > 0));
    assert.match(errors[2]!.msg, /did not answer within its timeout of 150 ms/);
  } finally {
    await server.close();
  }
});

test("dependency setup or teardown that throws: the response stands (or is a 500), the error is logged, nothing else is disturbed", async () => {
  const captured = capturingLogger("info");
  const failingTeardown = Depends(async function* () {
    yield 1;
    throw new Error("teardown exploded");
  });
  const failingSetup = Depends(async () => {
    throw new Error("setup exploded");
  });
  const app = new App({ logger: captured.logger })
    .get("/teardown", { deps: { x: failingTeardown } }, () => ({ ok: true }))
    .get("/setup", { deps: { x: failingSetup } }, () => ({ ok: true }))
    .websocket("/ws", { deps: { x: failingTeardown } }, async (ws) => {
      await ws.accept();
      await ws.sendText("hi");
    });
  const server = await listen(app);
  try {
    for (let i = 0; i < 20; i++) {
      const res = await fetch(`${server.url}/teardown`);
      assert.equal(res.status, 200);
      assert.deepEqual(await res.json(), { ok: true });
    }
    assert.equal((await fetch(`${server.url}/setup`)).status, 500);
    const ws = new WsClient(`ws://127.0.0.1:${server.port}/ws`);
    const closed = new Promise<number>((resolve) => ws.on("close", (code) => resolve(code)).on("error", () => {}));
    assert.equal(await closed, 1000);
    await until(() => captured.lines().filter((l) => l.err?.message === "teardown exploded").length === 21, 30_000, "21 teardown errors logged");
    assert.equal(captured.lines().filter((l) => l.err?.message === "setup exploded").length, 1);
  } finally {
    await server.close();
  }
});

test("clients that leave mid-body or mid-response: nothing is logged as a server error, streams are closed, the server serves on", async () => {
  const captured = capturingLogger("info");
  let handled = 0;
  let streamClosed = 0;
  async function* forever(): AsyncGenerator<string> {
    try {
      for (let i = 0; ; i++) {
        yield `${"x".repeat(1024)}\n`;
        if (i % 64 === 0) await sleep(1);
      }
    } finally {
      streamClosed++;
    }
  }
  const app = new App({ logger: captured.logger })
    .post("/upload", { body: t.Any() }, () => {
      handled++;
      return "ok";
    })
    .post("/form", { form: t.Object({ a: t.String() }), files: { f: t.Optional(t.File()) } }, () => {
      handled++;
      return "ok";
    })
    .get("/stream", () => new StreamingResponse(forever(), { mediaType: "text/plain" }))
    .get("/ok", () => "ok");
  const server = await listen(app);
  try {
    for (let i = 0; i < 20; i++) {
      // Half a JSON body, then gone.
      const a = await rawSocket(server.port);
      a.write(`POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"a":"${"y".repeat(5000)}`);
      await sleep(5);
      a.destroy();
      // Half a multipart upload, then gone.
      const b = await rawSocket(server.port);
      b.write(
        `POST /form HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=zz\r\nContent-Length: 1000000\r\n\r\n--zz\r\ncontent-disposition: form-data; name="f"; filename="f.bin"\r\n\r\n${"z".repeat(20_000)}`,
      );
      await sleep(5);
      b.destroy();
      // A response that never ends, read for a moment, then gone.
      const c = await rawSocket(server.port);
      c.on("data", () => {});
      c.write(get("/stream", {}, false));
      await sleep(10);
      c.destroy();
    }
    await until(() => streamClosed === 20, 30_000, "every abandoned stream to be closed");
    assert.equal(handled, 0);
    assert.equal((await fetch(`${server.url}/ok`)).status, 200);
    await sleep(100);
    assert.deepEqual(
      captured.lines().filter((line) => line.level >= 50),
      [],
    );
  } finally {
    await server.close();
  }
});

// ---- Redis dies mid-broadcast ----------------------------------------------------------------------------------

const redisSkip = await redisServerSkipReason();

/** Our own redis-server on its own port (never the shared one), killed the hard way to simulate a crash. */
async function startRedis(port: number): Promise<ChildProcess> {
  const child = track(
    spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" }),
  );
  await until(() => pingRedis("127.0.0.1", port, 5000), 60_000, `redis-server on ${port}`);
  return child;
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGKILL");
  await exited;
}

test("Redis dies mid-broadcast: HTTP keeps serving, publishing answers 503 fast, WebSockets stay open and resume after Redis returns", {
  skip: redisSkip || undefined,
}, async () => {
  const port = await freePort();
  let redis = await startRedis(port);
  const captured = capturingLogger("info");
  const broadcast = new Broadcast(`redis://127.0.0.1:${port}`, {
    prefix: uniquePrefix(),
    commandTimeout: 300,
    reconnect: { minDelay: 20, maxDelay: 200 },
  });
  const app = new App({
    logger: captured.logger,
    lifespan: async function* () {
      await broadcast.connect();
      yield;
      await broadcast.disconnect();
    },
  })
    .post("/publish", { body: t.Object({ text: t.String() }) }, async ({ body }) => {
      await broadcast.publish("room", body);
      return { ok: true };
    })
    .get("/health", () => "ok")
    .websocket("/ws", async (ws) => {
      await ws.accept();
      for await (const event of broadcast.subscribe("room")) await ws.sendJson(event.message);
    });
  // The recommended mapping (docs/security.md): an unreachable broadcast backend is a 503, not a 500.
  app.exceptionHandler(BroadcastUnavailableError, () => new JSONResponse({ detail: "Broadcast unavailable" }, { status: 503 }));
  const server = await listen(app);
  const clients: { ws: WsClient; received: string[]; closed: boolean }[] = [];
  const publish = (text: string) =>
    fetch(`${server.url}/publish`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ text }) });
  try {
    for (let i = 0; i < 5; i++) {
      const ws = new WsClient(`ws://127.0.0.1:${server.port}/ws`);
      const client = { ws, received: [] as string[], closed: false };
      ws.on("message", (data) => client.received.push(JSON.parse(data.toString()).text));
      ws.on("close", () => (client.closed = true));
      await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
      clients.push(client);
    }
    await sleep(100); // subscriptions registered with Redis
    assert.equal((await publish("before")).status, 200);
    await until(() => clients.every((c) => c.received.includes("before")), 30_000, "'before' delivered");

    await kill(redis);
    for (let i = 0; i < 10; i++) assert.equal((await fetch(`${server.url}/health`)).status, 200);
    const started = Date.now();
    const down = await publish("during");
    assert.equal(down.status, 503);
    assert.ok(Date.now() - started < 2000, "publishing fails fast instead of hanging");
    assert.ok(
      clients.every((c) => !c.closed),
      "WebSockets stay open while Redis is away",
    );

    redis = await startRedis(port);
    await until(async () => (await publish("after")).status === 200, 30_000, "publishing to work again");
    // Publishing can work again a moment before the subscriber connection has resubscribed, and plain pub/sub does
    // not keep what no one was subscribed to (replay from a stream does): publish until every socket has one.
    await until(
      async () => clients.every((c) => c.received.includes("after")) || ((await publish("after")).status === 200 && false),
      30_000,
      "'after' delivered to every WebSocket",
    );
    assert.ok(clients.every((c) => !c.received.includes("during")));
    assert.equal((await fetch(`${server.url}/health`)).status, 200);
  } finally {
    for (const c of clients) c.ws.terminate();
    await server.close();
    await kill(redis);
  }
});
