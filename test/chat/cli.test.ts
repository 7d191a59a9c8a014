// `npm start` as a user runs it (skiff run examples/chat/main.ts:app): docs on by default, the JWT_SECRET rule
// outside dev/test, and tokens redacted from access logs.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { test } from "node:test";
import { WebSocket as WsClient } from "ws";
import { REPO_ROOT, freePort, runCli, watchProcess } from "../helpers/cli.ts";
import { SECRET } from "./helpers.ts";

const TARGET = "examples/chat/main.ts:app";

test("default settings (chat-dev): page and docs served, a warning about the default JWT secret, tokens redacted", async () => {
  const port = await freePort();
  const cli = runCli(["run", TARGET, "--port", String(port)], { env: { SERVICE_NAME: "", JWT_SECRET: "", NO_COLOR: "1" } });
  try {
    await cli.waitFor(/API docs at http:\/\/127\.0\.0\.1:\d+\/docs/);
    await cli.waitFor(/JWT_SECRET is not set/);
    const base = `http://127.0.0.1:${port}`;
    const page = await fetch(`${base}/`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<script type="module" src="\/app\.js">/);
    const script = await fetch(`${base}/app.js`);
    assert.equal(script.headers.get("content-type"), "text/javascript; charset=utf-8");
    assert.match(await script.text(), /\/ws\/chat/);
    assert.equal((await fetch(`${base}/docs`)).status, 200);
    assert.equal((await fetch(`${base}/api/rooms?token=top-secret-value`)).status, 401);
    await cli.waitFor(/GET \/api\/rooms\?token=\[redacted\]/);
    const ws = new WsClient(`ws://127.0.0.1:${port}/ws/chat?token=another-secret-value`);
    const [frame] = await once(ws, "message");
    assert.equal(JSON.parse(String(frame)).message, "Authentication failed: invalid token");
    await once(ws, "close");
    await cli.waitFor(/GET \/ws\/chat\?token=\[redacted\] HTTP\/1\.1\\?" 101/);
    await cli.waitFor(/websocket authentication failed/);
    assert.ok(!cli.output().includes("top-secret-value"));
    assert.ok(!cli.output().includes("another-secret-value"));
  } finally {
    await cli.stop();
  }
});

test("outside dev/test: refuses to start without JWT_SECRET; with one, docs are off", async () => {
  const refused = runCli(["run", TARGET, "--port", String(await freePort())], { env: { SERVICE_NAME: "chat-prod", JWT_SECRET: "" } });
  assert.equal((await refused.exited).code, 1);
  assert.match(refused.output(), /JWT_SECRET is required when SERVICE_NAME \("chat-prod"\) has no "dev", "test" or "local" segment/);

  const port = await freePort();
  const prod = runCli(["run", TARGET, "--port", String(port)], { env: { SERVICE_NAME: "chat-prod", JWT_SECRET: SECRET, NO_COLOR: "1" } });
  try {
    await prod.waitFor(/Skiff running on/);
    assert.doesNotMatch(prod.output(), /API docs at/);
    assert.equal((await fetch(`http://127.0.0.1:${port}/docs`)).status, 404);
    assert.equal((await fetch(`http://127.0.0.1:${port}/openapi.json`)).status, 404);
    assert.equal((await fetch(`http://127.0.0.1:${port}/healthz`)).status, 200);
  } finally {
    await prod.stop();
  }
});

test("the public default secret never leaves loopback: --host 0.0.0.0 without JWT_SECRET refuses to start", async () => {
  const refused = runCli(["run", TARGET, "--host", "0.0.0.0", "--port", String(await freePort())], { env: { SERVICE_NAME: "", JWT_SECRET: "" } });
  assert.equal((await refused.exited).code, 1);
  assert.match(refused.output(), /JWT_SECRET is required to listen on 0\.0\.0\.0/);
  assert.doesNotMatch(refused.output(), /Skiff running on/);
});

test("serve.ts listens on HOST and PORT from the environment", async () => {
  const port = await freePort();
  const serve = watchProcess(
    spawn(process.execPath, ["--import", "tsx", "examples/chat/serve.ts"], {
      cwd: REPO_ROOT,
      env: { ...process.env, HOST: "127.0.0.1", PORT: String(port), SERVICE_NAME: "chat-test", JWT_SECRET: SECRET, CHAT_UI: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    }),
  );
  try {
    await serve.waitFor(/chat listening on/);
    assert.deepEqual(await (await fetch(`http://127.0.0.1:${port}/healthz`)).json(), { status: "ok" });
  } finally {
    await serve.stop();
  }
});
