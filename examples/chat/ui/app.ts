// The chat page: log in, pick a room, talk, see who is online and typing. Bundled by the server (esbuild) with the
// typed client, whose types come from the server's own `AppType` — no code generation, nothing from a CDN.
import { createClient } from "skiffjs/client";
import type { AppType } from "../main.ts";
import { ReconnectingChat, type ServerFrame } from "./connection.ts";
import * as view from "./view.ts";

const TOKEN_KEY = "skiff-chat.token";
const USER_KEY = "skiff-chat.user";
const ROOM_PATTERN = /^[a-z0-9][a-z0-9_-]{0,31}$/;

const api = createClient<AppType>(location.origin, {
  headers: () => ({ authorization: `Bearer ${sessionStorage.getItem(TOKEN_KEY) ?? ""}` }),
});

let chat: ReconnectingChat | undefined;
let room = roomFromHash() ?? "general";
let joined: string | undefined; // the room this connection joined
let lastTypingSent = 0;
/** Per room, the newest event id seen: sent back as `since` after a reconnect. */
const lastId = new Map<string, string>();
const typing = new Map<string, ReturnType<typeof setTimeout>>();
/** Messages sent but not confirmed, by their client id: sent again (same id) until a receipt or the room confirms. */
const pending = new Map<string, { room: string; text: string; failures: number }>();
const MAX_FAILURES = 5;
let retryTimer: ReturnType<typeof setTimeout> | undefined;

/** A client message id; crypto.randomUUID needs a secure context, getRandomValues does not. */
function messageId(): string {
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function sendPending(): void {
  for (const [id, { room, text }] of pending) chat?.send({ type: "say", id, room, text });
}

function confirmed(id: string | undefined): void {
  if (id !== undefined) pending.delete(id);
}

/** Nobody got it: try again shortly, a few times, then tell the user it was lost. */
function notSent(id: string, why: string): void {
  const message = pending.get(id);
  if (!message) return;
  if (++message.failures >= MAX_FAILURES) {
    pending.delete(id);
    return view.notice(`${why} — gave up on "${message.text.slice(0, 40)}"`);
  }
  view.notice(`${why}; retrying…`);
  clearTimeout(retryTimer);
  retryTimer = setTimeout(sendPending, 2000);
}

function roomFromHash(): string | undefined {
  const name = decodeURIComponent(location.hash.slice(1));
  return ROOM_PATTERN.test(name) ? name : undefined;
}

function seen(id: string): void {
  const last = lastId.get(room);
  if (last === undefined || view.compareIds(id, last) > 0) lastId.set(room, id);
}

/** Joins `next` (leaving the current room); resumes from the last event id when there is one. */
function enter(next: string): void {
  if (!chat) return;
  if (joined !== undefined && joined !== next) {
    chat.send({ type: "leave", room: joined });
    lastId.delete(joined);
  }
  if (next !== room) {
    view.setRoom(next);
    room = next;
  }
  const since = lastId.get(room);
  chat.send(since ? { type: "join", room, since } : { type: "join", room });
  if (!since) chat.send({ type: "history", room, limit: 50 });
  joined = room;
  history.replaceState(null, "", `#${room}`);
  void refreshRooms();
}

async function refreshRooms(): Promise<void> {
  const result = await api.get("/api/rooms");
  if (result.ok) view.renderRooms(result.data.rooms, room);
  else if (result.status === 401) logout("Your session expired; log in again.");
}

let roomsTimer: ReturnType<typeof setTimeout> | undefined;
function refreshRoomsSoon(): void {
  clearTimeout(roomsTimer);
  roomsTimer = setTimeout(() => void refreshRooms(), 300);
}

function setTyping(user: string, on: boolean): void {
  clearTimeout(typing.get(user));
  typing.delete(user);
  if (on)
    typing.set(
      user,
      setTimeout(() => setTyping(user, false), 4000),
    );
  view.renderTyping([...typing.keys()]);
}

function onFrame(frame: Exclude<ServerFrame, { status: number }>): void {
  switch (frame.type) {
    case "welcome":
      view.setStatus("online", `online as ${frame.user.username}`);
      joined = undefined; // a new connection has joined nothing yet
      enter(room);
      sendPending(); // whatever was not confirmed before the connection dropped; the server drops repeats by id
      break;
    case "receipt":
      if (frame.sent) {
        confirmed(frame.id);
      } else {
        notSent(frame.id, frame.msg ?? "Not sent");
      }
      break;
    case "joined":
      if (frame.room === room) view.renderOnline(frame.members);
      break;
    case "history":
      if (frame.room !== room) break;
      for (const message of frame.messages) {
        view.addMessage(message);
        seen(message.id);
      }
      break;
    case "message":
      if (frame.from === sessionStorage.getItem(USER_KEY)) confirmed(frame.clientId);
      if (frame.room !== room) break;
      view.addMessage(frame);
      seen(frame.id);
      setTyping(frame.from, false);
      break;
    case "presence":
      if (frame.room !== room) break;
      view.renderOnline(frame.members);
      view.addSystem(frame.id, `${frame.user.username} ${frame.event === "join" ? "joined" : "left"}`);
      seen(frame.id);
      refreshRoomsSoon();
      break;
    case "typing":
      if (frame.room === room) setTyping(frame.user, frame.typing);
      break;
    case "error":
      view.notice(frame.detail.map((d) => d.msg).join("; "));
      // Refused, not failed (too fast): the notice says so; sending it again would be refused too.
      for (const d of frame.detail) if (d.type === "rate_limited" && typeof d.input === "string") pending.delete(d.input);
      break;
  }
}

function connect(token: string, username: string): void {
  view.showChat(username);
  view.setRoom(room);
  chat = new ReconnectingChat(api, token, {
    frame: onFrame,
    state: (state, detail) => view.setStatus(state, detail ? `${state}: ${detail}` : `${state}…`),
    authFailed: (message) => logout(message),
  });
  chat.start();
}

function logout(message = ""): void {
  chat?.stop();
  chat = undefined;
  joined = undefined;
  lastId.clear();
  pending.clear();
  sessionStorage.removeItem(TOKEN_KEY);
  view.showLogin(message);
}

async function login(username: string, password: string): Promise<void> {
  const response = await fetch("/token", { method: "POST", body: new URLSearchParams({ username, password }) });
  if (!response.ok) {
    view.showLogin(response.status === 401 ? "Incorrect username or password" : `Login failed (${response.status})`);
    return;
  }
  const { access_token } = (await response.json()) as { access_token: string };
  sessionStorage.setItem(TOKEN_KEY, access_token);
  sessionStorage.setItem(USER_KEY, username);
  connect(access_token, username);
}

document.getElementById("login-form")!.addEventListener("submit", (event) => {
  event.preventDefault();
  const form = new FormData(event.target as HTMLFormElement);
  void login(String(form.get("username")), String(form.get("password")));
});

document.getElementById("logout")!.addEventListener("click", () => logout());

document.getElementById("rooms")!.addEventListener("click", (event) => {
  const link = (event.target as HTMLElement).closest<HTMLElement>("[data-room]");
  if (!link) return;
  event.preventDefault();
  enter(link.dataset.room!);
});

document.getElementById("new-room")!.addEventListener("submit", (event) => {
  event.preventDefault();
  const input = document.getElementById("new-room-name") as HTMLInputElement;
  const name = input.value.trim().toLowerCase();
  if (!ROOM_PATTERN.test(name)) return view.notice("Room names: lowercase letters, digits, _ and -");
  input.value = "";
  enter(name);
});

const text = document.getElementById("text") as HTMLInputElement;
text.addEventListener("input", () => {
  if (!text.value || Date.now() - lastTypingSent < 2000) return;
  lastTypingSent = Date.now();
  chat?.send({ type: "typing", room, typing: true });
});

document.getElementById("composer")!.addEventListener("submit", (event) => {
  event.preventDefault();
  const value = text.value.trim();
  if (!value || !chat) return;
  const id = messageId();
  pending.set(id, { room, text: value, failures: 0 });
  chat.send({ type: "say", id, room, text: value });
  text.value = "";
  lastTypingSent = 0;
});

// Keeps idle connections (and proxies in between) alive.
setInterval(() => chat?.send({ type: "ping" }), 20_000);

const token = sessionStorage.getItem(TOKEN_KEY);
if (token) connect(token, sessionStorage.getItem(USER_KEY) ?? "");
else view.showLogin();
