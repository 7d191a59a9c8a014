// `skiff run` under Bun and Deno serves with the runtime's own server (Bun.serve, Deno.serve), drains on SIGTERM, and
// says clearly what it cannot do there (--reload, --workers). The runtimes come from npm's platform packages.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { freePort, REPO_ROOT, runCli } from "../helpers/cli.ts";

const RUNTIMES = [
  { name: "Bun", server: "Bun.serve", command: [join(REPO_ROOT, "node_modules/@oven/bun-linux-x64/bin/bun")] },
  { name: "Deno", server: "Deno.serve", command: [join(REPO_ROOT, "node_modules/@deno/linux-x64-glibc/deno"), "run", "-A"] },
];

for (const runtime of RUNTIMES) {
  const skip = existsSync(runtime.command[0]!) ? false : `${runtime.name} is not installed here (its npm platform package exists for Linux x64 only)`;

  test(`skiff run under ${runtime.name} serves the seed's app with ${runtime.server}, HTTP and WebSocket, and drains on SIGTERM`, {
    skip,
  }, async () => {
    const port = await freePort();
    const cli = runCli(["run", "examples/echo/main.ts:app", "--port", String(port)], { runtime: runtime.command });
    try {
      await cli.waitFor(new RegExp(`Skiff running on http://127\\.0\\.0\\.1:${port} with ${runtime.server.replace(".", "\\.")}`));
      const docs = await fetch(`http://127.0.0.1:${port}/openapi.json`);
      assert.equal(docs.status, 200);
      const { WebSocket } = await import("ws");
      const socket = new WebSocket(`ws://127.0.0.1:${port}/ws`);
      const replies: string[] = [];
      const closed = new Promise<number>((resolve) => socket.on("close", (code) => resolve(code)));
      socket.on("message", (data) => replies.push(String(data)));
      await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
      socket.send("hi");
      socket.send("bye");
      assert.equal(await closed, 1000);
      assert.equal(replies.at(-1), "聊天关闭");
      assert.ok(replies[0]?.includes("hi"), replies.join(" | "));
    } finally {
      const exit = await cli.stop("SIGTERM");
      assert.equal(exit.code, 0, cli.output());
    }
  });

  test(`skiff run --workers under ${runtime.name} says it needs Node's process model`, { skip }, async () => {
    const cli = runCli(["run", "examples/hello/main.ts:app", "--workers", "2"], { runtime: runtime.command });
    const exit = await cli.exited;
    assert.notEqual(exit.code, 0);
    assert.match(cli.output(), /--reload and --workers use Node's process model/);
  });
}
