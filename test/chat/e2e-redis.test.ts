// The e2e scenario on two `skiff run` instances sharing Redis, one browser on each: they form one chat. Then the
// second instance restarts; its browser reconnects by itself and resumes from its last event id, so the message
// sent meanwhile (through the first instance) still shows up, and what its user typed while offline goes out once.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Browser } from "playwright-core";
import { REDIS_URL, deleteKeys, redisSkipReason, uniquePrefix } from "../broadcast/helpers.ts";
import {
  badTokenSeesFailure,
  chromiumSkipReason,
  expectMessage,
  expectOnline,
  launchChromium,
  say,
  startChat,
  twoUsersChat,
  type ChatServer,
} from "./browser.ts";

const skip = chromiumSkipReason() || (await redisSkipReason());
const prefix = uniquePrefix();
const env = { BROADCAST_URL: `${REDIS_URL}/0?prefix=${encodeURIComponent(prefix)}` };
let one: ChatServer | undefined;
let two: ChatServer | undefined;
let browser: Browser | undefined;

before(async () => {
  if (skip) return;
  [one, two, browser] = await Promise.all([startChat(env), startChat(env), launchChromium()]);
});

after(async () => {
  await browser?.close();
  await Promise.all([one?.stop(), two?.stop()]);
  if (!skip) await deleteKeys(prefix);
});

test("two instances sharing Redis, one browser on each, form one chat; a restart is resumed without loss", { skip }, async () => {
  const { a, b } = await twoUsersChat(browser!, one!.url, two!.url);
  await badTokenSeesFailure(browser!, two!.url);

  await two!.stop();
  await b.page.locator("#status:not([data-state=online])").waitFor({ timeout: 30_000 });
  await say(a.page, "sent while bob's server was down");
  await say(b.page, "typed while my server was down"); // kept unconfirmed, sent again (same id) once back
  two = await startChat(env, two!.port);
  await b.page.locator("#status[data-state=online]").waitFor({ timeout: 30_000 });
  await expectMessage(b.page, "alice", "sent while bob's server was down");
  await expectMessage(a.page, "bob", "typed while my server was down");
  await expectOnline(a.page, ["alice", "bob"]);

  await say(b.page, "back again");
  await expectMessage(a.page, "bob", "back again");
  assert.equal(await a.page.locator("#messages li.message .text", { hasText: "typed while my server was down" }).count(), 1, "posted once");
  await a.context.close();
  await b.context.close();
});
