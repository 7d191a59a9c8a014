import { connect, type Socket } from "node:net";
import { Writable } from "node:stream";
import { pino, type Logger } from "pino";
import type { App } from "skiffjs";

/** What a raw exchange produced: the bytes the server wrote, and how the connection ended. */
export interface RawAnswer {
  text: string;
  /** The status of the first response, or null when none came. */
  status: number | null;
  /** "closed" when the server ended the connection, "timeout" when it kept it open past the wait. */
  end: "closed" | "timeout" | "error";
}

/**
 * Writes `data` (strings as latin1: one byte per character, so tests can send any byte) (or each element of an array, one after the other with `gap` ms between) to a fresh loopback
 * connection and collects what comes back until the server closes or `wait` ms pass.
 */
export function rawExchange(
  port: number,
  data: string | Buffer | (string | Buffer)[],
  options: { wait?: number; gap?: number } = {},
): Promise<RawAnswer> {
  const { wait = 2000, gap = 0 } = options;
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    let finished = false;
    const finish = (end: RawAnswer["end"]) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(chunks).toString("latin1");
      // Interim answers (100 Continue) are skipped: the status is the final one.
      const match = /^(?:HTTP\/1\.1 1\d\d [^\r]*\r\n\r\n)*HTTP\/1\.[01] (\d{3})/.exec(text);
      resolve({ text, status: match ? Number(match[1]) : null, end });
    };
    const timer = setTimeout(() => finish("timeout"), wait);
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("error", () => finish("error"));
    socket.on("close", () => finish("closed"));
    const parts = Array.isArray(data) ? data : [data];
    socket.once("connect", async () => {
      for (const part of parts) {
        if (socket.destroyed) return;
        socket.write(typeof part === "string" ? Buffer.from(part, "latin1") : part);
        if (gap > 0) await new Promise((r) => setTimeout(r, gap));
      }
    });
  });
}

/** A connected raw socket, for tests that drive the conversation step by step. */
export function rawSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => resolve(socket));
    socket.once("error", reject);
  });
}

/** The body of the first HTTP response in `text` (after the blank line). */
export function bodyOf(text: string): string {
  const at = text.indexOf("\r\n\r\n");
  return at === -1 ? "" : text.slice(at + 4);
}

/** A pino logger writing JSON lines into memory, and the lines so far. */
export function capturingLogger(level = "info"): { logger: Logger; lines: () => Record<string, any>[]; text: () => string } {
  const out: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      out.push(chunk.toString());
      callback();
    },
  });
  const logger = pino({ level }, stream);
  return {
    logger,
    text: () => out.join(""),
    lines: () =>
      out
        .join("")
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line)),
  };
}

export const silent = pino({ level: "silent" });

/** Strings no error answer may contain unless the app runs with `debug`: paths, stack frames, library names. */
export const LEAK_MARKERS = [
  "/work",
  "/home",
  "node_modules",
  "node:internal",
  "    at ",
  "at async",
  ".ts:",
  ".js:",
  "Error:",
  "TypeError",
  "RangeError",
  "SyntaxError",
  "find-my-way",
  "typebox",
  "busboy",
  "ioredis",
  "light-my-request",
  "pino",
  "skiffjs/src",
  "skiffjs/dist",
];

/** The markers found in `text`. */
export function leaksIn(text: string): string[] {
  return LEAK_MARKERS.filter((marker) => text.includes(marker));
}

/** Whether any prototype of the built-ins was polluted: every attack test ends with this. */
export function assertNoPollution(assertFn: (ok: boolean, message: string) => void): void {
  for (const key of ["x", "y", "admin", "polluted", "isAdmin", "0", "1", "length"]) {
    if (key === "length") {
      assertFn(({} as Record<string, unknown>).length === undefined, "Object.prototype.length was polluted");
      continue;
    }
    assertFn(({} as Record<string, unknown>)[key] === undefined, `Object.prototype.${key} was polluted`);
    if (!/^\d+$/.test(key)) assertFn(([] as unknown as Record<string, unknown>)[key] === undefined, `Array.prototype.${key} was polluted`);
    assertFn((Object.create(null) as Record<string, unknown>)[key] === undefined, `a null-prototype object sees ${key}`);
  }
}

/** Starts `app` on a loopback port and returns its port and a closer. */
export async function listen(
  app: App<any, any>,
  options: Parameters<App["listen"]>[0] = {},
): Promise<{ port: number; url: string; close(): Promise<void> }> {
  const running = await app.listen({ host: "127.0.0.1", port: 0, gracefulTimeout: 1000, ...options });
  return { port: running.port, url: running.url, close: () => running.close() };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A well-formed GET, kept alive unless `close`. */
export function get(path: string, headers: Record<string, string> = {}, close = true): string {
  const host = Object.keys(headers).some((k) => k.toLowerCase() === "host") ? [] : ["Host: 127.0.0.1"];
  const lines = [`GET ${path} HTTP/1.1`, ...host, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  if (close) lines.push("Connection: close");
  return `${lines.join("\r\n")}\r\n\r\n`;
}
