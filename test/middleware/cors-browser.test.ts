// CORS against a real browser: Chromium decides whether a cross-origin fetch with a custom header may proceed, from
// the preflight our middleware answers. Skipped when Chromium is absent — except under CI=true, where it fails.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { chromium, type Browser } from "playwright-core";
import { App, cors } from "skiffjs";
import { silent } from "./helpers.ts";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const missing = existsSync(CHROMIUM) ? false : `Chromium not found at ${CHROMIUM} (apt-get install -y chromium)`;
const skip = missing && process.env.CI !== "true" ? missing : false;

async function pageServer(): Promise<{ origin: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end("<!doctype html><title>page</title><p>cross-origin caller</p>");
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

test("a browser's preflight: the allowed origin may PUT with a custom header, a foreign one may not", { skip }, async () => {
  assert.equal(missing, false, missing || "");
  const allowedPage = await pageServer();
  const foreignPage = await pageServer();
  const seen: string[] = [];
  const app = new App({ logger: silent }).put("/items", ({ request }) => ({ custom: request.headers.get("x-custom") }));
  app.middleware(async (request, next) => {
    seen.push(`${request.method} ${request.headers.get("origin")}`);
    return next(request);
  });
  app.use(cors({ allowOrigins: [allowedPage.origin], allowMethods: ["GET", "PUT"], allowHeaders: ["x-custom"] }));
  const api = await app.listen({ port: 0 });
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
    const call = async (pageOrigin: string) => {
      const page = await browser!.newPage();
      await page.goto(`${pageOrigin}/`);
      const result = await page.evaluate(async (url) => {
        try {
          const res = await fetch(url, { method: "PUT", headers: { "x-custom": "hello", "content-type": "application/json" }, body: "{}" });
          return { ok: true, status: res.status, body: await res.text() };
        } catch (error) {
          return { ok: false, error: String(error) };
        }
      }, `${api.url}/items`);
      await page.close();
      return result;
    };

    const allowed = await call(allowedPage.origin);
    assert.deepEqual(allowed, { ok: true, status: 200, body: JSON.stringify({ custom: "hello" }) });
    assert.deepEqual(seen, [`OPTIONS ${allowedPage.origin}`, `PUT ${allowedPage.origin}`]);

    seen.length = 0;
    const refused = await call(foreignPage.origin);
    assert.equal(refused.ok, false);
    assert.match(String(refused.error), /Failed to fetch/);
    // The browser stopped at the preflight: the PUT itself never reached the app.
    assert.deepEqual(seen, [`OPTIONS ${foreignPage.origin}`]);
  } finally {
    await browser?.close();
    await api.close();
    allowedPage.server.close();
    foreignPage.server.close();
  }
});
