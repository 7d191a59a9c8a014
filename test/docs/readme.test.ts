// README.md, the front door: each code block is a file of docs/samples/readme/ word for word (so tsc checks it and
// this test runs it), the examples answer what the README says, and every link into the repository leads to a file.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { TestClient } from "skiffjs/testing";
import { freePort, REPO_ROOT, runCli, watchProcess } from "../helpers/cli.ts";
import { app } from "../../docs/samples/readme/main.ts";
import { addHammer } from "../../docs/samples/readme/client.ts";

const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
const SAMPLES = join(REPO_ROOT, "docs/samples/readme");

test("README: every code block is a tested sample, named by its first line", () => {
  const blocks = [...readme.matchAll(/```(?:ts|js)\n([\s\S]*?)```/g)].map((m) => m[1]!);
  const named = blocks.map((block) => /^\/\/ ([\w.-]+?):?(?: |\n)/.exec(block)?.[1]);
  assert.deepEqual(named.toSorted(), readdirSync(SAMPLES).toSorted(), "one block per file of docs/samples/readme/");
  for (const [i, block] of blocks.entries()) assert.equal(block, readFileSync(join(SAMPLES, named[i]!), "utf8"), named[i]);
});

test("README: the first app answers as the README says", async () => {
  await using client = new TestClient(app);
  assert.deepEqual((await client.get("/items/5?q=x")).json(), { item_id: 5, q: "x" });
  assert.equal((await client.get("/items/abc")).status, 404);
  assert.deepEqual((await client.get("/items/1001")).json(), { detail: "Item not found" });
  const created = await client.post("/items", { json: { name: "hammer", price: 9.5 } });
  assert.equal(created.status, 201);
  const missing = await client.post("/items", { json: { name: "hammer" } });
  assert.equal(missing.status, 422);
  assert.deepEqual(missing.json().detail[0].loc, ["body", "price"]);
  const ws = await client.websocketConnect("/ws");
  await ws.sendText("hi");
  assert.equal(await ws.receiveText(), "echo: hi");
  await ws.close();
  for (const url of ["/docs", "/redoc", "/openapi.json", "/asyncapi.json"]) assert.equal((await client.get(url)).status, 200, url);
});

test("README: `skiff openapi` and `skiff asyncapi` print the documents", async () => {
  for (const [command, check] of [
    ["openapi", (doc: any) => assert.deepEqual(Object.keys(doc.paths), ["/items/{item_id}", "/items"])],
    [
      "asyncapi",
      (doc: any) =>
        assert.deepEqual(
          Object.values(doc.channels).map((c: any) => c.address),
          ["/ws"],
        ),
    ],
  ] as const) {
    const cli = runCli([command, "docs/samples/readme/main.ts:app"]);
    assert.equal((await cli.exited).code, 0, cli.output());
    const doc = JSON.parse(cli.output().slice(cli.output().indexOf("{")));
    check(doc);
  }
});

test("README: the typed client's call, with its body in `json:`", async () => {
  const real = globalThis.fetch;
  const asked: string[] = [];
  // The client asks http://127.0.0.1:8000; the app answers in process, through its Web fetch handler.
  globalThis.fetch = (input, init) => {
    const request = new Request(input, init);
    asked.push(`${request.method} ${request.url}`);
    return app.fetch(request);
  };
  try {
    assert.deepEqual(await addHammer(), { price: 9.5, item: { item_id: 5, q: "x" } });
  } finally {
    globalThis.fetch = real;
  }
  assert.deepEqual(asked, ["POST http://127.0.0.1:8000/items", "GET http://127.0.0.1:8000/items/5?q=x"]);
});

test("README: app.mjs is plain JavaScript, served by app.listen() with plain node", async () => {
  const port = await freePort();
  // No loader and no skiff-source condition: "skiffjs" is the built package, as a user gets it.
  const child = spawn(process.execPath, [join(SAMPLES, "app.mjs")], {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const served = watchProcess(child);
  try {
    await served.waitFor(/listening on/);
    assert.equal(served.output().trim(), `listening on http://127.0.0.1:${port}`);
    const answer = await fetch(`http://127.0.0.1:${port}/hello/ann?excited=yes`);
    assert.deepEqual(await answer.json(), { message: "Hello, ann!" });
    assert.deepEqual(await served.stop(), { code: 0, signal: null });
  } finally {
    await served.stop();
  }
});

test("README: the performance table is the committed bench/results.md's", () => {
  const results = readFileSync(join(REPO_ROOT, "bench/results.md"), "utf8");
  const block = readme.slice(readme.indexOf("<!-- bench:start -->"), readme.indexOf("<!-- bench:end -->"));
  const firstTable = (text: string) => /\n(\| Scenario[\s\S]*?)\n\n/.exec(text)?.[1];
  assert.ok(firstTable(block), "the README has a bench table");
  assert.equal(firstTable(block), firstTable(results));
  assert.ok(block.includes(`run on ${results.match(/^(\d{4}-\d\d-\d\d)T/m)?.[1]}`), "the README names the run's date");
});

test("README: every relative link leads to a file in the repository", () => {
  const links = [...readme.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)].map((m) => m[1]!).filter((link) => !/^[a-z]+:/.test(link));
  assert.ok(links.length > 20, `found ${links.length} links`);
  for (const link of links) assert.ok(existsSync(join(REPO_ROOT, link)), `${link} exists`);
});
