// The client unchanged in a browser: a page loads a bundled copy (esbuild, built now) and talks to the app with
// the browser's own fetch and WebSocket. Skipped without Chromium, except in CI, where that is a failure.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { after, before, test } from "node:test";
import { build } from "esbuild";
import { chromium, type Browser } from "playwright-core";
import { HTMLResponse, Response, type RunningServer } from "skiffjs";
import { createFixtureApp } from "./fixture-app.ts";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const missing = !existsSync(CHROMIUM);
if (missing && process.env.CI === "true") throw new Error(`Chromium is required in CI (expected at ${CHROMIUM}); apt-get install -y chromium`);

// The page is plain browser JavaScript: it imports the bundled client and records what each call gave.
const PAGE = `<!doctype html><meta charset="utf-8"><title>client</title>
<script type="module">
import { createClient } from "/client.js";
let n = 0;
const api = createClient(location.origin, { headers: () => ({ authorization: \`Bearer page-\${++n}\` }) });
const pick = (r) => ({ ok: r.ok, status: r.status, data: r.data, error: r.error });
async function run() {
  const item = pick(await api.get("/items/{item_id}", { path: { item_id: 1 } }));
  const invalid = pick(await api.post("/items", { json: { name: "canoe", price: "cheap" } }));
  const notFound = pick(await api.get("/items/{item_id}", { path: { item_id: 99 } }));
  const echo = pick(await api.get("/echo/{name}", { path: { name: "a b/c" }, query: { tag: ["x", "y"], flag: true } }));
  const who = [pick(await api.get("/whoami")), pick(await api.get("/whoami"))];

  const chat = api.websocket("/ws/chat", { query: { token: "good" } });
  chat.send({ type: "say", text: "hi" });
  chat.send({ type: "say", text: "bye" });
  const messages = [];
  for await (const msg of chat) messages.push(msg);
  const closed = await chat.closed;
  const refused = api.websocket("/ws/chat", { query: { token: "nope" } });
  for await (const msg of refused) messages.push(msg);
  const badToken = await refused.closed;
  return { item, invalid, notFound, echo, who, messages, closed, badToken };
}
run().then((results) => (window.results = results), (error) => (window.results = { failure: String(error) }));
</script>`;

type Picked = { ok: boolean; status: number; data: unknown; error: unknown };
interface PageResults {
  failure?: string;
  item: Picked;
  invalid: Picked;
  notFound: Picked;
  echo: Picked;
  who: Picked[];
  messages: unknown[];
  closed: { code: number; reason: string };
  badToken: { code: number; reason: string };
}

let server: RunningServer | undefined;
let browser: Browser | undefined;
let bundleSize = 0;

before(async () => {
  if (missing) return;
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL("../../src/client/index.ts", import.meta.url))],
    bundle: true,
    minify: true,
    format: "esm",
    write: false,
  });
  const code = bundle.outputFiles[0]!.text;
  bundleSize = Buffer.byteLength(code);
  const app = createFixtureApp()
    .get("/", () => new HTMLResponse(PAGE))
    .get("/client.js", () => new Response(code, { mediaType: "text/javascript" }));
  server = await app.listen({ port: 0 });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test("in Chromium: typed calls, a 422, a 404, a headers function, and a WebSocket echo and close code", {
  skip: missing && `no Chromium at ${CHROMIUM}`,
}, async (t) => {
  t.diagnostic(`bundled client: ${bundleSize} bytes minified`);
  const page = await browser!.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  await page.goto(server!.url);
  await page.waitForFunction("window.results !== undefined", undefined, { timeout: 30_000 });
  const results = (await page.evaluate("window.results")) as PageResults;
  assert.equal(results.failure, undefined);
  assert.deepEqual(errors, []);
  assert.deepEqual(results.item, { ok: true, status: 200, data: { name: "kayak", price: 450, tags: ["boat"] }, error: undefined });
  assert.equal(results.invalid.status, 422);
  assert.deepEqual(
    (results.invalid.error as { detail: { loc: unknown[] }[] }).detail.map((d) => d.loc),
    [["body", "price"]],
  );
  assert.deepEqual(results.notFound, { ok: false, status: 404, data: undefined, error: { detail: "Item not found" } });
  assert.deepEqual(results.echo.data, { name: "a b/c", tag: ["x", "y"], flag: true });
  assert.deepEqual(
    results.who.map((r) => r.data),
    [{ authorization: "Bearer page-5" }, { authorization: "Bearer page-6" }], // the function ran for every request
  );
  assert.deepEqual(results.messages, [{ from: "server", text: "HI" }]);
  assert.deepEqual(results.closed, { code: 1000, reason: "bye" });
  assert.deepEqual(results.badToken, { code: 4001, reason: "bad token" });
});
