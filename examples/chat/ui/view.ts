// DOM rendering only; no state lives here.
import type { ServerFrame } from "./connection.ts";

type ChatMessage = Extract<ServerFrame, { type: "message" }>;
type Member = Extract<ServerFrame, { type: "joined" }>["members"][number];

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

/** Event ids are `<ms>-<seq>`; this orders them. */
export function compareIds(a: string, b: string): number {
  const [am, as] = a.split("-").map(Number);
  const [bm, bs] = b.split("-").map(Number);
  return am - bm || as - bs;
}

export function showLogin(error = ""): void {
  $("chat-view").hidden = true;
  $("login-view").hidden = false;
  $("login-error").textContent = error;
  $("username").focus();
}

export function showChat(username: string): void {
  $("login-view").hidden = true;
  $("chat-view").hidden = false;
  $("me").textContent = username;
}

export function setStatus(state: "online" | "connecting" | "offline", text: string = state): void {
  const status = $("status");
  status.dataset.state = state;
  status.textContent = text;
}

export function setRoom(room: string): void {
  $("room-title").textContent = `# ${room}`;
  $<HTMLInputElement>("text").placeholder = `Message #${room}`;
  $("messages").replaceChildren();
  $("typing").textContent = "";
  $("notice").textContent = "";
}

export function renderRooms(rooms: { name: string; online: number }[], current: string): void {
  $("rooms").replaceChildren(
    ...rooms.map(({ name, online }) =>
      el(
        "li",
        {},
        el(
          "a",
          { href: `#${name}`, "data-room": name, "aria-current": String(name === current) },
          `# ${name}`,
          el("span", { class: "count" }, String(online)),
        ),
      ),
    ),
  );
}

/** Inserts a line in event-id order; a line already shown (same id) is skipped. */
function insert(id: string, node: HTMLLIElement): void {
  const list = $("messages");
  if (list.querySelector(`[data-id="${id}"]`)) return;
  node.dataset.id = id;
  const after = [...list.children].find((child) => compareIds((child as HTMLElement).dataset.id!, id) > 0);
  list.insertBefore(node, after ?? null);
  if (!after) list.scrollTop = list.scrollHeight;
}

export function addMessage(message: ChatMessage): void {
  const time = new Date(message.at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  insert(
    message.id,
    el(
      "li",
      { class: "message", "data-from": message.from },
      el("span", { class: "from", title: message.fullName }, message.from),
      el("span", { class: "text" }, message.text),
      el("time", { datetime: message.at }, time),
    ),
  );
}

export function addSystem(id: string, text: string): void {
  insert(id, el("li", { class: "system" }, text));
}

export function renderOnline(members: Member[]): void {
  $("online").replaceChildren(...members.map((m) => el("li", { "data-user": m.username, title: m.fullName }, m.username)));
}

export function renderTyping(users: string[]): void {
  $("typing").textContent = users.length === 0 ? "" : `${users.join(", ")} ${users.length === 1 ? "is" : "are"} typing…`;
}

export function notice(text: string): void {
  $("notice").textContent = text;
}
