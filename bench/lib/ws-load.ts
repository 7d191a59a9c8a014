// WebSocket load generator, spawned pinned to the load core:
//   ws-load.ts echo   --port P --conns 100  --seconds 5 [--warmup 1] [--amount N]
//   ws-load.ts fanout --port P --conns 2000 --seconds 5 [--warmup 1] [--amount N]
//   ws-load.ts idle   --port P --conns 10000      (prints CONNECTED n, holds them until stdin closes)
// Prints one `RESULT {…}` line.
import { readFileSync } from "node:fs";
import { clientFrame, openMany, openWebSocket, type WsConnection } from "./ws-client.ts";
import { percentile } from "./stats.ts";

const [mode, ...rest] = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const at = rest.indexOf(`--${name}`);
  return at === -1 ? fallback : Number(rest[at + 1]);
};
const port = arg("port", 0);
const seconds = arg("seconds", 5);
const warmup = arg("warmup", 0);
const amount = arg("amount", 0);

/** Latency samples in ms, growing as needed. */
class Samples {
  private data = new Float64Array(1 << 16);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }
  sorted(): Float64Array {
    return this.data.slice(0, this.length).sort();
  }
}

/** The measured stretch as wall-clock times (ms since the epoch), for a profile of the server to cut to. */
function window(from: number, to: number): { measuredFrom: number; measuredTo: number } {
  return { measuredFrom: performance.timeOrigin + from, measuredTo: performance.timeOrigin + to };
}

function result(fields: Record<string, unknown>): void {
  process.stdout.write(`RESULT ${JSON.stringify(fields)}\n`);
}

/** The soft `Max open files` limit of this process. */
function fdLimit(): number {
  try {
    const line = /Max open files\s+(\d+|unlimited)/.exec(readFileSync("/proc/self/limits", "utf8"));
    return line && line[1] !== "unlimited" ? Number(line[1]) : Number.POSITIVE_INFINITY;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

function payload(size: number, seq = 0): Buffer {
  return Buffer.from(String(seq).padStart(12, "0").padEnd(size, "x"));
}

async function echo(): Promise<void> {
  const conns = arg("conns", 100);
  const frame = clientFrame(payload(arg("payload", 32)));
  const samples = new Samples();
  let measuring = warmup === 0;
  let stopped = false;
  let count = 0;
  const sentAt = new Float64Array(conns);
  let finish: () => void = () => {};
  const done = new Promise<void>((resolve) => (finish = resolve));
  const connections = await openMany(conns, 50, (i) =>
    openWebSocket(port, "/echo", () => {
      const now = performance.now();
      if (measuring) {
        samples.push(now - sentAt[i]);
        count++;
        if (amount > 0 && count >= amount) {
          stopped = true;
          finish();
        }
      }
      if (stopped) return;
      sentAt[i] = now;
      connections[i].socket.write(frame);
    }),
  );
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < conns; i++) {
    sentAt[i] = performance.now();
    connections[i].socket.write(frame);
  }
  let measuredFrom = start;
  if (warmup > 0) {
    await sleep(warmup * 1000);
    measuring = true;
    measuredFrom = performance.now();
  }
  if (amount === 0)
    setTimeout(() => {
      stopped = true;
      finish();
    }, seconds * 1000);
  await done;
  const measuredTo = performance.now();
  const elapsed = (measuredTo - measuredFrom) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const sorted = samples.sorted();
  result({
    ...window(measuredFrom, measuredTo),
    opsPerSec: count / elapsed,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    count,
    errors: 0,
    clientCpu: (cpu.user + cpu.system) / 1000 / (performance.now() - start),
  });
  for (const c of connections) c.socket.destroy();
}

async function fanout(): Promise<void> {
  const conns = arg("conns", 2000);
  const size = arg("payload", 64);
  const samples = new Samples();
  let current = -1;
  let sentAt = 0;
  let received = 0;
  let onAll: () => void = () => {};
  const warmCounts = new Map<number, number>();
  const seqOf = (data: Buffer) => Number(data.toString("latin1", 0, 12));
  const subscribers = await openMany(conns, 100, () =>
    openWebSocket(port, "/sub", (data) => {
      const seq = seqOf(data);
      if (seq !== current) {
        warmCounts.set(seq, (warmCounts.get(seq) ?? 0) + 1);
        return;
      }
      samples.push(performance.now() - sentAt);
      if (++received === conns) onAll();
    }),
  );
  const publisher = await openWebSocket(port, "/pub", () => {});
  // Subscriptions go live asynchronously: publish until one message reaches every socket.
  for (let seq = 1; ; seq++) {
    publisher.socket.write(clientFrame(payload(size, seq)));
    await sleep(20);
    if ([...warmCounts.values()].some((n) => n === conns)) break;
    if (seq > 1000) throw new Error(`only ${Math.max(0, ...warmCounts.values())} of ${conns} subscribers live after 20 s`);
  }
  await sleep(100);
  const publish = (seq: number): Promise<boolean> => {
    current = seq;
    received = 0;
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), 5000);
      onAll = () => {
        clearTimeout(timer);
        resolve(true);
      };
      sentAt = performance.now();
      publisher.socket.write(clientFrame(payload(size, seq)));
    });
  };
  let seq = 1_000_000;
  const warmUntil = performance.now() + warmup * 1000;
  while (performance.now() < warmUntil) await publish(seq++);
  samples.length = 0;
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const fanoutMs: number[] = [];
  let delivered = 0;
  let lost = 0;
  while (amount > 0 ? delivered < amount : performance.now() - start < seconds * 1000) {
    const t0 = performance.now();
    const complete = await publish(seq++);
    fanoutMs.push(performance.now() - t0);
    delivered += received;
    if (!complete) lost += conns - received;
  }
  const elapsed = performance.now() - start;
  const cpu = process.cpuUsage(cpu0);
  const sorted = samples.sorted();
  result({
    ...window(start, start + elapsed),
    opsPerSec: delivered / (elapsed / 1000),
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    fanoutMedianMs: percentile(Float64Array.from(fanoutMs).sort(), 50),
    messages: fanoutMs.length,
    count: delivered,
    errors: lost,
    clientCpu: (cpu.user + cpu.system) / 1000 / elapsed,
  });
  for (const c of [...subscribers, publisher]) c.socket.destroy();
}

async function idle(): Promise<void> {
  const wanted = arg("conns", 10000);
  const limit = fdLimit();
  const conns = Math.min(wanted, limit - 64);
  const connections: WsConnection[] = await openMany(conns, 200, () => openWebSocket(port, "/idle", () => {}));
  process.stdout.write(`CONNECTED ${connections.length}\n`);
  result({ connections: connections.length, wanted, fdLimit: Number.isFinite(limit) ? limit : null });
  for await (const _ of process.stdin) {
    // held open until the orchestrator closes stdin
  }
  for (const c of connections) c.socket.destroy();
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

if (mode === "echo") await echo();
else if (mode === "fanout") await fanout();
else if (mode === "idle") await idle();
else throw new Error(`unknown mode ${mode}: echo, fanout or idle`);
process.exit(0);
