// docs/tutorial/first-steps.md: each sample answers what the page shows.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { TestClient } from "skiffjs/testing";
import { app } from "../../docs/samples/first-steps/main.ts";
import { REPO_ROOT, freePort, runCli, watchProcess } from "../helpers/cli.ts";

test("first steps: GET / answers the message, the schema lists the route", async () => {
  await using client = new TestClient(app);
  const root = await client.get("/");
  assert.equal(root.status, 200);
  assert.equal(root.headers.get("content-type"), "application/json");
  assert.deepEqual(root.json(), { message: "Hello World" });

  const schema = (await client.get("/openapi.json")).json();
  assert.equal(schema.openapi, "3.1.0");
  assert.deepEqual(schema.info, { title: "Skiff", version: "0.1.0" });
  assert.equal(schema.paths["/"].get.operationId, "get_root");
  assert.equal((await client.get("/docs")).headers.get("content-type")?.startsWith("text/html"), true);
  assert.equal((await client.post("/")).status, 405);
});

test("first steps: `skiff run main.ts:app` serves it on a real port", async () => {
  const port = await freePort();
  const cli = runCli(["run", "docs/samples/first-steps/main.ts:app", "--port", String(port)]);
  try {
    await cli.waitFor(/Skiff running on/);
    const response = await fetch(`http://127.0.0.1:${port}/`);
    assert.deepEqual(await response.json(), { message: "Hello World" });
  } finally {
    await cli.stop("SIGTERM");
  }
});

test("first steps: serve.ts listens with app.listen() and stops on SIGTERM", async () => {
  const port = await freePort();
  const serve = watchProcess(
    spawn(process.execPath, ["--conditions=skiff-source", "--import", "tsx", "docs/samples/first-steps/serve.ts"], {
      cwd: REPO_ROOT,
      env: { ...process.env, PORT: String(port) },
      stdio: ["ignore", "pipe", "pipe"],
    }),
  );
  try {
    await serve.waitFor(/\n/);
    assert.equal(serve.output().trim(), `listening on http://127.0.0.1:${port}`);
    assert.deepEqual(await (await fetch(`http://127.0.0.1:${port}/`)).json(), { message: "Hello World" });
    assert.deepEqual(await serve.stop(), { code: 0, signal: null });
  } finally {
    await serve.stop();
  }
});
