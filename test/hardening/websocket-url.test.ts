// `ws.url` and the handshake's `request.url` come from one derivation: behind a trusted proxy both carry the
// forwarded scheme and host, without trustProxy both ignore them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { WebSocket as WsClient } from "ws";
import { App } from "skiffjs";
import { TestClient } from "skiffjs/testing";
import { listen, silent } from "./helpers.ts";

function makeApp(trustProxy: boolean) {
  return new App({ logger: silent, trustProxy }).websocket("/ws", { allowedOrigins: "*" }, async (ws, { request }) => {
    await ws.accept();
    await ws.sendJson({ ws: ws.url.href, request: request.url.href });
    await ws.close();
  });
}

const FORWARDED = { "x-forwarded-proto": "https", "x-forwarded-host": "api.example.com" };

function firstMessage(url: string, headers: Record<string, string>): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const client = new WsClient(url, { headers });
    client.once("message", (data) => {
      resolve(JSON.parse(String(data)));
      client.close();
    });
    client.once("error", reject);
  });
}

test("behind a trusted proxy, ws.url is request.url with wss:, both on the forwarded host", async () => {
  const server = await listen(makeApp(true));
  try {
    assert.deepEqual(await firstMessage(`${server.url.replace("http", "ws")}/ws?room=a`, FORWARDED), {
      ws: "wss://api.example.com/ws?room=a",
      request: "https://api.example.com/ws?room=a",
    });
  } finally {
    await server.close();
  }
});

test("without trustProxy, forwarded headers are ignored by both", async () => {
  const server = await listen(makeApp(false));
  try {
    const host = new URL(server.url).host;
    assert.deepEqual(await firstMessage(`${server.url.replace("http", "ws")}/ws?room=a`, FORWARDED), {
      ws: `ws://${host}/ws?room=a`,
      request: `http://${host}/ws?room=a`,
    });
  } finally {
    await server.close();
  }
});

test("the TestClient derives them the same way, and keeps wss: for a wss:// test URL", async () => {
  const client = new TestClient(makeApp(true));
  const proxied = await client.websocketConnect("/ws", { headers: FORWARDED });
  assert.deepEqual(await proxied.receiveJson(), { ws: "wss://api.example.com/ws", request: "https://api.example.com/ws" });
  await proxied.close();
  const secure = await client.websocketConnect("wss://testserver/ws");
  assert.deepEqual(await secure.receiveJson(), { ws: "wss://testserver/ws", request: "https://testserver/ws" });
  await secure.close();
});
