// docs/runtimes.md: the app answers through app.fetch as Bun.serve and Deno.serve call it, and the
// sample's serve.ts starts the right server (here Node's; scripts/test-runtimes.mjs runs this file on Bun and Deno).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { app } from "../../docs/samples/runtimes/main.ts";
import { freePort, REPO_ROOT } from "../helpers/cli.ts";
import { runtime } from "../helpers/runtime.ts";

test("runtimes: app.fetch answers Web requests", async () => {
  const answer = await app.fetch(new Request("http://localhost/items/3?q=x"));
  assert.deepEqual([answer.status, await answer.json()], [200, { item_id: 3, q: "x" }]);
});

test(`runtimes: serve.ts serves with ${runtime}'s own server`, async () => {
  const port = await freePort();
  const args =
    runtime === "deno"
      ? ["run", "-A", "--conditions=skiff-source", "docs/samples/runtimes/serve.ts"]
      : runtime === "bun"
        ? ["--conditions=skiff-source", "docs/samples/runtimes/serve.ts"]
        : ["--conditions=skiff-source", "--import", "tsx", "docs/samples/runtimes/serve.ts"];
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env: { ...process.env, PORT: String(port) }, stdio: "ignore" });
  try {
    let answer: Response | undefined;
    for (let tries = 0; tries < 600 && !answer; tries++) {
      answer = await fetch(`http://127.0.0.1:${port}/`).catch(() => undefined);
      if (!answer) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.ok(answer, "serve.ts answered within a minute");
    assert.deepEqual(await answer.json(), { Hello: "World" });
    // The WebSocket route over the same server (Node 20 has no WebSocket client built in; `ws` is tested elsewhere).
    if (runtime !== "node") {
      const socket = new WebSocket(`ws://127.0.0.1:${port}/ws`);
      const reply = new Promise<string>((resolve, reject) => {
        socket.onmessage = (event) => resolve(String(event.data));
        socket.onerror = () => reject(new Error("the WebSocket failed"));
      });
      socket.onopen = () => socket.send("hi");
      assert.equal(await reply, "echo: hi");
      socket.close();
    }
  } finally {
    child.kill();
  }
});
