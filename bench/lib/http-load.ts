// HTTP load: wrk (one thread, pinned to the load core) or, where wrk is missing, autocannon in a pinned child.
// The smoke test's tiny mode uses `inline`: a fixed number of keep-alive requests from this process.
import { spawnSync } from "node:child_process";
import { Agent, request } from "node:http";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { run } from "./process.ts";

export interface HttpLoad {
  port: number;
  path: string;
  method: "GET" | "POST";
  /** JSON body, sent with `content-type: application/json`. */
  body?: string;
  connections: number;
  /** Whole seconds of load (wrk's smallest unit). */
  seconds: number;
  /** Stop after this many requests instead (tiny mode: autocannon or inline). */
  amount?: number;
}

export interface HttpResult {
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** Socket errors, timeouts and non-2xx answers: a correct run has none. */
  errors: number;
}

export type LoadGenerator = "wrk" | "autocannon" | "inline";

/** wrk if it is on PATH; otherwise try `apt-get install -y wrk` once (root only), else autocannon. */
export function chooseLoadGenerator(wanted: LoadGenerator | undefined, log: (line: string) => void): LoadGenerator {
  if (wanted === "autocannon" || wanted === "inline") return wanted;
  if (hasWrk()) return "wrk";
  if (process.getuid?.() === 0 && spawnSync("which", ["apt-get"]).status === 0) {
    log("wrk not found: apt-get install -y wrk");
    spawnSync("apt-get", ["install", "-y", "wrk"], { stdio: "ignore", timeout: 180_000 });
    if (hasWrk()) return "wrk";
  }
  if (wanted === "wrk") throw new Error("wrk was asked for but is not installed and could not be installed");
  log("wrk unavailable: using autocannon");
  return "autocannon";
}

function hasWrk(): boolean {
  return spawnSync("wrk", ["--version"]).error === undefined;
}

let scriptDir: string | undefined;

/** A wrk script that sets the request and prints exact percentiles (µs) as one JSON line. */
function wrkScript(load: HttpLoad): string {
  scriptDir ??= mkdtempSync(join(tmpdir(), "skiff-bench-"));
  const file = join(scriptDir, `${load.method}-${load.body ? load.body.length : 0}.lua`);
  const body = load.body === undefined ? "" : `wrk.body = ${JSON.stringify(load.body)}\nwrk.headers["Content-Type"] = "application/json"\n`;
  writeFileSync(
    file,
    `wrk.method = "${load.method}"\n${body}` +
      `done = function(summary, latency, requests)\n` +
      `  local e = summary.errors\n` +
      `  io.write(string.format('RESULT {"requests":%d,"duration":%d,"p50":%d,"p99":%d,"errors":%d}\\n',\n` +
      `    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),\n` +
      `    e.connect + e.read + e.write + e.status + e.timeout))\n` +
      `end\n`,
  );
  return file;
}

export async function runHttpLoad(generator: LoadGenerator, load: HttpLoad, core: string | undefined): Promise<HttpResult> {
  if (generator === "inline") return runInline(load);
  return generator === "wrk" && load.amount === undefined ? runWrk(load, core) : runAutocannon(load, core);
}

/** `amount` requests (or `seconds` of them) over `connections` keep-alive sockets from this process. */
export async function runInline(load: HttpLoad): Promise<HttpResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: load.connections });
  const headers: Record<string, string | number> =
    load.body === undefined ? {} : { "content-type": "application/json", "content-length": Buffer.byteLength(load.body) };
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + load.seconds * 1000;
  let started = 0;
  const more = () => (load.amount !== undefined ? started < load.amount : performance.now() < deadline);
  const one = () =>
    new Promise<void>((resolve) => {
      const t0 = performance.now();
      const req = request({ host: "127.0.0.1", port: load.port, path: load.path, method: load.method, agent, headers }, (res) => {
        if (res.statusCode === undefined || res.statusCode >= 400) errors++;
        res.resume();
        res.on("end", () => {
          latencies.push(performance.now() - t0);
          resolve();
        });
      });
      req.on("error", () => {
        errors++;
        resolve();
      });
      req.end(load.body);
    });
  const worker = async () => {
    while (more()) {
      started++;
      await one();
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: load.connections }, worker));
  const elapsed = (performance.now() - t0) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.max(0, Math.ceil((p / 100) * latencies.length) - 1))] ?? Number.NaN;
  return { requestsPerSec: latencies.length / elapsed, p50Ms: at(50), p99Ms: at(99), requests: latencies.length, errors };
}

async function runWrk(load: HttpLoad, core: string | undefined): Promise<HttpResult> {
  const args = [
    "-t1",
    `-c${load.connections}`,
    `-d${load.seconds}s`,
    "--timeout",
    "5s",
    "-s",
    wrkScript(load),
    `http://127.0.0.1:${load.port}${load.path}`,
  ];
  const out = await run("wrk", args, { core, timeoutMs: (load.seconds + 30) * 1000 });
  const line = /RESULT (\{.*\})/.exec(out.stdout);
  if (!line) throw new Error(`wrk failed (${out.code}): ${out.stderr || out.stdout}`);
  const r = JSON.parse(line[1]) as { requests: number; duration: number; p50: number; p99: number; errors: number };
  return { requestsPerSec: r.requests / (r.duration / 1e6), p50Ms: r.p50 / 1000, p99Ms: r.p99 / 1000, requests: r.requests, errors: r.errors };
}

const RUNNER = fileURLToPath(new URL("./autocannon-runner.ts", import.meta.url));

async function runAutocannon(load: HttpLoad, core: string | undefined): Promise<HttpResult> {
  const out = await run(process.execPath, ["--import", "tsx", RUNNER], {
    core,
    input: JSON.stringify(load),
    timeoutMs: (load.seconds + 60) * 1000,
  });
  const line = /RESULT (\{.*\})/.exec(out.stdout);
  if (!line) throw new Error(`autocannon failed (${out.code}): ${out.stderr || out.stdout}`);
  return JSON.parse(line[1]) as HttpResult;
}
