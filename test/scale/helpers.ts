// Shared by the scale and worker tests: raw HTTP over fresh or kept-alive connections, which pids answer, and
// WebSocket clients that record how they were closed.
import assert from "node:assert/strict";
import { type Agent, request as httpRequest } from "node:http";
import { connect } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { WebSocket as WsClient } from "ws";

export interface RawResponse {
  status: number;
  body: string;
}

/** One GET; a fresh connection unless an agent is given. */
export function get(port: number, path: string, agent?: Agent): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port, path, agent: agent ?? false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode!, body }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

export async function getJson<T>(port: number, path: string): Promise<T> {
  const response = await get(port, path);
  if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${response.body}`);
  return JSON.parse(response.body) as T;
}

/** Asks for pids over fresh connections until `want` distinct ones (other than `exclude`) answered. */
export async function pidsAnswering(port: number, want: number, exclude: Set<number> = new Set()): Promise<Set<number>> {
  const seen = new Set<number>();
  const deadline = Date.now() + 60_000; // a replacement worker starts slowly on a loaded machine
  while (seen.size < want) {
    assert.ok(Date.now() < deadline, `only pids ${[...seen]} answered`);
    const { pid } = await getJson<{ pid: number }>(port, "/pid").catch(() => ({ pid: 0 }));
    if (pid && !exclude.has(pid)) seen.add(pid);
    else await sleep(20);
  }
  return seen;
}

/** Resolves with the error code of a TCP connect (e.g. "ECONNREFUSED"), or "connected". */
export function tryConnect(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve("connected");
    });
    socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

/** A ws client that keeps every message and reports its close code and reason. */
export class Client {
  readonly socket: WsClient;
  readonly messages: string[] = [];
  readonly opened: Promise<void>;
  readonly closed: Promise<{ code: number; reason: string; at: number }>;
  /** How the connection was closed, once it is. */
  closedWith: { code: number; reason: string } | undefined;
  #waiters = new Set<() => void>();

  constructor(url: string) {
    this.socket = new WsClient(url);
    this.socket.on("message", (data) => {
      this.messages.push(data.toString());
      for (const waiter of this.#waiters) waiter();
    });
    this.opened = new Promise((resolve, reject) => {
      this.socket.once("open", () => resolve());
      this.socket.once("error", reject);
      this.socket.once("unexpected-response", (_req, res) => reject(new Error(`handshake answered ${res.statusCode}`)));
    });
    this.closed = new Promise((resolve) =>
      this.socket.once("close", (code, reason) => {
        this.closedWith = { code, reason: reason.toString() };
        resolve({ code, reason: reason.toString(), at: Date.now() });
      }),
    );
  }

  /** Waits until a message matches, or fails after `timeoutMs` showing what arrived. */
  waitFor(match: (message: string) => boolean, timeoutMs = 30_000): Promise<string> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.messages.find(match);
        if (found === undefined) return;
        clearTimeout(timer);
        this.#waiters.delete(check);
        resolve(found);
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        reject(new Error(`no matching message within ${timeoutMs} ms; got ${JSON.stringify(this.messages)}`));
      }, timeoutMs);
      this.#waiters.add(check);
      check();
    });
  }

  close(): void {
    this.socket.terminate();
  }
}

/** What the broadcast-chat example sends: a room event, or an error notice. */
export interface ChatFrame {
  id?: string;
  message?: string;
  error?: string;
}

/** A client of the broadcast-chat example. */
export class ChatClient extends Client {
  get frames(): ChatFrame[] {
    return this.messages.map((text) => JSON.parse(text) as ChatFrame);
  }

  /** Room messages received so far, in order. */
  get texts(): string[] {
    return this.frames.flatMap((frame) => (frame.message === undefined ? [] : [frame.message]));
  }

  get lastId(): string | undefined {
    return this.frames.findLast((frame) => frame.id !== undefined)?.id;
  }

  send(text: string): void {
    this.socket.send(text);
  }

  /** Waits for a room message with this text. */
  receive(text: string, timeoutMs = 30_000): Promise<string> {
    return this.waitFor((raw) => (JSON.parse(raw) as ChatFrame).message === text, timeoutMs);
  }
}
