/**
 * The docs pages in a real browser (headless Chromium), with every request to another host aborted: Swagger UI and
 * ReDoc must render the shop's operations from the installed packages alone, Swagger UI's "Try it out" must call
 * the live server, and the WebSocket channels must be listed below Swagger UI. Screenshots go to test-artifacts/.
 */
import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { buildShopApp } from "../openapi/shop-app.ts";

const CHROMIUM = process.env.SKIFF_CHROMIUM ?? "/usr/bin/chromium";
const BROWSER_REQUIRED = process.env.SKIFF_REQUIRE_BROWSER === "1" || process.env.CI === "true";
const ARTIFACTS = fileURLToPath(new URL("../../test-artifacts/", import.meta.url));
const skip =
  existsSync(CHROMIUM) || BROWSER_REQUIRED
    ? false
    : `no Chromium at ${CHROMIUM} (apt-get install chromium; SKIFF_REQUIRE_BROWSER=1 turns this skip into a failure)`;

interface Watched {
  page: Page;
  /** Requests the page tried to send to another host (all aborted). */
  foreign: string[];
  /** Page errors and console errors (CSP violations among them). */
  errors: string[];
}

async function openWatched(browser: Browser, origin: string): Promise<Watched> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const foreign: string[] = [];
  const errors: string[] = [];
  await page.route("**/*", (route) => {
    const url = new URL(route.request().url());
    const local = url.protocol === "data:" || url.protocol === "blob:" || url.origin === origin;
    if (local) return route.continue();
    foreign.push(url.href);
    return route.abort("blockedbyclient");
  });
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console: ${message.text()}`);
  });
  return { page, foreign, errors };
}

test("Swagger UI and ReDoc render offline, and Try it out calls the app", { skip, timeout: 120_000 }, async (t: TestContext) => {
  assert.ok(existsSync(CHROMIUM), `Chromium is required here (CI or SKIFF_REQUIRE_BROWSER=1) but ${CHROMIUM} is missing: apt-get install chromium`);
  mkdirSync(ARTIFACTS, { recursive: true });
  const server = await buildShopApp().listen({ port: 0 });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  try {
    await t.test("/docs: operations, the WebSocket channels, and Try it out → Execute", async () => {
      const { page, foreign, errors } = await openWatched(browser, server.url);
      await page.goto(`${server.url}/docs`);
      assert.equal(await page.title(), "Shop - Swagger UI");
      await page.locator(".opblock").first().waitFor();
      const paths = await page.locator(".opblock-summary-path").allTextContents();
      for (const path of ["/", "/items/{item_id}", "/items", "/login", "/avatars", "/v1/users/{user_id}"]) {
        assert.ok(paths.map((p) => p.replace(/\u200b/g, "")).includes(path), `Swagger UI lists ${path} (got ${paths.join(", ")})`);
      }
      assert.ok(await page.getByText("Read one item").first().isVisible());

      const channels = page.locator("#skiff-websockets");
      await channels.getByText("WebSocket channels").waitFor();
      assert.match(
        await channels.innerText(),
        /\/ws\/chat\/\{room\}[\s\S]*Chat room[\s\S]*Client → server[\s\S]*Join[\s\S]*Say[\s\S]*Server → client[\s\S]*ChatOut/,
      );
      assert.equal(await channels.getByRole("link", { name: /AsyncAPI 3\.0\.0 document/ }).getAttribute("href"), "/asyncapi.json");

      const operation = page.locator("#operations-items-read_item_items__item_id__get");
      await operation.locator(".opblock-summary").first().click();
      await operation.getByRole("button", { name: "Try it out" }).click();
      await operation.locator('input[placeholder="item_id"]').fill("7");
      await operation.getByRole("button", { name: "Execute" }).click();
      const response = operation.locator(".live-responses-table tbody .response");
      await response.waitFor();
      assert.equal((await response.locator(".response-col_status").innerText()).trim(), "200");
      assert.match(await response.locator(".response-col_description").innerText(), /"name": "item 7"/);
      assert.match(await operation.locator(".request-url").innerText(), new RegExp(`${server.url}/items/7\\?limit=10`));

      await page.screenshot({ path: `${ARTIFACTS}docs-swagger.png`, fullPage: true });
      assert.deepEqual(foreign, [], "requests to other hosts");
      assert.deepEqual(errors, [], "page and console errors");
    });

    await t.test("/redoc: operations in the menu and the body", async () => {
      const { page, foreign, errors } = await openWatched(browser, server.url);
      await page.goto(`${server.url}/redoc`);
      assert.equal(await page.title(), "Shop - ReDoc");
      await page
        .getByRole("menuitem", { name: /Get Root/ })
        .first()
        .waitFor();
      // Tagged operations sit in a group per tag, as on FastAPI's ReDoc page; opening a group shows them.
      const listed = new Set(await page.getByRole("menuitem").allInnerTexts());
      for (const [tag, first] of [
        ["items", /Read one item/],
        ["users", /List Users/],
      ] as const) {
        await page.getByRole("menuitem", { name: tag, exact: true }).click();
        await page.getByRole("menuitem", { name: first }).waitFor();
        for (const text of await page.getByRole("menuitem").allInnerTexts()) listed.add(text);
      }
      for (const summary of ["Get Root", "Login", "Upload Avatar", "Read one item", "Create Item", "Delete Item", "Read User", "List Users"]) {
        assert.ok(
          [...listed].some((text) => text.includes(summary)),
          `ReDoc's menu lists ${summary} (got ${[...listed].join(" | ")})`,
        );
      }
      await page.getByRole("menuitem", { name: "items", exact: true }).click();
      await page.getByRole("menuitem", { name: /Read one item/ }).click();
      await page.getByRole("heading", { name: "Read one item" }).waitFor();
      // ReDoc's lazily loaded parts (search worker, code samples) must not reach out either.
      await page.waitForLoadState("networkidle");
      await page.screenshot({ path: `${ARTIFACTS}docs-redoc.png`, fullPage: false });
      assert.deepEqual(foreign, [], "requests to other hosts");
      assert.deepEqual(errors, [], "page and console errors");
    });
  } finally {
    await browser.close();
    await server.close();
  }
});
