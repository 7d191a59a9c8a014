// The chat in Chromium against `skiff run` (memory:// broadcast): two users log in, meet in #general, see each
// other online and typing, and talk; a forged token gets the seed's authentication failure. All of it under the
// Content Security Policy of securityHeaders() (a violation fails the test), on a desktop window and a phone.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Browser } from "playwright-core";
import {
  artifactPath,
  badTokenSeesFailure,
  chromiumSkipReason,
  expectMessage,
  launchChromium,
  layoutProblems,
  logIn,
  openPage,
  say,
  startChat,
  twoUsersChat,
  type ChatServer,
} from "./browser.ts";

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
  await a.page.locator('#rooms a[data-room="general"] .count', { hasText: "2" }).waitFor({ timeout: 30_000 });
  await b.page.fill("#text", "one more thing");
  await a.page.locator("#typing", { hasText: "bob is typing…" }).waitFor({ timeout: 30_000 });
  await a.page.screenshot({ path: process.env.CHAT_SCREENSHOT ?? artifactPath("chat-e2e.png") });

  // Switching rooms: bob leaves #general for #random; alice sees him go.
  await b.page.fill("#new-room-name", "random");
  await b.page.press("#new-room-name", "Enter");
  await b.page.locator("#room-title", { hasText: "# random" }).waitFor();
  await a.page.locator("#messages li.system", { hasText: "bob left" }).waitFor({ timeout: 30_000 });
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

test("the page is served with securityHeaders(): a CSP that the chat runs under, no framing, nosniff, no referrer", { skip }, async () => {
  const page = await fetch(server!.url);
  const csp = page.headers.get("content-security-policy") ?? "";
  for (const directive of ["default-src 'self'", "script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'", "object-src 'none'"]) {
    assert.ok(csp.split("; ").includes(directive), `${directive} in ${csp}`);
  }
  assert.equal(page.headers.get("x-frame-options"), "DENY");
  assert.equal(page.headers.get("x-content-type-options"), "nosniff");
  assert.equal(page.headers.get("referrer-policy"), "no-referrer");
  assert.equal((await fetch(`${server!.url}/app.js`)).headers.get("x-content-type-options"), "nosniff");
});

test("a 144-character word wraps instead of widening the page; Send and Log out stay on screen, desktop and 390 px phone", { skip }, async () => {
  const desktop = await openPage(browser!, server!.url);
  const phone = await openPage(browser!, server!.url, undefined, { width: 390, height: 844 });
  await logIn(desktop.page, "carol");
  await logIn(phone.page, "alice");
  const controls = ["#composer button[type=submit]", "#logout", "#text", '#rooms a[data-room="general"]'];
  // The room list arrives from the API after log-in: measure the layout once it is there.
  for (const { page } of [desktop, phone]) await page.locator('#rooms a[data-room="general"]').waitFor();
  assert.deepEqual(await layoutProblems(phone.page, controls), [], "the phone layout before any message");

  const word = "Pneumonoultramicroscopicsilicovolcanoconiosis".repeat(3) + "x".repeat(144 - 135);
  assert.equal(word.length, 144);
  await say(desktop.page, word);
  await expectMessage(phone.page, "carol", word);
  await expectMessage(desktop.page, "carol", word);
  assert.deepEqual(await layoutProblems(desktop.page, controls), [], "desktop");
  assert.deepEqual(await layoutProblems(phone.page, controls), [], "phone");

  await say(phone.page, "sent from a phone");
  await expectMessage(desktop.page, "alice", "sent from a phone");
  await phone.page.screenshot({ path: artifactPath("chat-phone.png") });
  assert.deepEqual([...desktop.errors, ...phone.errors], []);
  await desktop.context.close();
  await phone.context.close();
});
