// Browser e2e helpers: the chat served by the real CLI, Chromium driven by playwright-core, and the scenario both
// e2e files run (one instance, or two instances sharing Redis with one browser on each).
import assert from "node:assert/strict";
import { existsSync, mkdirSync } from "node:fs";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { REPO_ROOT, freePort, runCli, type CliProcess } from "../helpers/cli.ts";
import { PASSWORDS, SECRET, type DemoUser } from "./helpers.ts";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Why the browser tests can't run here (false when they can). In CI a missing Chromium is an error, not a skip. */
export function chromiumSkipReason(): string | false {
  if (existsSync(CHROMIUM)) return false;
  if (process.env.CI === "true") throw new Error(`Chromium is required in CI (expected at ${CHROMIUM}); apt-get install -y chromium`);
  return `no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
}

export interface ChatServer {
  url: string;
  port: number;
  cli: CliProcess;
  stop(): Promise<void>;
}

/** `skiff run examples/chat/main.ts:app --port P`, as a user would start it; resolves once it listens. */
export async function startChat(env: Record<string, string> = {}, port?: number): Promise<ChatServer> {
  const chosen = port ?? (await freePort());
  const cli = runCli(["run", "examples/chat/main.ts:app", "--port", String(chosen)], {
    cwd: REPO_ROOT,
    env: { SERVICE_NAME: "chat-test", JWT_SECRET: SECRET, NO_COLOR: "1", ...env },
  });
  await cli.waitFor(/Skiff running on/, 60_000);
  return {
    url: `http://127.0.0.1:${chosen}`,
    port: chosen,
    cli,
    async stop() {
      await cli.stop("SIGTERM");
    },
  };
}

/**
 * A fresh browser context (its own sessionStorage) on the chat page, with page errors collected — Content Security
 * Policy violations included (the page runs under the policy of securityHeaders()).
 */
export async function openPage(
  browser: Browser,
  url: string,
  init?: { token: string; user: string },
  viewport = { width: 900, height: 520 },
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport });
  const errors: string[] = [];
  await context.exposeFunction("reportCspViolation", (text: string) => errors.push(text));
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      (window as unknown as { reportCspViolation(text: string): void }).reportCspViolation(
        `CSP ${event.effectiveDirective} blocked ${event.blockedURI}`,
      );
    });
  });
  if (init) {
    await context.addInitScript(
      ([token, user]) => {
        sessionStorage.setItem("skiff-chat.token", token);
        sessionStorage.setItem("skiff-chat.user", user);
      },
      [init.token, init.user] as const,
    );
  }
  const page = await context.newPage();
  page.on("pageerror", (error) => errors.push(String(error)));
  await page.goto(url);
  return { context, page, errors };
}

export async function logIn(page: Page, user: DemoUser): Promise<void> {
  await page.fill("#username", user);
  await page.fill("#password", PASSWORDS[user]);
  await page.click("#login-form button[type=submit]");
  await page.locator("#status[data-state=online]").waitFor({ timeout: 30_000 });
}

export async function say(page: Page, text: string): Promise<void> {
  await page.fill("#text", text);
  await page.press("#text", "Enter");
}

/** Waits until the message list shows `text` from `from`. */
export async function expectMessage(page: Page, from: string, text: string, timeout = 30_000): Promise<void> {
  await page.locator(`#messages li.message[data-from="${from}"] .text`, { hasText: text }).waitFor({ timeout });
}

export async function expectOnline(page: Page, users: string[], timeout = 30_000): Promise<void> {
  const sorted = [...users].sort();
  await page.waitForFunction(
    (expected) => JSON.stringify([...document.querySelectorAll("#online li")].map((li) => (li as HTMLElement).dataset.user).sort()) === expected,
    JSON.stringify(sorted),
    { timeout },
  );
}

/**
 * Two users on `urlA` and `urlB` (the same server, or two sharing Redis): log in, land in #general, see each other
 * online, see typing, exchange messages. Returns the pages for more checks.
 */
export async function twoUsersChat(browser: Browser, urlA: string, urlB: string) {
  const a = await openPage(browser, urlA);
  const b = await openPage(browser, urlB);
  await logIn(a.page, "alice");
  await logIn(b.page, "bob");
  await expectOnline(a.page, ["alice", "bob"]);
  await expectOnline(b.page, ["alice", "bob"]);
  assert.equal(await a.page.textContent("#room-title"), "# general");

  await b.page.fill("#text", "typing something…");
  await a.page.locator("#typing", { hasText: "bob is typing…" }).waitFor({ timeout: 30_000 });
  await b.page.press("#text", "Enter");
  await expectMessage(a.page, "bob", "typing something…");
  await a.page.locator("#typing", { hasText: /^$/ }).waitFor({ timeout: 30_000 }); // a message ends the typing notice

  await say(a.page, "hi bob, from alice");
  await expectMessage(b.page, "alice", "hi bob, from alice");
  await expectMessage(a.page, "alice", "hi bob, from alice"); // the sender sees it through the room too
  return { a, b };
}

/** A third browser whose stored token is forged: the page shows the seed's authentication failure. */
export async function badTokenSeesFailure(browser: Browser, url: string): Promise<void> {
  const forged = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJtYWxsb3J5In0.c2lnbmF0dXJl";
  const c = await openPage(browser, url, { token: forged, user: "mallory" });
  await c.page.locator("#login-error", { hasText: "Authentication failed: invalid token" }).waitFor({ timeout: 30_000 });
  assert.equal(await c.page.isVisible("#login-view"), true);
  assert.equal(await c.page.isVisible("#chat-view"), false);
  assert.deepEqual(c.errors, []);
  await c.context.close();
}

export function artifactPath(name: string): string {
  const dir = `${REPO_ROOT}test-artifacts`;
  mkdirSync(dir, { recursive: true });
  return `${dir}/${name}`;
}

/** What a user would see go wrong with the layout: the page scrolling sideways, or a control off screen. */
export async function layoutProblems(page: Page, controls: string[]): Promise<string[]> {
  return page.evaluate((selectors) => {
    const problems: string[] = [];
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > width)
      problems.push(`page is ${document.documentElement.scrollWidth} px wide in a ${width} px window`);
    for (const selector of selectors) {
      const box = document.querySelector(selector)?.getBoundingClientRect();
      if (!box || box.width === 0) problems.push(`${selector} is not shown`);
      else if (box.left < 0 || box.right > width || box.top < 0 || box.bottom > window.innerHeight)
        problems.push(`${selector} is off screen (${box.left}-${box.right} of ${width})`);
    }
    return problems;
  }, controls);
}
