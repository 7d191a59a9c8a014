// Cross-site WebSocket hijacking: a page on another site opens a WebSocket to the app; the browser attaches the
// user's cookies, and the same-origin policy does not apply to WebSockets. allowedOrigins must refuse it (403)
// before any dependency or handler runs. See docs/security.md.
import { test } from "node:test";
import assert from "node:assert/strict";
import { App, Depends, HTTPException, t } from "skiffjs";
import { capturingLogger, get, listen, rawExchange, silent } from "./helpers.ts";

const KEY = { "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==", "sec-websocket-version": "13", upgrade: "websocket", connection: "Upgrade" };

function handshake(port: number, path: string, headers: Record<string, string>): Promise<number | null> {
  return rawExchange(port, get(path, { host: `127.0.0.1:${port}`, ...KEY, ...headers }, false), { wait: 1500 }).then((answer) => answer.status);
}

test("default (same-origin): a foreign page is refused with 403 before the cookie-authenticated handler runs", async () => {
  const captured = capturingLogger("warn");
  let authenticated = 0;
  let handled = 0;
  const session = Depends({ cookies: { session: t.String() } }, ({ cookies }) => {
    authenticated++;
    if (cookies.session !== "alice-session") throw new HTTPException(403);
    return { user: "alice" };
  });
  const app = new App({ logger: captured.logger }).websocket("/ws/chat", { deps: { user: session } }, async (ws) => {
    handled++;
    await ws.accept();
    await ws.close();
  });
  const server = await listen(app);
  const self = `http://127.0.0.1:${server.port}`;
  const cookie = "session=alice-session";
  try {
    // The attack: evil.example's page, the victim's cookie attached by the browser.
    assert.equal(await handshake(server.port, "/ws/chat", { origin: "https://evil.example", cookie }), 403);
    for (const origin of [
      "null", // sandboxed iframe, file://, data: URL
      `http://127.0.0.1:${server.port}.evil.example`,
      `http://127.0.0.1:${server.port}@evil.example`,
      `http://evil.example/${self}`,
      `http://127.0.0.1:${server.port + 1}`,
      "http://127.0.0.1",
      "not a url",
    ]) {
      assert.equal(await handshake(server.port, "/ws/chat", { origin, cookie }), 403, origin);
    }
    assert.equal(authenticated, 0, "no dependency ran for a refused origin");
    assert.equal(handled, 0, "no handler ran for a refused origin");
    const refusals = captured.lines().filter((line) => /refused with 403: origin/.test(line.msg));
    assert.ok(refusals.length >= 8);
    assert.match(refusals[0]!.msg, /allowedOrigins/);
    // The app's own page, and non-browser clients (no Origin), connect.
    assert.equal(await handshake(server.port, "/ws/chat", { origin: self, cookie }), 101);
    assert.equal(await handshake(server.port, "/ws/chat", { cookie }), 101);
    assert.equal(handled, 2);
  } finally {
    await server.close();
  }
});

test("a list of origins: exactly those (scheme, host and port; case-insensitive) and nothing that merely looks like them", async () => {
  const app = new App({ logger: silent, websocket: { allowedOrigins: ["https://app.example", "http://localhost:3000"] } })
    .websocket("/ws", async (ws) => {
      await ws.accept();
      await ws.close();
    })
    .websocket("/open", { allowedOrigins: "*" }, async (ws) => {
      await ws.accept();
      await ws.close();
    });
  const server = await listen(app);
  try {
    for (const origin of ["https://app.example", "https://APP.example", "https://app.example:443", "http://localhost:3000"]) {
      assert.equal(await handshake(server.port, "/ws", { origin }), 101, origin);
    }
    for (const origin of [
      "http://app.example",
      "https://app.example:8443",
      "https://app.example.evil.example",
      "https://evilapp.example",
      "https://evil.example",
      "http://localhost:3001",
      `http://127.0.0.1:${server.port}`, // same-origin is not implied once a list is given
      "null",
    ]) {
      assert.equal(await handshake(server.port, "/ws", { origin }), 403, origin);
    }
    // A route may open itself to every origin (token-authenticated APIs, not cookies).
    assert.equal(await handshake(server.port, "/open", { origin: "https://evil.example" }), 101);
  } finally {
    await server.close();
  }
});

test("a function decides per request; one that throws refuses with 500 and no details", async () => {
  const app = new App({ logger: silent })
    .websocket("/fn", { allowedOrigins: (origin) => origin?.endsWith(".trusted.example") ?? false }, async (ws) => {
      await ws.accept();
      await ws.close();
    })
    .websocket(
      "/throws",
      {
        allowedOrigins: () => {
          throw new Error("lookup failed at /work/secret.ts:1");
        },
      },
      async (ws) => ws.accept(),
    );
  const server = await listen(app);
  try {
    assert.equal(await handshake(server.port, "/fn", { origin: "https://a.trusted.example" }), 101);
    assert.equal(await handshake(server.port, "/fn", { origin: "https://trusted.example.evil" }), 403);
    assert.equal(await handshake(server.port, "/fn", {}), 403, "a function sees missing origins too");
    const answer = await rawExchange(server.port, get("/throws", { ...KEY, origin: "https://x.example" }, false), { wait: 1500 });
    assert.equal(answer.status, 500);
    assert.ok(!answer.text.includes("/work") && !answer.text.includes("lookup failed"));
  } finally {
    await server.close();
  }
});
