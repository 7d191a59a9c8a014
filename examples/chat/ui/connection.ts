// A chat connection that comes back by itself: on an unexpected close it reconnects with backoff, and the app
// rejoins its room with the last event id it saw, so nothing said meanwhile is lost. 4001 (bad token) is final.
import type { createClient } from "skiffjs/client";
import type { AppType } from "../main.ts";

export type ChatApi = ReturnType<typeof createClient<AppType>>;
type ChatSocket = ReturnType<ChatApi["websocket"]>;
/** Everything the server may send on /ws/chat, typed from the app itself. */
export type ServerFrame = ChatSocket extends AsyncIterable<infer F> ? F : never;
/** Everything a client may send. */
export type ClientFrame = Parameters<ChatSocket["send"]>[0];

export interface ConnectionEvents {
  frame(frame: Exclude<ServerFrame, { status: number }>): void;
  state(state: "connecting" | "offline", detail?: string): void;
  /** The server refused the token (`{"status":40001,…}` then close 4001); no reconnect. */
  authFailed(message: string): void;
}

export class ReconnectingChat {
  #socket: ChatSocket | undefined;
  #attempt = 0;
  #stopped = false;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly api: ChatApi,
    private readonly token: string,
    private readonly events: ConnectionEvents,
  ) {}

  start(): void {
    void this.#open();
  }

  /** Sends if connected; otherwise drops the frame (the app resynchronises on the next `welcome`). */
  send(frame: ClientFrame): void {
    try {
      this.#socket?.send(frame);
    } catch {
      // closed or closing: a reconnect is on its way
    }
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#socket?.close(1000, "logout");
  }

  async #open(): Promise<void> {
    this.events.state("connecting");
    const socket = this.api.websocket("/ws/chat", { query: { token: this.token } });
    this.#socket = socket;
    let refusal: string | undefined;
    try {
      for await (const frame of socket) {
        if ("status" in frame) {
          refusal = frame.message;
          continue;
        }
        if (frame.type === "welcome") this.#attempt = 0;
        this.events.frame(frame);
      }
    } catch {
      // the handshake failed or the connection dropped: `closed` says how
    }
    const { code, reason } = await socket.closed;
    if (this.#stopped || socket !== this.#socket) return;
    if (code === 4001) return this.events.authFailed(refusal ?? reason);
    const delay = Math.min(5000, 250 * 2 ** this.#attempt++) * (0.75 + Math.random() / 2);
    this.events.state("offline", `reconnecting in ${(delay / 1000).toFixed(1)} s`);
    this.#timer = setTimeout(() => void this.#open(), delay);
  }
}
