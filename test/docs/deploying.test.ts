// docs/deploying.md: health checks, the lifespan, and what trustProxy changes; graceful shutdown and `--workers`
// through the real CLI.
import { test } from "node:test";
import assert from "node:assert/strict";
import { TestClient } from "skiffjs/testing";
import { app } from "../../docs/samples/deploying/main.ts";
import { freePort, runCli } from "../helpers/cli.ts";

test("deploying: liveness, and readiness once the lifespan connected the database", async () => {
  await using client = new TestClient(app);
  assert.deepEqual((await client.get("/healthz")).json(), { status: "ok" });
  const ready = await client.get("/readyz");
  assert.deepEqual([ready.status, ready.json()], [200, { database: true }]);
});

test("deploying: x-forwarded-* is ignored unless the app trusts its proxy", async () => {
  await using client = new TestClient(app);
  const forwarded = { "x-forwarded-proto": "https", "x-forwarded-host": "shop.example", host: "10.0.0.5:8000" };
  assert.deepEqual((await client.get("/where", { headers: forwarded })).json(), { url: "http://10.0.0.5:8000/where" });
});

test("deploying: `skiff run --workers 2` serves from two processes and stops on SIGTERM", async () => {
  const port = await freePort();
  const cli = runCli(["run", "docs/samples/deploying/main.ts:app", "--port", String(port), "--workers", "2"], { env: { BEHIND_PROXY: "1" } });
  try {
    await cli.waitFor(/Skiff running on/);
    const response = await fetch(`http://127.0.0.1:${port}/where`, { headers: { "x-forwarded-proto": "https", "x-forwarded-host": "shop.example" } });
    assert.deepEqual(await response.json(), { url: "https://shop.example/where" });
  } finally {
    const exit = await cli.stop("SIGTERM");
    assert.equal(exit.code, 0, cli.output());
  }
});

test("deploying: SIGTERM refuses new connections, lets the request in flight finish, then runs the shutdown", async () => {
  const port = await freePort();
  const cli = runCli(["run", "docs/samples/deploying/main.ts:app", "--port", String(port)]);
  try {
    await cli.waitFor(/Skiff running on/);
    const report = fetch(`http://127.0.0.1:${port}/report`);
    await cli.waitFor(/building the report/);
    cli.child.kill("SIGTERM");
    await cli.waitFor(/Shutting down \(SIGTERM\)/);
    await assert.rejects(fetch(`http://127.0.0.1:${port}/healthz`), "a new connection is refused");
    const answer = await report;
    assert.deepEqual([answer.status, await answer.json()], [200, { rows: 3 }]);
    assert.deepEqual(await cli.exited, { code: 0, signal: null });
    assert.match(cli.output(), /database closed/);
  } finally {
    await cli.stop("SIGTERM");
  }
});
