// The chat in Chromium against `skiff run` (memory:// broadcast): two users log in, meet in #general, see each
// other online and typing, and talk; a forged token gets the seed's authentication failure.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Browser } from "playwright-core";
import { artifactPath, badTokenSeesFailure, chromiumSkipReason, launchChromium, startChat, twoUsersChat, type ChatServer } from "./browser.ts";

const skip = chromiumSkipReason();
let server: ChatServer | undefined;
let browser: Browser | undefined;

before(async () => {
  if (skip) return;
  [server, browser] = await Promise.all([startChat(), launchChromium()]);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test("two browsers chat through one instance; a bad token is refused", { skip }, async () => {
  const { a, b } = await twoUsersChat(browser!, server!.url, server!.url);
  // The room list comes from the bearer-protected HTTP API.
  await a.page.locator('#rooms a[data-room="general"] .count', { hasText: "2" }).waitFor({ timeout: 5_000 });
  await b.page.fill("#text", "one more thing");
  await a.page.locator("#typing", { hasText: "bob is typing…" }).waitFor({ timeout: 5_000 });
  await a.page.screenshot({ path: process.env.CHAT_SCREENSHOT ?? artifactPath("chat-e2e.png") });

  // Switching rooms: bob leaves #general for #random; alice sees him go.
  await b.page.fill("#new-room-name", "random");
  await b.page.press("#new-room-name", "Enter");
  await b.page.locator("#room-title", { hasText: "# random" }).waitFor();
  await a.page.locator("#messages li.system", { hasText: "bob left" }).waitFor({ timeout: 5_000 });
  assert.deepEqual([...a.errors, ...b.errors], []);

  await badTokenSeesFailure(browser!, server!.url);

  // Logging out ends the connection; logging back in works.
  await b.page.click("#logout");
  await b.page.locator("#login-view").waitFor();
  await a.context.close();
  await b.context.close();
});

test("the page and its script come from this server only: no CDN, nothing from other hosts", { skip }, async () => {
  const context = await browser!.newContext();
  const page = await context.newPage();
  const hosts = new Set<string>();
  page.on("request", (request) => hosts.add(new URL(request.url()).host));
  await page.goto(server!.url);
  await page.locator("#login-view").waitFor();
  assert.deepEqual([...hosts], [new URL(server!.url).host]);
  await context.close();
});
