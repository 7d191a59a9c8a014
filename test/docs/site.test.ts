// The built docs site in Chromium: pages load, the sidebar and the local search navigate, samples are highlighted,
// nothing is logged as an error, and no request leaves 127.0.0.1 (the site works offline).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { App, staticFiles, type RunningServer } from "skiffjs";
import { REPO_ROOT } from "../helpers/cli.ts";
import { chromiumSkipReason, launchChromium } from "../chat/browser.ts";

const skip = chromiumSkipReason();
const SITE = join(REPO_ROOT, "docs/.vitepress/dist");
let server: RunningServer;
let browser: Browser;
/** What the API reference step printed: how many public exports have no TSDoc summary. */
let referenceReport = "";

before(async () => {
  if (skip) return;
  // `npm run docs:build`, step by step: the API reference from dist/ (built by scripts/test.mjs), then the site.
  for (const step of [
    ["docs/.vitepress/api-reference.mjs", "--list-undocumented"],
    ["node_modules/vitepress/bin/vitepress.js", "build", "docs"],
  ]) {
    const run = spawnSync(process.execPath, step, { cwd: REPO_ROOT, encoding: "utf8", timeout: 400_000 });
    assert.equal(run.status, 0, `${step[0]} failed:\n${run.stdout}\n${run.stderr}`);
    if (step[0]!.endsWith("api-reference.mjs")) referenceReport = run.stdout;
  }
  const site = new App({ docsUrl: null, redocUrl: null, openapiUrl: null, asyncapiUrl: null }).use(staticFiles("/", SITE, { html: true }));
  server = await site.listen({ host: "127.0.0.1", port: 0 });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/**
 * One browser page that records console errors, page errors and every request to another host (which it aborts).
 * Creating a page costs about a second here, so a test reuses its page from one URL to the next.
 */
async function open(path: string): Promise<{ page: Page; errors: string[]; foreign: string[] }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  const foreign: string[] = [];
  const origin = new URL(server.url).origin;
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(`${origin}/`)) return route.continue();
    foreign.push(url);
    return route.abort();
  });
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`${page.url()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => errors.push(`${page.url()}: ${error.message}`));
  await page.goto(`${server.url}${path}`, { waitUntil: "load" });
  return { page, errors, foreign };
}

/** Skiff's own chapters, each built around samples. */
const GUIDE_PAGES = ["/websockets.html", "/broadcast.html", "/typed-client.html", "/deploying.html"];

/** Every page the build wrote (404.html aside), as site paths. */
function builtPages(): string[] {
  const pages = readdirSync(SITE, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".html") && f !== "404.html");
  return pages.map((file) => `/${file.replace(/index\.html$/, "")}`).sort();
}

test("the docs site: every page loads clean, samples are highlighted", { skip }, async () => {
  const pages = builtPages();
  for (const page of ["/tutorial/first-steps.html", "/security.html", "/websockets.html", "/api/skiffjs.html"]) {
    assert.ok(pages.includes(page), `${page} is built (built: ${pages.join(" ")})`);
  }
  const { page, errors, foreign } = await open("/");
  for (const path of pages) {
    await page.goto(`${server.url}${path}`, { waitUntil: "load" });
    assert.notEqual(await page.locator("h1").first().textContent(), null);
    // Shiki writes one colour per token: an included sample has coloured spans, not plain text.
    const samples = page.locator("div.language-ts pre code", { hasText: 'from "skiffjs' });
    if (path.startsWith("/tutorial/") || GUIDE_PAGES.includes(path)) assert.ok((await samples.count()) > 0, `${path} shows a sample`);
    if ((await samples.count()) > 0) {
      const colours = await samples
        .first()
        .locator("span[style*='--shiki-light']")
        .evaluateAll((spans) => new Set(spans.map((span) => (span as HTMLElement).style.getPropertyValue("--shiki-light"))).size);
      assert.ok(colours >= 3, `${path}: the sample is highlighted (${colours} colours)`);
    }
  }
  assert.deepEqual(errors, [], "console errors");
  assert.deepEqual(foreign, [], "requests leaving the machine");
  await page.context().close();
});

test("the docs site: the sidebar and the local search navigate", { skip }, async () => {
  const { page, errors, foreign } = await open("/tutorial/first-steps.html");
  await page.locator(".VPSidebar a", { hasText: "Path parameters" }).click();
  await page.waitForURL(/\/tutorial\/path-params\.html$/);
  await page.locator("h1", { hasText: "Path parameters" }).waitFor();

  await page.locator(".VPNavBarSearch button").click();
  await page.locator("#localsearch-input").fill("string_pattern_mismatch");
  const result = page.locator(".VPLocalSearchBox .result").first();
  await result.waitFor();
  await result.click();
  await page.waitForURL(/\/tutorial\/query-params\.html/);
  await page.locator("h1", { hasText: "Query parameters and validation" }).waitFor();
  assert.deepEqual(errors, []);
  assert.deepEqual(foreign, []);
  // The watch itself works: a request to another host is seen (and aborted).
  await page.evaluate(() => fetch("https://cdn.example/font.woff2").catch(() => undefined));
  assert.deepEqual(foreign, ["https://cdn.example/font.woff2"]);
  await page.context().close();
});

test("the docs site: the API reference shows each export's TSDoc, examples intact", { skip }, async () => {
  const { page, errors, foreign } = await open("/tutorial/testing.html");
  await page.locator(".VPNavBar a", { hasText: "API reference" }).click();
  await page.locator("h1", { hasText: "skiffjs" }).waitFor();
  await page.locator(".VPSidebar a", { hasText: "skiffjs/testing" }).click();
  await page.locator("h3#testclient").waitFor();
  const summary = await page.locator("h3#testclient + p").textContent();
  assert.match(summary ?? "", /^Calls the app in process, without a socket/);
  const example = await page.locator("h3#testclient ~ div.language-ts").nth(1).textContent();
  assert.match(example ?? "", /client\.get\("\/items\/1", \{ query: \{ q: "x" \} \}\)/);
  assert.deepEqual(errors, []);
  assert.deepEqual(foreign, []);
  await page.context().close();
});

test("the API reference: every public export has at least a one-line TSDoc summary", { skip }, () => {
  assert.match(referenceReport, /\(0 exports without a summary\)/, referenceReport);
});
