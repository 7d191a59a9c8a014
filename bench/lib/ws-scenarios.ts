// Scenarios 5–7: WebSocket echo, broadcast fan-out and idle memory, Skiff against a raw `ws` server.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { fmt, summarize } from "./http-scenarios.ts";
import {
  cpuMsOf,
  freePort,
  httpGet,
  pinned,
  rssOf,
  run,
  sleep,
  startProcess,
  stopProcess,
  waitUntilServing,
  type Pinning,
  type Started,
} from "./process.ts";
import type { ServerSpec } from "./servers.ts";
import type { Settings } from "./settings.ts";
import type { Measurement, ServerResult } from "./types.ts";

const WS_LOAD = fileURLToPath(new URL("./ws-load.ts", import.meta.url));

export interface RunningWsServer {
  spec: ServerSpec;
  started: Started;
}

export async function startWsServer(spec: ServerSpec, pinning: Pinning | null): Promise<RunningWsServer> {
  const port = await freePort();
  const { command, args, env, cwd } = spec.command(port, 0);
  const started = startProcess(command, args, { core: pinning?.server, port, env, cwd });
  try {
    await waitUntilServing(started, "/__mem", 180_000);
  } catch (error) {
    await stopProcess(started);
    throw error;
  }
  return { spec, started };
}

/** One run of the ws-load client against the server on `port`, from `core`: its RESULT line. */
export async function runWsLoad(mode: "echo" | "fanout", port: number, args: string[], core: string | undefined): Promise<Record<string, number>> {
  const out = await run(process.execPath, ["--import", "tsx", WS_LOAD, mode, "--port", String(port), ...args], {
    core,
    timeoutMs: 180_000,
  });
  const line = /RESULT (\{.*\})/.exec(out.stdout);
  if (!line) throw new Error(`ws-load ${mode} failed (${out.code}): ${out.stderr.slice(-2000) || out.stdout}`);
  return JSON.parse(line[1]) as Record<string, number>;
}

/** Echo or fan-out, rounds alternating between the servers. */
export async function measureWs(
  mode: "echo" | "fanout",
  servers: RunningWsServer[],
  settings: Settings,
  pinning: Pinning | null,
  log: (line: string) => void,
): Promise<ServerResult[]> {
  const conns = mode === "echo" ? settings.echoConnections : settings.fanoutConnections;
  const amount = settings.amount ? (mode === "echo" ? settings.amount : settings.amount * 2) : 0;
  const args = ["--conns", String(conns), "--seconds", String(settings.seconds), "--warmup", String(settings.mode === "full" ? 1 : 0)];
  if (amount > 0) args.push("--amount", String(amount));
  const rounds = new Map<string, Measurement[]>(servers.map((s) => [s.spec.id, []]));
  for (let round = 0; round < settings.rounds; round++) {
    const order = servers.map((_, i) => servers[(i + round) % servers.length]);
    for (const server of order) {
      const cpuBefore = cpuMsOf(server.started.pid);
      const r = await runWsLoad(mode, server.started.port, args, pinning?.load);
      const cpuMs = cpuMsOf(server.started.pid) - cpuBefore;
      const m: Measurement = {
        ...r,
        rssMB: rssOf(server.started.pid) / 2 ** 20,
        cpuUsPerOp: r.count > 0 ? (cpuMs * 1000) / r.count : Number.NaN,
        capacity: cpuMs > 0 ? (r.count * 1000) / cpuMs : Number.NaN,
      };
      rounds.get(server.spec.id)!.push(m);
      const what = mode === "echo" ? "round trips/s" : "deliveries/s";
      log(
        `  round ${round + 1} ${server.spec.label.padEnd(10)} ${fmt(m.opsPerSec)} ${what}  p50 ${m.p50Ms.toFixed(2)} ms  p99 ${m.p99Ms.toFixed(2)} ms  client CPU ${(m.clientCpu * 100).toFixed(0)}%`,
      );
    }
  }
  return servers.map((s) => summarize(s.spec.id, s.spec.label, rounds.get(s.spec.id)!));
}

interface MemoryUsage {
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

async function memoryOf(server: RunningWsServer): Promise<MemoryUsage> {
  await httpGet(server.started.port, "/__mem");
  const { body } = await httpGet(server.started.port, "/__mem");
  return JSON.parse(body) as MemoryUsage;
}

/**
 * Memory per idle connection: a fresh server per round; its memory after a GC before `conns` connections are opened,
 * then once they have sat idle for a second — RSS as the process has it (what a user's `top` or container limit
 * sees), then RSS and heap after a forced GC.
 */
export async function measureIdle(
  specs: ServerSpec[],
  settings: Settings,
  pinning: Pinning | null,
  log: (line: string) => void,
  notes: string[],
): Promise<ServerResult[]> {
  const rounds = new Map<string, Measurement[]>(specs.map((s) => [s.id, []]));
  for (let round = 0; round < settings.idleRounds; round++) {
    const order = specs.map((_, i) => specs[(i + round) % specs.length]);
    for (const spec of order) {
      const server = await startWsServer(spec, pinning);
      try {
        const m = await idleRound(server, settings.idleConnections, pinning, notes);
        rounds.get(spec.id)!.push(m);
        const kib = (bytes: number) => (bytes / 1024).toFixed(1);
        log(
          `  round ${round + 1} ${spec.label.padEnd(10)} ${kib(m.bytesPerConnection)} KiB RSS/conn, after a GC ${kib(m.rssAfterGcBytesPerConnection)} KiB RSS/conn, ${kib(m.heapBytesPerConnection)} KiB heap/conn  (${m.connections} conns)`,
        );
      } finally {
        await stopProcess(server.started);
      }
    }
  }
  return specs.map((s) => summarize(s.id, s.label, rounds.get(s.id)!));
}

async function idleRound(server: RunningWsServer, conns: number, pinning: Pinning | null, notes: string[]): Promise<Measurement> {
  const before = await memoryOf(server);
  const [cmd, args] = pinned(pinning?.load, process.execPath, [
    "--import",
    "tsx",
    WS_LOAD,
    "idle",
    "--port",
    String(server.started.port),
    "--conns",
    String(conns),
  ]);
  const client = spawn("sh", ["-c", 'ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$@"', "sh", cmd, ...args], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  let output = "";
  let errors = "";
  client.stderr.on("data", (chunk: Buffer) => (errors += chunk.toString("utf8")));
  const connected = await new Promise<number>((resolve, reject) => {
    client.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
      const match = /CONNECTED (\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    });
    client.once("exit", (code) => reject(new Error(`idle client exited (${code}): ${errors.slice(-2000)}`)));
  });
  if (connected < conns) {
    const note = `idle connections: ${connected} instead of ${conns} (file descriptor limit)`;
    if (!notes.includes(note)) notes.push(note);
  }
  await sleep(1000);
  // As a user sees it first (top, the container's limit): no GC forced; then after a GC, as the bench reported before.
  const rssAsIs = rssOf(server.started.pid);
  const after = await memoryOf(server);
  const exited = new Promise<void>((resolve) => client.once("exit", () => resolve()));
  client.stdin.end();
  await exited;
  const heap = (m: MemoryUsage) => m.heapUsed + m.external;
  return {
    bytesPerConnection: (rssAsIs - before.rss) / connected,
    rssAfterGcBytesPerConnection: (after.rss - before.rss) / connected,
    heapBytesPerConnection: (heap(after) - heap(before)) / connected,
    connections: connected,
    rssMB: after.rss / 2 ** 20,
  };
}
