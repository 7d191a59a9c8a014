// README.md, the front door: its example is docs/samples/readme/main.ts word for word (so tsc checks it and this
// test runs it), it answers what the README says, and every link into the repository leads to a file.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { TestClient } from "skiffjs/testing";
import { REPO_ROOT } from "../helpers/cli.ts";
import { app } from "../../docs/samples/readme/main.ts";

const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");

test("README: the example is the tested sample", () => {
  const block = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  assert.equal(block, readFileSync(join(REPO_ROOT, "docs/samples/readme/main.ts"), "utf8"));
});

test("README: the example answers as the README says", async () => {
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

test("README: every relative link leads to a file in the repository", () => {
  const links = [...readme.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)].map((m) => m[1]!).filter((link) => !/^[a-z]+:/.test(link));
  assert.ok(links.length > 20, `found ${links.length} links`);
  for (const link of links) assert.ok(existsSync(join(REPO_ROOT, link)), `${link} exists`);
});
