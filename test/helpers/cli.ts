import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { killProcess, track } from "./processes.ts";

export const SKIFF_BIN = fileURLToPath(new URL("../../bin/skiff.js", import.meta.url));
export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** A port nobody is listening on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A started process whose output a test reads and waits on. */
export interface CliProcess {
  child: ChildProcess;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** Resolves when the output matches, rejects after `timeout` ms with the output so far. */
  waitFor(pattern: RegExp, timeout?: number): Promise<RegExpMatchArray>;
  /** Resolves with the exit code (or signal). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends `signal` to the CLI, waits for it to exit, then kills whatever it left running (workers, a reloaded app). */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Runs the real `skiff` CLI as a user would. It leads a process group of its own, killed when the test file is done
 * (see processes.ts), so a failing test leaves no server, worker or reloaded app behind.
 */
export function runCli(args: string[], options: { cwd?: string; env?: Record<string, string>; runtime?: string[] } = {}): CliProcess {
  // `runtime`: another runtime's command line (`[bun]`, `[deno, "run", "-A"]`) instead of this Node.
  const [command, ...prefix] = options.runtime ?? [process.execPath];
  const child = spawn(command!, [...prefix, SKIFF_BIN, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  return watchProcess(child, { group: true });
}

/**
 * Reads a started process's stdout and stderr (which must be pipes) and tracks it (see processes.ts); `group` when
 * it was spawned `detached`, so that `stop()` and the end of the file also kill what it started.
 */
export function watchProcess(child: ChildProcess, options: { group?: boolean } = {}): CliProcess {
  track(child, options);
  let text = "";
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    text += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    output: () => text,
    exited,
    waitFor(pattern, timeout = 60_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = text.match(pattern);
          if (match) {
            cleanup();
            resolve(match);
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`Timed out waiting for ${pattern}. Output so far:\n${text}`));
        }, timeout);
        const onExit = () => {
          setTimeout(() => {
            if (!text.match(pattern)) {
              cleanup();
              reject(new Error(`Process exited before ${pattern}. Output:\n${text}`));
            }
          }, 50);
        };
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
          child.off("exit", onExit);
        };
        listeners.add(check);
        child.once("exit", onExit);
        check();
      });
    },
    async stop(signal = "SIGTERM") {
      killProcess(child, signal);
      const result = await exited;
      if (options.group) killProcess(child, "SIGKILL", { group: true });
      return result;
    },
  };
}
