// Start-up loads only what an app uses; what is loaded later (TypeBox's validator, form parsing) works on first use.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Type from "typebox";
import { App, t } from "skiffjs";
import { TestClient } from "skiffjs/testing";
import { pino } from "pino";

const silent = pino({ level: "silent" });
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

/** Every ES module a plain app (fixtures/plain-app.ts) loads up to its first 200, run as a separate process. */
function modulesLoadedByPlainApp(): string[] {
  const dir = mkdtempSync(join(tmpdir(), "skiff-loads-"));
  try {
    const log = join(dir, "loads.txt");
    // Without the skiff-source condition: "skiffjs" is the compiled package, as users load it.
    const run = spawnSync(process.execPath, ["--import", "tsx", "--import", fixture("record-loads.mjs"), fixture("plain-app.ts")], {
      env: { ...process.env, SKIFF_LOAD_LOG: log },
      encoding: "utf8",
      timeout: 120_000, // a synchronous wait: without a bound, a hung app would block this file for good
    });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout.trim(), "200");
    return readFileSync(log, "utf8").split("\n");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("an app without forms or WebSockets starts without the form parser or ws", () => {
  const loaded = modulesLoadedByPlainApp();
  assert.ok(
    loaded.some((url) => url.endsWith("/dist/index.js")),
    "the log records Skiff's modules",
  );
  for (const unwanted of ["/dist/forms/read-body.js", "/busboy/", "/node_modules/ws/"]) {
    assert.deepEqual(
      loaded.filter((url) => url.includes(unwanted)),
      [],
      `${unwanted} loaded at start-up`,
    );
  }
});

test("the compiled package is a few bundles, not a module per source file (start-up cost is per module)", () => {
  const loaded = modulesLoadedByPlainApp();
  const skiff = loaded.filter((url) => url.includes("/dist/") && !url.includes("/node_modules/"));
  assert.ok(skiff.length <= 20, `Skiff loaded ${skiff.length} modules:\n${skiff.join("\n")}`);
  // TypeBox travels inside Skiff's bundle: none of its ~400 files is loaded one by one.
  assert.deepEqual(
    loaded.filter((url) => url.includes("/node_modules/typebox/")),
    [],
  );
});

test("every bundle loaded at start-up is ASCII: V8 keeps it as a one-byte string (one → in a comment would double it)", () => {
  const skiff = modulesLoadedByPlainApp().filter((url) => url.includes("/dist/") && !url.includes("/node_modules/"));
  assert.ok(skiff.length > 0);
  for (const url of skiff) {
    const text = readFileSync(fileURLToPath(url), "utf8");
    const at = text.search(/[\u{80}-\u{10ffff}]/u);
    assert.equal(at, -1, `${url} has a non-ASCII character: ${JSON.stringify(text.slice(Math.max(0, at - 40), at + 10))}`);
  }
});

test("keywords only TypeBox's validator checks (not, contains) are enforced from the first request", async () => {
  const app = new App({ logger: silent }).post(
    "/tags",
    { body: t.Object({ tag: t.String({ not: { const: "admin" } }), list: t.Array(t.Integer(), { contains: { const: 7 } }) } as never) },
    ({ body }) => body,
  );
  const client = new TestClient(app);
  const bad = await client.post("/tags", { json: { tag: "admin", list: [1, 2] } });
  assert.equal(bad.status, 422);
  assert.deepEqual((bad.json() as { detail: { type: string; loc: unknown[] }[] }).detail.map((d) => [d.type, d.loc]).sort(), [
    ["contains", ["body", "list"]],
    ["not", ["body", "tag"]],
  ]);
  const good = await client.post("/tags", { json: { tag: "user", list: [1, 7] } });
  assert.equal(good.status, 200);
  assert.deepEqual(good.json(), { tag: "user", list: [1, 7] });
});

test("schemas built with the user's own import of typebox work beside t", async () => {
  const Address = Type.Object({ city: Type.String({ minLength: 1 }) });
  const app = new App({ logger: silent }).post("/people", { body: t.Object({ name: t.String(), address: Address }) }, ({ body }) => body);
  const client = new TestClient(app);
  const ok = await client.post("/people", { json: { name: "Ada", address: { city: "London" } } });
  assert.deepEqual([ok.status, ok.json()], [200, { name: "Ada", address: { city: "London" } }]);
  const bad = await client.post("/people", { json: { name: "Ada", address: { city: "" } } });
  assert.equal(bad.status, 422);
  assert.deepEqual((bad.json() as { detail: { loc: unknown[] }[] }).detail[0].loc, ["body", "address", "city"]);
  const body = (app.openapi() as any).paths["/people"].post.requestBody.content["application/json"].schema;
  assert.deepEqual(body.properties.address, { type: "object", required: ["city"], properties: { city: { type: "string", minLength: 1 } } });
});

test("concurrent first form requests both parse (the form parser loads once)", async () => {
  const app = new App({ logger: silent }).post("/login", { form: t.Object({ user: t.String(), n: t.Integer() }) }, ({ body }) => body);
  const client = new TestClient(app);
  const send = (user: string, n: number) =>
    client.post("/login", { body: `user=${user}&n=${n}`, headers: { "content-type": "application/x-www-form-urlencoded" } });
  const [a, b] = await Promise.all([send("ada", 1), send("bob", 2)]);
  assert.deepEqual([a.status, a.json()], [200, { user: "ada", n: 1 }]);
  assert.deepEqual([b.status, b.json()], [200, { user: "bob", n: 2 }]);
});
