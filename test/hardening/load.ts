// Manual load test (not part of `npm test`): holds LOAD_WS concurrent WebSockets (default 5,000) and sends LOAD_RPS
// requests per second (default 2,000) of mixed HTTP traffic for LOAD_SECONDS (default 60) at a Skiff server in its
// own process, on loopback only. Passes with zero 5xx, zero transport errors and a flat server heap.
//
//   ulimit -n 20000; node --import tsx test/hardening/load.ts
//
// Prints one line every 5 s (the server's heap measured after a full GC) and a JSON summary at the end. "skipped"
// counts requests not sent because 4 × LOAD_CONNECTIONS were already waiting (the server or this client fell behind).
import { spawn } from "node:child_process";
import { Agent, request as httpRequest } from "node:http";
import { fileURLToPath } from "node:url";
import { WebSocket as WsClient } from "ws";

const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const WEBSOCKETS = Number(process.env.LOAD_WS ?? 5000);
const RPS = Number(process.env.LOAD_RPS ?? 2000);
const HTTP_CONNECTIONS = Number(process.env.LOAD_CONNECTIONS ?? 64);
const WS_MESSAGE_EVERY_MS = 10_000;
const SERVER = fileURLToPath(new URL("./fixtures/load-server.ts", import.meta.url));

// ---- server ---------------------------------------------------------------------------------------------------

const server = spawn(process.execPath, ["--expose-gc", "--import", "tsx", SERVER], { stdio: ["ignore", "pipe", "inherit"] });
const port = await new Promise<number>((resolve, reject) => {
  let out = "";
  server.stdout!.on("data", (chunk: Buffer) => {
    out += chunk.toString();
    const match = /PORT (\d+)/.exec(out);
    if (match) resolve(Number(match[1]));
  });
  server.once("exit", (code) => reject(new Error(`server exited with ${code}`)));
});
const stopServer = () => {
  if (server.exitCode === null) server.kill("SIGTERM");
};
process.on("exit", stopServer);

// ---- HTTP traffic ---------------------------------------------------------------------------------------------

const agent = new Agent({ keepAlive: true, maxSockets: HTTP_CONNECTIONS });
const statuses: Record<number, number> = {};
let transportErrors = 0;
let inFlight = 0;
let skipped = 0;
const latencies: number[] = [];

function call(method: string, path: string, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port, method, path, agent, headers: body ? { "content-type": "application/json" } : {} }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

let counter = 0;
function nextRequest(): [string, string, string?] {
  const n = counter++;
  // About one broadcast a second, fanned out to every WebSocket.
  if (n % RPS === RPS - 1) return ["POST", "/publish", JSON.stringify({ text: `t${n}` })];
  switch (n % 20) {
    case 0:
    case 1:
    case 2:
    case 3:
    case 4:
      return ["POST", "/items", JSON.stringify({ name: `n${n}`, price: n % 100, tags: ["a", "b"] })];
    case 5:
      return ["POST", "/items", '{"name":1}']; // 422
    case 6:
      return ["GET", "/items/0"]; // 404 from the handler
    case 7:
      return ["GET", "/nowhere"]; // 404 from the router
    default:
      return ["GET", `/items/${n}?q=x`];
  }
}

function fire(): void {
  if (inFlight >= HTTP_CONNECTIONS * 4) {
    skipped++;
    return;
  }
  inFlight++;
  const [method, path, body] = nextRequest();
  const started = performance.now();
  call(method, path, body)
    .then(
      ({ status }) => {
        statuses[status] = (statuses[status] ?? 0) + 1;
        latencies.push(performance.now() - started);
      },
      () => void transportErrors++,
    )
    .finally(() => inFlight--);
}

// ---- WebSockets -----------------------------------------------------------------------------------------------

let wsOpen = 0;
let wsFailed = 0;
let wsUnexpectedClose = 0;
let wsEchoes = 0;
let wsBroadcasts = 0;
const sockets: WsClient[] = [];
let stopping = false;

async function openSockets(total: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: 100 }, async () => {
      while (next++ < total) {
        const ws = new WsClient(`ws://127.0.0.1:${port}/ws`);
        try {
          await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
        } catch {
          wsFailed++;
          continue;
        }
        wsOpen++;
        sockets.push(ws);
        ws.on("message", (data) => {
          if (data.toString().startsWith("{")) wsBroadcasts++;
          else wsEchoes++;
        });
        ws.on("close", () => {
          wsOpen--;
          if (!stopping) wsUnexpectedClose++;
        });
        ws.on("error", () => {});
      }
    }),
  );
}

// ---- run ------------------------------------------------------------------------------------------------------

async function stats(): Promise<{ heapUsed: number; rss: number; websockets: number }> {
  return JSON.parse((await call("GET", "/__stats")).text);
}

const MB = 1024 * 1024;
console.log(`server on 127.0.0.1:${port}; opening ${WEBSOCKETS} WebSockets…`);
const openStarted = performance.now();
await openSockets(WEBSOCKETS);
console.log(`${wsOpen} open in ${((performance.now() - openStarted) / 1000).toFixed(1)} s (${wsFailed} failed)`);

// Each socket sends a message every 10 s, spread evenly.
const wsTimer = setInterval(() => {
  const batch = Math.ceil(sockets.length / (WS_MESSAGE_EVERY_MS / 100));
  for (let i = 0; i < batch; i++) {
    const ws = sockets[(wsEchoes + i * 7919) % sockets.length];
    if (ws?.readyState === WsClient.OPEN) ws.send("ping");
  }
}, 100);

// HTTP at RPS, in 10 ms ticks, catching up on timer lateness.
const start = performance.now();
let sent = 0;
const httpTimer = setInterval(() => {
  const due = Math.floor(((performance.now() - start) / 1000) * RPS);
  while (sent < due) {
    fire();
    sent++;
  }
}, 10);

const samples: { t: number; heapUsed: number; rss: number }[] = [];
let lastCount = 0;
for (let elapsed = 5; elapsed <= SECONDS; elapsed += 5) {
  await new Promise((resolve) => setTimeout(resolve, start + elapsed * 1000 - performance.now()));
  const s = await stats();
  samples.push({ t: elapsed, heapUsed: s.heapUsed, rss: s.rss });
  const done = Object.values(statuses).reduce((a, b) => a + b, 0);
  const fivexx = Object.entries(statuses)
    .filter(([k]) => Number(k) >= 500)
    .reduce((a, [, v]) => a + v, 0);
  console.log(
    `${String(elapsed).padStart(3)} s  ${((done - lastCount) / 5).toFixed(0)} req/s  5xx ${fivexx}  errors ${transportErrors}  ` +
      `skipped ${skipped}  ws open ${wsOpen} (server ${s.websockets})  live heap ${(s.heapUsed / MB).toFixed(1)} MB  rss ${(s.rss / MB).toFixed(1)} MB`,
  );
  lastCount = done;
}
clearInterval(httpTimer);
clearInterval(wsTimer);
const seconds = (performance.now() - start) / 1000;
while (inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 20));

const total = Object.values(statuses).reduce((a, b) => a + b, 0);
const fivexx = Object.entries(statuses)
  .filter(([k]) => Number(k) >= 500)
  .reduce((a, [, v]) => a + v, 0);
latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))]?.toFixed(1);
// Flat memory: the live heap (after a full GC) at the end is within 25% (or 16 MB) of the one 10 s in, after warm-up.
const early = samples.find((s) => s.t >= 10) ?? samples[0]!;
const late = samples[samples.length - 1]!;
const heapGrowth = late.heapUsed - early.heapUsed;
const flat = heapGrowth < Math.max(16 * MB, early.heapUsed * 0.25);
const summary = {
  seconds: Number(seconds.toFixed(1)),
  requests: total,
  achievedRps: Math.round(total / seconds),
  targetRps: RPS,
  statuses,
  fivexx,
  transportErrors,
  skipped,
  latencyMs: { p50: pct(0.5), p99: pct(0.99), max: latencies.at(-1)?.toFixed(1) },
  websockets: {
    target: WEBSOCKETS,
    open: wsOpen,
    failed: wsFailed,
    unexpectedCloses: wsUnexpectedClose,
    echoes: wsEchoes,
    broadcastsReceived: wsBroadcasts,
  },
  serverHeapMB: samples.map((s) => Number((s.heapUsed / MB).toFixed(1))),
  serverRssMB: samples.map((s) => Number((s.rss / MB).toFixed(1))),
  heapGrowthMB: Number((heapGrowth / MB).toFixed(1)),
  flatMemory: flat,
};
const passed = fivexx === 0 && transportErrors === 0 && wsFailed === 0 && wsUnexpectedClose === 0 && wsOpen === WEBSOCKETS && flat;
console.log(JSON.stringify(summary, null, 2));
console.log(passed ? "PASS" : "FAIL");

stopping = true;
for (const ws of sockets) ws.terminate();
agent.destroy();
stopServer();
process.exit(passed ? 0 : 1);
