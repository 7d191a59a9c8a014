// The echo example with a real browser's native WebSocket, not only Node clients.
import { test } from "node:test";
import assert from "node:assert/strict";
import { app } from "../../examples/echo/main.ts";
import { browserSkip, launchChromium } from "../helpers/browser.ts";

test("Chromium's native WebSocket talks to the echo example", { skip: browserSkip }, async () => {
  // The page is served by a tiny route on the same origin, so the default same-origin check lets it connect.
  const server = await app.listen({ port: 0 });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.route("**/*", (route) => (new URL(route.request().url()).hostname === "127.0.0.1" ? route.continue() : route.abort()));
    await page.goto(`${server.url}/ws-page-does-not-exist`).catch(() => {});
    const result = await page.evaluate(
      async (url) => {
        const ws = new WebSocket(url);
        const received: string[] = [];
        return await new Promise<{ received: string[]; code: number; wasClean: boolean }>((resolve, reject) => {
          ws.onopen = () => {
            ws.send("你好");
            ws.send("bye");
          };
          ws.onmessage = (event) => received.push(String(event.data));
          ws.onerror = () => reject(new Error("websocket error"));
          ws.onclose = (event) => resolve({ received, code: event.code, wasClean: event.wasClean });
        });
      },
      `${server.url.replace("http", "ws")}/ws`,
    );
    assert.deepEqual(result, {
      received: ["接受到的消息是: 你好", "接受到的消息是: bye", "聊天关闭"],
      code: 1000,
      wasClean: true,
    });
  } finally {
    await browser.close();
    await server.close();
  }
});
