// The request id of a request is on every line logged while serving it — middleware, dependencies (setup and
// teardown), handler, background tasks — also when requests interleave.
import { test } from "node:test";
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { App, Depends, accessLog, createLogger, getLogger, logger, requestId, t } from "skiffjs";
import { TestClient } from "skiffjs/testing";

type Line = Record<string, any>;

function capture(): { lines: Line[]; log: ReturnType<typeof createLogger> } {
  const lines: Line[] = [];
  const log = createLogger("debug", { format: "json", destination: { write: (line: string) => void lines.push(JSON.parse(line)) } });
  return { lines, log };
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

function instrumentedApp(log: ReturnType<typeof createLogger>): App<any> {
  const session = Depends(async function* session() {
    logger.debug("dependency setup");
    await sleep(Math.random() * 10);
    try {
      yield "session";
    } finally {
      await sleep(Math.random() * 10);
      logger.info("dependency teardown");
    }
  });
  const user = Depends({ query: { name: t.String() }, deps: { session } }, async ({ query }) => {
    await sleep(Math.random() * 10);
    getLogger().info({ name: query.name }, "user resolved");
    return query.name;
  });
  const app = new App({ logger: log }).get("/work", { deps: { user } }, async ({ deps, background }) => {
    await sleep(Math.random() * 10);
    logger.warning({ user: deps.user }, "handler");
    background.add(async () => {
      await sleep(Math.random() * 10);
      logger.info("background task");
      setTimeout(() => logger.info("timer from background task"), 5);
    });
    return { user: deps.user };
  });
  app.use(requestId(), accessLog());
  app.middleware(async (request, next) => {
    logger.debug("inner middleware");
    return next(request);
  });
  return app;
}

const PER_REQUEST = [
  "inner middleware",
  "dependency setup",
  "user resolved",
  "handler",
  "background task",
  "timer from background task",
  "dependency teardown",
];

test("every line written while serving a request carries its id, across interleaved requests", async () => {
  const { lines, log } = capture();
  const client = new TestClient(instrumentedApp(log));
  const ids = Array.from({ length: 8 }, (_, i) => `req-${i}`);
  const responses = await Promise.all(ids.map((id, i) => client.get("/work", { query: { name: `u${i}` }, headers: { "x-request-id": id } })));
  for (const [i, res] of responses.entries()) {
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("x-request-id"), ids[i]);
  }
  await until(() => lines.filter((l) => l.msg === "timer from background task").length === ids.length, "background lines");
  await until(() => lines.filter((l) => l.msg === "dependency teardown").length === ids.length, "teardown lines");

  assert.ok(
    lines.every((line) => typeof line.requestId === "string"),
    "no line without a request id",
  );
  for (const [i, id] of ids.entries()) {
    const mine = lines.filter((line) => line.requestId === id);
    const messages = mine.filter((line) => line.logger !== "skiff.access").map((line) => line.msg);
    assert.deepEqual([...messages].sort(), [...PER_REQUEST].sort(), id);
    assert.equal(mine.find((line) => line.msg === "user resolved")!.name, `u${i}`, "no cross-talk between requests");
    assert.equal(mine.find((line) => line.msg === "handler")!.level, 40, "warning is pino's warn");
    const access = mine.filter((line) => line.logger === "skiff.access");
    assert.equal(access.length, 1, "one access line per request");
    // The access line sits on the app logger with the id as a field, not on a bound child: one requestId key.
    assert.equal(JSON.stringify(access[0]).match(/"requestId"/g)!.length, 1);
  }
});

test("without requestId(), `logger` works and writes through the default logger", async () => {
  const { lines, log } = capture();
  const app = new App({ logger: log }).get("/", () => {
    assert.equal(getLogger() === log, false);
    return "ok";
  });
  assert.equal((await new TestClient(app).get("/")).status, 200);
  assert.equal(lines.length, 0);
});

test("logger.child keeps the request binding and adds its own", async () => {
  const { lines, log } = capture();
  const app = new App({ logger: log }).get("/", () => {
    logger.child({ component: "billing" }).info("charged");
    return "ok";
  });
  app.use(requestId());
  await new TestClient(app).get("/", { headers: { "x-request-id": "child-1" } });
  assert.deepEqual(
    lines.map(({ requestId, component, msg }) => ({ requestId, component, msg })),
    [{ requestId: "child-1", component: "billing", msg: "charged" }],
  );
});

test("errors reported after the response (a failing background task) carry the request id", async () => {
  const { lines, log } = capture();
  const app = new App({ logger: log }).get("/", ({ background }) => {
    background.add(() => {
      throw new Error("task failed");
    });
    return "ok";
  });
  app.use(requestId());
  await new TestClient(app).get("/", { headers: { "x-request-id": "bg-err" } });
  await until(() => lines.some((l) => l.level === 50), "error line");
  const error = lines.find((l) => l.level === 50)!;
  assert.equal(error.requestId, "bg-err");
  assert.equal(error.err.message, "task failed");
});
