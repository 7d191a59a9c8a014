// Shared by the chat tests: a test config, logging in, connecting, and reading frames until one matches.
import assert from "node:assert/strict";
import { SignJWT } from "jose";
import { createLogger } from "skiffjs";
import type { TestClient, WebSocketTestSession } from "skiffjs/testing";
import { createApp, type ChatAppOptions } from "../../examples/chat/app.ts";
import { loadConfig, type ChatConfig } from "../../examples/chat/config.ts";

export const SECRET = "test-secret-0123456789-0123456789-abcdef";
export const PASSWORDS = { alice: "wonderland", bob: "builder", carol: "singer" } as const;
export type DemoUser = keyof typeof PASSWORDS;

export function testConfig(overrides: Partial<ChatConfig> = {}): ChatConfig {
  return { ...loadConfig({ SERVICE_NAME: "chat-test", JWT_SECRET: SECRET, CHAT_UI: "0" }), ...overrides };
}

export type Line = Record<string, any>;

/** A chat app whose log lines are collected in `lines` (JSON). */
export function testApp(overrides: Partial<ChatConfig> = {}, options: ChatAppOptions = {}) {
  const lines: Line[] = [];
  const logger = createLogger("debug", { format: "json", destination: { write: (line: string) => void lines.push(JSON.parse(line)) } });
  const app = createApp(testConfig(overrides), { logger, ...options });
  return { app, lines, raw: () => lines.map((l) => JSON.stringify(l)).join("\n") };
}

export async function login(client: TestClient, user: DemoUser): Promise<string> {
  const res = await client.post("/token", { form: { username: user, password: PASSWORDS[user] } });
  assert.equal(res.status, 200, res.text);
  return res.json().access_token;
}

/** A token as `/token` issues it, without paying for scrypt (the auth tests use the real route). */
export function mintToken(
  user: DemoUser,
  fullName = { alice: "Alice Liddell", bob: "Bob the Builder", carol: "Carol Singer" }[user],
): Promise<string> {
  return new SignJWT({ name: fullName })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(user)
    .setIssuer("chat-test")
    .setIssuedAt()
    .setExpirationTime("5m")
    .sign(new TextEncoder().encode(SECRET));
}

let said = 0;
/** A fresh client message id for a `say`. */
export function sayId(): string {
  return `m${process.pid}-${++said}`;
}

/** Connects to /ws/chat as `user` and reads the welcome frame. */
export async function connect(client: TestClient, user: DemoUser): Promise<WebSocketTestSession> {
  const token = await mintToken(user);
  const ws = await client.websocketConnect("/ws/chat", { query: { token } });
  const welcome = await ws.receiveJson();
  assert.equal(welcome.type, "welcome");
  assert.equal(welcome.user.username, user);
  return ws;
}

// Frames read past by receiveUntil, kept so a later receiveUntil can still match them (in order).
const backlog = new WeakMap<WebSocketTestSession, any[]>();

/** The first frame (earlier skipped ones included) that matches; fails after `timeout` ms. */
export async function receiveUntil(ws: WebSocketTestSession, match: (frame: any) => boolean, timeout = 30_000): Promise<any> {
  const kept = backlog.get(ws) ?? [];
  backlog.set(ws, kept);
  const at = kept.findIndex(match);
  if (at !== -1) return kept.splice(at, 1)[0];
  const deadline = Date.now() + timeout;
  for (;;) {
    const frame = await ws.receiveJson({ timeout: Math.max(1, deadline - Date.now()) }).catch((error) => {
      throw new Error(`no matching frame (${error.message}); read past: ${JSON.stringify(kept)}`);
    });
    if (match(frame)) return frame;
    kept.push(frame);
  }
}

/** Forgets skipped frames and reads until nothing arrives for `ms`; returns everything read. */
export async function drain(ws: WebSocketTestSession, ms = 150): Promise<any[]> {
  const frames = backlog.get(ws) ?? [];
  backlog.set(ws, []);
  for (;;) {
    const frame = await ws.receiveJson({ timeout: ms }).catch(() => undefined);
    if (frame === undefined) return frames;
    frames.push(frame);
  }
}

/** Joins a room and returns the `joined` reply. */
export async function join(ws: WebSocketTestSession, room: string, since?: string): Promise<any> {
  ws.sendJson(since ? { type: "join", room, since } : { type: "join", room });
  return receiveUntil(ws, (f) => f.type === "joined" && f.room === room);
}

/** No frame that matches arrived (skipped ones included) within `ms`. */
export async function assertNone(ws: WebSocketTestSession, match: (frame: any) => boolean, ms = 150): Promise<void> {
  const frames = (await drain(ws, ms)).filter(match);
  assert.deepEqual(frames, [], `expected no such frame, got ${JSON.stringify(frames)}`);
}

export async function until(check: () => boolean | Promise<boolean>, what: string, timeout = 30_000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
