// Starting, pinning, watching and stopping the processes of a benchmark run.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { request } from "node:http";
import { createServer } from "node:net";

/** Cores for the servers and for the load generators; null when pinning is impossible (one core, no taskset). */
export interface Pinning {
  server: string;
  load: string;
}

export function detectPinning(): Pinning | null {
  const taskset = spawnSync("taskset", ["-c", "0", "true"]);
  const cores = Number(spawnSync("nproc", [], { encoding: "utf8" }).stdout.trim()) || 1;
  if (taskset.status !== 0 || cores < 2) return null;
  return { server: "0", load: "1" };
}

/** The command prefixed with `taskset -c <core>` when pinning is on. */
export function pinned(core: string | undefined, command: string, args: string[]): [string, string[]] {
  return core === undefined ? [command, args] : ["taskset", ["-c", core, command, ...args]];
}

/** Moves this process (the orchestrator) onto the load generator's core. */
export function pinSelf(core: string): void {
  spawnSync("taskset", ["-a", "-p", "-c", core, String(process.pid)]);
}

/** A free loopback port, found by binding port 0. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface Started {
  child: ChildProcess;
  pid: number;
  port: number;
  /** What the process printed, for a failure message. */
  output(): string;
}

/**
 * Spawns a server (pinned when `core` is set) with a raised fd limit where the system allows it. `taskset` execs
 * the server, so the pid is the server's own.
 */
export function startProcess(
  command: string,
  args: string[],
  options: { core?: string; port: number; env?: NodeJS.ProcessEnv; cwd?: string },
): Started {
  const [cmd, cmdArgs] = pinned(options.core, command, args);
  // `ulimit -n` may fail (hard limit); the server then runs with what it has, and the idle scenario says so.
  const child = spawn("sh", ["-c", 'ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$@"', "sh", cmd, ...cmdArgs], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...options.env },
    cwd: options.cwd,
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-4000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return { child, pid: child.pid ?? -1, port: options.port, output: () => output };
}

/** One GET on a fresh connection: the status (0 when refused) and body. */
export function httpGet(port: number, path: string, timeoutMs = 5000): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const req = request({ host: "127.0.0.1", port, path, agent: false, timeout: timeoutMs }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      res.on("error", () => resolve({ status: 0, body }));
    });
    req.on("error", () => resolve({ status: 0, body: "" }));
    req.on("timeout", () => req.destroy());
    req.end();
  });
}

/** One request with a JSON body: the status and body. */
export function httpSend(port: number, method: string, path: string, json: unknown): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const payload = JSON.stringify(json);
    const req = request(
      {
        host: "127.0.0.1",
        port,
        path,
        method,
        agent: false,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(payload) },
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on("error", () => resolve({ status: 0, body: "" }));
    req.end(payload);
  });
}

/** Polls `path` until it answers 200: the milliseconds it took. Throws with the server's output on timeout or exit. */
export async function waitUntilServing(started: Started, path: string, timeoutMs: number, since = performance.now()): Promise<number> {
  let exited: number | null = null;
  const onExit = (code: number | null) => (exited = code ?? -1);
  started.child.once("exit", onExit);
  try {
    for (;;) {
      const { status } = await httpGet(started.port, path, 1000);
      if (status === 200) return performance.now() - since;
      if (exited !== null) throw new Error(`server exited (${exited}) before serving:\n${started.output()}`);
      if (performance.now() - since > timeoutMs) throw new Error(`server not serving ${path} after ${timeoutMs} ms:\n${started.output()}`);
      await sleep(status === 0 ? 3 : 20);
    }
  } finally {
    started.child.off("exit", onExit);
  }
}

/** SIGTERM, then SIGKILL if it lingers; resolves when the process is gone. */
export async function stopProcess(started: Started): Promise<void> {
  const { child } = started;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
  await gone;
  clearTimeout(timer);
}

/** Resident set size in bytes, from /proc (0 where /proc is missing). */
export function rssOf(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status);
    return kb ? Number(kb[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

const TICKS_PER_SECOND = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()) || 100;

/** CPU time (user + system) the process has used so far, in ms; NaN where /proc is missing. */
export function cpuMsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Runs a command to completion, capturing its output. */
export function run(
  command: string,
  args: string[],
  options: { core?: string; timeoutMs?: number; input?: string } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const [cmd, cmdArgs] = pinned(options.core, command, args);
  return new Promise((resolve) => {
    const child = spawn(cmd, cmdArgs, { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    const timer = options.timeoutMs ? setTimeout(() => child.kill("SIGKILL"), options.timeoutMs) : undefined;
    child.on("error", (error) => {
      clearTimeout(timer);
      resolve({ code: -1, stdout, stderr: stderr + String(error) });
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
    child.stdin.end(options.input ?? "");
  });
}
