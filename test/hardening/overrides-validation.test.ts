// A dependency override is validated like the dependency it replaces: the params it declares are converted and
// checked on every route that uses the original, over HTTP and WebSocket, and forgotten when the override goes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { WebSocket as WsClient } from "ws";
import { App, Depends, t } from "skiffjs";
import { listen, silent } from "./helpers.ts";

const currentUser = Depends(() => ({ user: "real" }));
const tokenUser = Depends({ query: { token: t.Integer() } }, ({ query }) => ({ token: query.token, type: typeof query.token }));

function makeApp() {
  return new App({ logger: silent })
    .get("/me", { deps: { user: currentUser } }, ({ deps }) => deps.user)
    .websocket("/ws", { deps: { user: currentUser }, allowedOrigins: "*" }, async (ws, { deps }) => {
      await ws.accept();
      await ws.sendJson(deps.user);
      await ws.close();
    });
}

/** The first message of a connection, or how its handshake was refused. */
function wsAnswer(url: string): Promise<{ message: unknown } | { refused: number }> {
  return new Promise((resolve, reject) => {
    const client = new WsClient(url);
    client.once("message", (data) => {
      resolve({ message: JSON.parse(String(data)) });
      client.close();
    });
    client.once("unexpected-response", (_req, res) => {
      resolve({ refused: res.statusCode ?? 0 });
      res.resume();
      client.terminate();
    });
    client.once("error", reject);
  });
}

test("HTTP: an override's declared query is converted, and missing or invalid gives 422 naming it", async () => {
  const app = makeApp();
  const server = await listen(app);
  try {
    app.dependencyOverrides.set(currentUser, tokenUser);
    const ok = await fetch(`${server.url}/me?token=5`);
    assert.equal(ok.status, 200);
    assert.deepEqual(await ok.json(), { token: 5, type: "number" });
    const missing = await fetch(`${server.url}/me`);
    assert.equal(missing.status, 422);
    assert.deepEqual(
      (await missing.json()).detail.map((issue: { loc: unknown[] }) => issue.loc),
      [["query", "token"]],
    );
    assert.equal((await fetch(`${server.url}/me?token=abc`)).status, 422);
    app.dependencyOverrides.delete(currentUser);
    const restored = await fetch(`${server.url}/me`);
    assert.equal(restored.status, 200, "the override's params go with it");
    assert.deepEqual(await restored.json(), { user: "real" });
  } finally {
    await server.close();
  }
});

test("WebSocket: an override's declared query is converted, and a handshake without it is refused", async () => {
  const app = makeApp();
  const server = await listen(app);
  const ws = server.url.replace("http", "ws");
  try {
    app.dependencyOverrides.set(currentUser, tokenUser);
    assert.deepEqual(await wsAnswer(`${ws}/ws?token=5`), { message: { token: 5, type: "number" } });
    assert.deepEqual(await wsAnswer(`${ws}/ws`), { refused: 403 });
    app.dependencyOverrides.clear();
    assert.deepEqual(await wsAnswer(`${ws}/ws`), { message: { user: "real" } });
  } finally {
    await server.close();
  }
});
