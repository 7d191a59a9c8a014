import { test } from "node:test";
import assert from "node:assert/strict";
import { stripVTControlCharacters } from "node:util";
import { WebSocket as WsClient } from "ws";
import { App, accessLog, createLogger, requestId, websocketAware } from "skiffjs";
import { TestClient } from "skiffjs/testing";

type Line = Record<string, any>;

function jsonSink(level: Parameters<typeof createLogger>[0] = "info"): { lines: Line[]; log: ReturnType<typeof createLogger> } {
  const lines: Line[] = [];
  return { lines, log: createLogger(level, { format: "json", destination: { write: (line: string) => void lines.push(JSON.parse(line)) } }) };
}

function textSink(isTTY: boolean): { text: string[]; log: ReturnType<typeof createLogger> } {
  const text: string[] = [];
  return { text, log: createLogger("info", { destination: { isTTY, write: (line: string) => void text.push(line) } }) };
}

test("one access line per request: method, path, status, duration, request id, client", async () => {
  const { lines, log } = jsonSink();
  const app = new App({ logger: log })
    .get("/items/{id}", () => ({}))
    .get("/boom", () => {
      throw new Error("boom");
    });
  app.use(requestId(), accessLog());
  const client = new TestClient(app);
  await client.get("/items/1?q=x", { headers: { "x-request-id": "acc-1" } });
  await client.get("/missing", { headers: { "x-request-id": "acc-2" } });
  await client.get("/boom", { headers: { "x-request-id": "acc-3" } });
  const access = lines.filter((l) => l.logger === "skiff.access");
  assert.equal(access.length, 3);
  const [ok, missing, boom] = access;
  assert.equal(ok.level, 30);
  assert.equal(ok.method, "GET");
  assert.equal(ok.path, "/items/1");
  assert.equal(ok.query, "q=x");
  assert.equal(ok.status, 200);
  assert.equal(ok.requestId, "acc-1");
  assert.equal(typeof ok.durationMs, "number");
  assert.ok(ok.durationMs >= 0);
  assert.match(ok.client, /^.+:\d+$/);
  assert.equal(ok.msg, `${ok.client} - "GET /items/1?q=x HTTP/1.1" 200 OK`);
  assert.equal(missing.status, 404);
  assert.equal(missing.msg.endsWith('" 404 Not Found'), true);
  assert.equal(boom.status, 500);
  assert.equal(boom.requestId, "acc-3");
});

test("access lines follow the logger's level (`--log-level warning` silences them) and can skip paths", async () => {
  const { lines, log } = jsonSink("warning");
  const app = new App({ logger: log }).get("/", () => "ok").get("/health", () => "ok");
  app.use(accessLog());
  const client = new TestClient(app);
  await client.get("/");
  assert.equal(lines.length, 0);
  log.level = "info";
  await client.get("/");
  assert.equal(lines.length, 1);

  const skipping = jsonSink();
  const quiet = new App({ logger: skipping.log }).get("/health", () => "ok").get("/", () => "ok");
  quiet.use(accessLog({ skip: (request) => request.path === "/health" }));
  await new TestClient(quiet).get("/health");
  await new TestClient(quiet).get("/");
  assert.deepEqual(
    skipping.lines.map((l) => l.path),
    ["/"],
  );
});

test("secrets are redacted: credential headers, token/password query values, in any log line", async () => {
  const { lines, log } = jsonSink();
  log.info({ headers: { authorization: "Bearer s3cret", cookie: "session=s3cret", "set-cookie": ["a=s3cret"], accept: "*/*" } }, "headers");
  log.info({ req: { headers: { authorization: "Basic s3cret", "x-api-key": "s3cret" } } }, "nested");
  log.info({ token: "s3cret", password: "s3cret", query: { token: "s3cret", page: "2" } }, "fields");
  log.info({ url: "https://x.test/cb?code=1&access_token=s3cret&password=s3cret#frag" }, "url");
  const text = lines.map((l) => JSON.stringify(l)).join("\n");
  assert.doesNotMatch(text, /s3cret/);
  assert.equal(lines[0].headers.accept, "*/*");
  assert.equal(lines[0].headers.authorization, "[redacted]");
  assert.equal(lines[2].query.page, "2");
  assert.equal(lines[3].url, "https://x.test/cb?code=1&access_token=[redacted]&password=[redacted]#frag");

  const app = new App({ logger: log }).get("/login", ({ request }) => {
    log.info({ request }, "the request itself");
    return "ok";
  });
  app.use(accessLog());
  lines.length = 0;
  await new TestClient(app).get("/login?user=ann&token=s3cret&Password=s3cret", {
    headers: { authorization: "Bearer s3cret", cookie: "sid=s3cret" },
  });
  assert.doesNotMatch(lines.map((l) => JSON.stringify(l)).join("\n"), /s3cret/);
  const access = lines.find((l) => l.logger === "skiff.access")!;
  assert.equal(access.query, "user=ann&token=[redacted]&Password=[redacted]");
  const logged = lines.find((l) => l.msg === "the request itself")!;
  assert.equal(logged.request.method, "GET");
  assert.equal(logged.request.headers.authorization, "[redacted]");
});

test("pretty lines in a terminal, as uvicorn prints them; JSON otherwise", async () => {
  const tty = textSink(true);
  tty.log.warn({ userId: 7 }, "user not found");
  tty.log.error({ err: new Error("kaput") }, "failed");
  const plain = tty.text.map((line) => stripVTControlCharacters(line));
  assert.equal(plain[0], "WARNING:  user not found userId=7\n");
  assert.match(plain[1], /^ERROR: {4}failed\nError: kaput\n {4}at /);

  const app = new App({ logger: tty.log }).get("/", () => "ok");
  app.use(requestId(), accessLog());
  tty.text.length = 0;
  await new TestClient(app).get("/?x=1", { headers: { "x-request-id": "pretty-1" } });
  const access = stripVTControlCharacters(tty.text[0]);
  assert.match(access, /^INFO: {5}.+:\d+ - "GET \/\?x=1 HTTP\/1\.1" 200 OK [\d.]+ms \[pretty-1\]\n$/);

  const pipe = textSink(false);
  pipe.log.info({ a: 1 }, "machine");
  assert.deepEqual(JSON.parse(pipe.text[0]), { level: 30, time: JSON.parse(pipe.text[0]).time, a: 1, msg: "machine" });

  const forced = createLogger("info", { format: "pretty", destination: { write: (line: string) => void pipe.text.push(line) } });
  forced.info("hello");
  assert.equal(pipe.text.at(-1), "INFO:     hello\n", "no colours when the destination is not a terminal");
});

test("uvicorn level names map onto pino's", () => {
  assert.equal(createLogger("warning").level, "warn");
  assert.equal(createLogger("critical").level, "fatal");
  assert.equal(createLogger("trace").level, "trace");
});

test("a WebSocket handshake gets its access line once accepted (over a real socket, after Node's message is let go)", async () => {
  const { lines, log } = jsonSink();
  const app = new App({ logger: log }).websocket("/ws", async (ws) => {
    await ws.accept();
    await ws.sendText("hi");
    await ws.close();
  });
  app.use(websocketAware(accessLog()));
  const server = await app.listen({ port: 0 });
  try {
    const client = new WsClient(`ws://127.0.0.1:${server.port}/ws?token=secret`);
    await new Promise((resolve, reject) => {
      client.once("close", resolve);
      client.once("error", reject);
    });
    const access = lines.filter((l) => l.logger === "skiff.access");
    assert.equal(access.length, 1, JSON.stringify(lines));
    assert.match(access[0]!.msg, /"GET \/ws\?token=\[redacted\] HTTP\/1\.1" 101/);
    assert.deepEqual(
      lines.filter((l) => l.level >= 50),
      [],
    );
  } finally {
    await server.close();
  }
});
