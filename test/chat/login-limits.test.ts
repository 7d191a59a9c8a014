// Login abuse: POST /token is rate-limited per client address and per username (429 + Retry-After, shared through
// Redis when the chat is), and a flood of password checks cannot starve health checks and static files.
// Real sockets: each client binds its own 127.0.0.x source address, as distinct machines would.
import assert from "node:assert/strict";
import { request } from "node:http";
import { after, test } from "node:test";
import { REDIS_URL, deleteKeys, redisSkipReason, uniquePrefix } from "../broadcast/helpers.ts";
import { PASSWORDS, testApp } from "./helpers.ts";
import type { ChatConfig } from "../../examples/chat/config.ts";

interface Answer {
  status: number;
  retryAfter: string | null;
  body: string;
  /** When the answer had arrived (performance.now()). */
  at: number;
}

function send(
  port: number,
  from: string,
  method: string,
  path: string,
  body?: string,
  contentType = "application/x-www-form-urlencoded",
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers = body === undefined ? {} : { "content-type": contentType, "content-length": Buffer.byteLength(body) };
    const req = request({ host: "127.0.0.1", port, localAddress: from, method, path, headers, agent: false }, (res) => {
      let text = "";
      res.setEncoding("utf8").on("data", (chunk) => (text += chunk));
      res.on("end", () =>
        resolve({ status: res.statusCode!, retryAfter: (res.headers["retry-after"] as string) ?? null, body: text, at: performance.now() }),
      );
    });
    req.on("error", reject);
    req.end(body);
  });
}

function logIn(port: number, from: string, username: string, password: string): Promise<Answer> {
  return send(port, from, "POST", "/token", new URLSearchParams({ username, password }).toString());
}

async function serve(overrides: Partial<ChatConfig>) {
  const { app } = testApp(overrides);
  return app.listen({ port: 0 });
}

function assertLimited(answer: Answer, windowSeconds: number): void {
  assert.equal(answer.status, 429, answer.body);
  assert.deepEqual(JSON.parse(answer.body), { detail: "Too Many Requests" });
  const wait = Number(answer.retryAfter);
  assert.ok(wait >= 1 && wait <= windowSeconds, `retry-after ${answer.retryAfter}`);
}

test("per address: after the limit, that machine gets 429 with Retry-After even with the right password; others log in", async () => {
  const server = await serve({ loginLimits: { perAddress: 5, perUsername: 1000, windowSeconds: 60 } });
  try {
    for (const name of ["alice", "bob", "carol", "dave", "erin"]) assert.equal((await logIn(server.port, "127.0.0.2", name, "guess")).status, 401);
    assertLimited(await logIn(server.port, "127.0.0.2", "alice", PASSWORDS.alice), 60);
    assert.equal((await logIn(server.port, "127.0.0.3", "alice", PASSWORDS.alice)).status, 200);
    assert.equal((await send(server.port, "127.0.0.2", "GET", "/healthz")).status, 200, "only /token is limited");
  } finally {
    await server.close();
  }
});

test("per username: guesses from many machines lock that username (any encoding), not the others", async () => {
  const server = await serve({ loginLimits: { perAddress: 1000, perUsername: 3, windowSeconds: 60 } });
  try {
    for (const from of ["127.0.0.2", "127.0.0.3", "127.0.0.4"]) assert.equal((await logIn(server.port, from, "bob", "guess")).status, 401);
    assertLimited(await logIn(server.port, "127.0.0.5", "bob", PASSWORDS.bob), 60);
    assert.equal((await logIn(server.port, "127.0.0.5", "alice", PASSWORDS.alice)).status, 200);

    // Switching to multipart does not open a fresh bucket per username: such logins share one.
    const multipart = (username: string) =>
      `--b\r\ncontent-disposition: form-data; name="username"\r\n\r\n${username}\r\n--b\r\ncontent-disposition: form-data; name="password"\r\n\r\nguess\r\n--b--\r\n`;
    const answers: number[] = [];
    for (const name of ["bob", "bob", "bob", "bob"])
      answers.push((await send(server.port, "127.0.0.6", "POST", "/token", multipart(name), "multipart/form-data; boundary=b")).status);
    assert.equal(answers.at(-1), 429, JSON.stringify(answers));
  } finally {
    await server.close();
  }
});

const redisSkip = await redisSkipReason();
const prefix = uniquePrefix();
after(async () => {
  if (!redisSkip) await deleteKeys(prefix);
});

test("on Redis the counts are shared: attempts on one instance count on the other", { skip: redisSkip }, async () => {
  const config = {
    broadcastUrl: `${REDIS_URL}/0?prefix=${encodeURIComponent(prefix)}`,
    loginLimits: { perAddress: 1000, perUsername: 2, windowSeconds: 60 },
  };
  const one = await serve(config);
  const two = await serve(config);
  try {
    assert.equal((await logIn(one.port, "127.0.0.2", "carol", "guess")).status, 401);
    assert.equal((await logIn(two.port, "127.0.0.3", "carol", "guess")).status, 401);
    assertLimited(await logIn(one.port, "127.0.0.4", "carol", PASSWORDS.carol), 60);
    assertLimited(await logIn(two.port, "127.0.0.4", "carol", PASSWORDS.carol), 60);
  } finally {
    await Promise.all([one.close(), two.close()]);
  }
});

test("a login flood from many machines cannot starve /healthz or static files; the excess gets 503 Retry-After at once", async () => {
  const server = await serve({ ui: true, hashConcurrency: 1, loginLimits: { perAddress: 1000, perUsername: 1000, windowSeconds: 60 } });
  try {
    await send(server.port, "127.0.0.9", "GET", "/style.css"); // warm up the static route
    const flood = Array.from({ length: 60 }, (_, i) => logIn(server.port, `127.0.1.${i + 1}`, `user${i}`, "guess"));
    await new Promise((resolve) => setTimeout(resolve, 50)); // the hashing has begun
    const health = await send(server.port, "127.0.0.9", "GET", "/healthz");
    const css = await send(server.port, "127.0.0.9", "GET", "/style.css");
    const logins = await Promise.all(flood);
    assert.equal(health.status, 200);
    assert.equal(css.status, 200);
    // Unbounded, /healthz and the stylesheet waited behind the hashing (4-7 s on a busy 2-core machine), answering when
    // most logins were done. Bounded, they answer while the hashing has barely begun: counted in hashes rather than
    // milliseconds, which a loaded machine stretches.
    const hashed = logins.filter((a) => a.status === 401);
    const hashedFirst = hashed.filter((a) => a.at < css.at).length;
    assert.ok(hashedFirst < hashed.length / 2, `/healthz and style.css answered after ${hashedFirst} of ${hashed.length} password checks`);
    const statuses = new Set(logins.map((a) => a.status));
    assert.deepEqual([...statuses].sort(), [401, 503]);
    const busy = logins.find((a) => a.status === 503)!;
    assert.equal(busy.retryAfter, "1");
    assert.deepEqual(JSON.parse(busy.body), { detail: "Too many logins at once; try again in a moment" });
    // One slot hashing and 16 waiting: most of 60 simultaneous logins are turned away without costing a hash.
    assert.ok(logins.filter((a) => a.status === 503).length >= 20, JSON.stringify(logins.map((a) => a.status)));
  } finally {
    await server.close();
  }
});
