// Secrets never reach a log line, error answers never describe the server, and every 5xx is logged with the id of
// the request it answered.
import { test } from "node:test";
import assert from "node:assert/strict";
import { WebSocket as WsClient } from "ws";
import { App, Depends, HTTPException, accessLog, createLogger, requestId, t } from "skiffjs";
import { TestClient } from "skiffjs/testing";
import { get, leaksIn, listen, rawExchange, sleep } from "./helpers.ts";

function jsonLogger(level: Parameters<typeof createLogger>[0] = "trace") {
  const out: string[] = [];
  const logger = createLogger(level, { format: "json", destination: { write: (line: string) => void out.push(line) } });
  return { logger, text: () => out.join(""), lines: () => out.map((line) => JSON.parse(line) as Record<string, any>) };
}

// Each secret is distinct, so a leak names its way out.
const S = {
  token: "SECRETtokenQ1",
  accessToken: "SECRETaccessQ2",
  apiKey: "SECRETapikeyQ3",
  password: "SECRETpasswordQ4",
  clientSecret: "SECRETclientQ5",
  bearer: "SECRETbearerH1",
  basic: Buffer.from("alice:SECRETbasicH2").toString("base64"),
  cookie: "SECRETcookieH3",
  xApiKey: "SECRETxapikeyH4",
  proxy: "SECRETproxyH5",
  setCookie: "SECRETsetcookieR1",
  wsToken: "SECRETwsQ6",
};
const query = `token=${S.token}&access_token=${S.accessToken}&api_key=${S.apiKey}&password=${S.password}&client_secret=${S.clientSecret}&q=visible`;
const headers = {
  authorization: `Bearer ${S.bearer}`,
  cookie: `session=${S.cookie}; theme=dark`,
  "x-api-key": S.xApiKey,
  "proxy-authorization": `Basic ${S.basic}`,
  "x-request-id": "req-secret-1",
};

test("secrets in query strings, credential headers, cookies and Set-Cookie never appear in access, error or app logs", async () => {
  const { logger, text, lines } = jsonLogger();
  const app = new App({ logger, timeout: 200 })
    .get("/ok", ({ request, response }) => {
      response.setCookie("session", S.setCookie);
      // What application code typically logs.
      request.app.logger.info({ req: request }, "request object");
      request.app.logger.info({ request }, "request again");
      request.app.logger.info({ headers: request.raw.headers }, "raw headers");
      request.app.logger.info({ headers: request.headers }, "headers object");
      request.app.logger.info({ url: request.url }, "url");
      request.app.logger.info({ url: request.raw.url }, "raw url");
      request.app.logger.info({ query: request.queryObject }, "query");
      return { ok: true };
    })
    .get("/boom", () => {
      throw new Error("database exploded");
    })
    .get("/slow", () => new Promise(() => {}))
    .get(
      "/dep",
      {
        deps: {
          x: Depends(async function* () {
            yield 1;
            throw new Error("teardown failed");
          }),
        },
      },
      () => "ok",
    )
    .websocket("/ws", { query: { token: t.String() } }, async (ws) => {
      await ws.accept();
      throw new Error("ws handler crashed");
    })
    .websocket("/ws-foreign", async (ws) => ws.accept());
  app.use(requestId(), accessLog());
  const server = await listen(app);
  try {
    for (const path of ["/ok", "/boom", "/slow", "/dep", "/missing", "/%zz"]) {
      await fetch(`${server.url}${path}?${query}`, { headers });
    }
    await sleep(50);
    // WebSockets: a token in the handshake URL, a crash after accept, a refused origin.
    const ws = new WsClient(`ws://127.0.0.1:${server.port}/ws?token=${S.wsToken}`, { headers });
    await new Promise((resolve) => ws.on("close", resolve).on("error", () => {}));
    await rawExchange(
      server.port,
      get(`/ws-foreign?token=${S.wsToken}`, {
        ...headers,
        host: `127.0.0.1:${server.port}`,
        origin: "https://evil.example",
        upgrade: "websocket",
        connection: "Upgrade",
        "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==",
        "sec-websocket-version": "13",
      }),
    );
    await sleep(100);
  } finally {
    await server.close();
  }
  const all = text();
  const leaked = Object.entries(S).filter(([, secret]) => all.includes(secret) || all.includes(encodeURIComponent(secret)));
  assert.deepEqual(
    leaked.map(([name]) => name),
    [],
    `secrets in the logs:\n${all}`,
  );
  // …while the logs stay useful: the access lines and the non-secret parts are there.
  const access = lines().filter((line) => line.logger === "skiff.access");
  assert.ok(access.length >= 6);
  assert.ok(access.every((line) => line.query?.includes("q=visible") && line.query.includes("token=[redacted]")));
  assert.ok(all.includes("dark") === false || !all.includes(S.cookie));
});

test("every 5xx is logged once with its request id; 4xx are not errors", async () => {
  const { logger, lines } = jsonLogger("info");
  const app = new App({ logger, timeout: 100 })
    .get("/throw", () => {
      throw new Error("sync failure");
    })
    .get("/reject", async () => {
      throw new TypeError("async failure");
    })
    .get("/slow", () => new Promise(() => {}))
    .get("/bad-response", { response: t.Object({ id: t.Integer() }) }, () => ({ id: "not a number" }) as never)
    .get("/http-503", () => {
      throw new HTTPException(503, "maintenance");
    })
    .get("/teapot", () => {
      throw new HTTPException(418);
    });
  const client = new TestClient(app);
  const ids: Record<string, string> = {};
  for (const path of ["/throw", "/reject", "/slow", "/bad-response", "/http-503", "/teapot"]) {
    ids[path] = `id-${path.slice(1)}`;
    const res = await client.get(path, { headers: { "x-request-id": ids[path]! } });
    assert.ok(res.status >= 400, `${path} ${res.status}`);
  }
  const errors = lines().filter((line) => line.level >= 50);
  for (const path of ["/throw", "/reject", "/slow", "/bad-response", "/http-503"]) {
    const matching = errors.filter((line) => line.requestId === ids[path]);
    assert.equal(matching.length, 1, `${path}: ${JSON.stringify(errors)}`);
  }
  assert.equal(errors.filter((line) => line.requestId === ids["/teapot"]).length, 0);
});

test("error answers say nothing about the server (no stack, path or library) unless debug", async () => {
  const failures: Record<string, () => unknown> = {
    "/throw": () => {
      throw new Error("failed reading /work/main/secret.ts");
    },
    "/type": () => (undefined as any).property,
    "/range": () => {
      // Not a tail call: JavaScriptCore (Bun) runs proper tail calls in constant stack, so `() => f()` would never overflow.
      const f = (): number => 1 + f();
      return f();
    },
    "/json": () => JSON.parse("{not json"),
    "/reject": () => Promise.reject(new Error("rejected at node_modules/ioredis/built/index.js")),
    "/string": () => {
      throw "a thrown string with /work in it";
    },
    "/cycle": () => {
      const a: Record<string, unknown> = {};
      a.self = a;
      return a;
    },
    "/bigint": () => ({ n: 10n ** 30n, sym: Symbol("x") }),
  };
  const build = (debug: boolean) => {
    const app = new App({ logger: createLogger("silent"), debug });
    for (const [path, fn] of Object.entries(failures)) app.get(path, fn);
    app.post("/validate", { body: t.Object({ a: t.Integer() }) }, () => "ok");
    app.websocket("/ws", async () => {
      throw new Error("before accept at /work/main/x.ts");
    });
    return app;
  };
  const server = await listen(build(false));
  try {
    for (const path of Object.keys(failures)) {
      const answer = await rawExchange(server.port, get(path));
      assert.ok(answer.status === 500 || answer.status === 200, `${path}: ${answer.status}`);
      assert.deepEqual(leaksIn(answer.text), [], `${path} leaks: ${answer.text}`);
      if (answer.status === 500) assert.ok(answer.text.endsWith("\r\n\r\nInternal Server Error"), answer.text);
    }
    const invalid = await fetch(`${server.url}/validate`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"a":"x"}' });
    assert.equal(invalid.status, 422);
    assert.deepEqual(leaksIn(await invalid.text()), []);
    const ws = await rawExchange(
      server.port,
      get("/ws", {
        host: `127.0.0.1:${server.port}`,
        upgrade: "websocket",
        connection: "Upgrade",
        "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==",
        "sec-websocket-version": "13",
      }),
    );
    assert.equal(ws.status, 500);
    assert.deepEqual(leaksIn(ws.text), []);
  } finally {
    await server.close();
  }
  // With debug, the developer sees the traceback.
  const debug = new TestClient(build(true));
  const res = await debug.get("/throw");
  assert.equal(res.status, 500);
  assert.match(res.text, /failed reading/);
  assert.match(res.text, /at /);
});
