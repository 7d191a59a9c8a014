// Scenarios 1–4: HTTP throughput against servers that stay up across rounds.
import { Agent, request } from "node:http";
import { ITEM_BODY } from "../servers/shared.ts";
import { runHttpLoad, type HttpLoad, type LoadGenerator } from "./http-load.ts";
import { cpuMsOf, freePort, httpGet, httpSend, rssOf, startProcess, stopProcess, waitUntilServing, type Pinning, type Started } from "./process.ts";
import type { ServerSpec } from "./servers.ts";
import type { Settings } from "./settings.ts";
import { median } from "./stats.ts";
import type { Measurement, ServerResult } from "./types.ts";

export interface RunningServer {
  spec: ServerSpec;
  routes: number;
  started: Started;
}

export interface HttpRequestSpec {
  method: "GET" | "POST";
  path: string;
  body?: string;
}

const ITEM_JSON = JSON.stringify(ITEM_BODY);

export const REQUESTS = {
  hello: { method: "GET", path: "/" },
  get: { method: "GET", path: "/items/12?q=hi&limit=5" },
  post: { method: "POST", path: "/items", body: ITEM_JSON },
} satisfies Record<string, HttpRequestSpec>;

/** Starts every server with `routes` routes (in parallel) and checks its answers; failures are dropped with a note. */
export async function startHttpServers(specs: ServerSpec[], routes: number, pinning: Pinning | null, notes: string[]): Promise<RunningServer[]> {
  const starting = await Promise.all(
    specs.map(async (spec) => {
      const port = await freePort();
      const { command, args, env, cwd } = spec.command(port, routes);
      const started = startProcess(command, args, { core: pinning?.server, port, env, cwd });
      try {
        await waitUntilServing(started, "/", 180_000);
        const problem = await checkAnswers(port);
        if (problem) throw new Error(problem);
        return { spec, routes, started };
      } catch (error) {
        notes.push(`${spec.label} (${routes} routes) left out: ${(error as Error).message.split("\n")[0]}`);
        await stopProcess(started);
        return undefined;
      }
    }),
  );
  return starting.filter((s): s is RunningServer => s !== undefined);
}

/** The same answers from every server, or the first difference. */
async function checkAnswers(port: number): Promise<string | undefined> {
  const hello = await httpGet(port, REQUESTS.hello.path);
  if (hello.status !== 200 || hello.body !== '{"Hello":"World"}') return `GET / answered ${hello.status} ${hello.body}`;
  const get = await httpGet(port, REQUESTS.get.path);
  const item = get.status === 200 ? (JSON.parse(get.body) as Record<string, unknown>) : {};
  if (item.id !== 12 || item.q !== "hi" || item.limit !== 5) return `GET /items/12 answered ${get.status} ${get.body}`;
  const bad = await httpGet(port, "/items/12?limit=500");
  if (bad.status < 400 || bad.status >= 500) return `GET /items/12?limit=500 was not refused (${bad.status})`;
  const post = await httpSend(port, "POST", "/items", ITEM_BODY);
  if (post.status !== 201 || JSON.parse(post.body).sku !== ITEM_BODY.sku) return `POST /items answered ${post.status} ${post.body.slice(0, 200)}`;
  return undefined;
}

/** A few hundred keep-alive requests so the route is compiled by the JIT before wrk starts. */
async function lightWarmup(port: number, spec: HttpRequestSpec, count = 400): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });
  const one = () =>
    new Promise<void>((resolve) => {
      const headers: Record<string, string | number> = spec.body
        ? { "content-type": "application/json", "content-length": Buffer.byteLength(spec.body) }
        : {};
      const req = request({ host: "127.0.0.1", port, path: spec.path, method: spec.method, agent, headers }, (res) => {
        res.resume();
        res.on("end", resolve);
      });
      req.on("error", () => resolve());
      req.end(spec.body);
    });
  for (let i = 0; i < count; i += 8) await Promise.all(Array.from({ length: 8 }, one));
  agent.destroy();
}

export interface Contestant {
  /** Key in the results (`skiff`, or `skiff@1000` for the routes scenario). */
  key: string;
  label: string;
  server: RunningServer;
}

/**
 * Measures `spec` on every contestant: warm-up, then `rounds` rounds, each visiting every contestant once in an
 * order rotated by one per round (A B C, B C A, …), so none always runs first or last under the machine's noise.
 */
export async function measureHttp(
  contestants: Contestant[],
  spec: HttpRequestSpec,
  settings: Settings,
  generator: LoadGenerator,
  pinning: Pinning | null,
  log: (line: string) => void,
): Promise<ServerResult[]> {
  const rounds = new Map<string, Measurement[]>(contestants.map((c) => [c.key, []]));
  for (const c of contestants) {
    await lightWarmup(c.server.started.port, spec);
    if (settings.warmupSeconds > 0) await runHttpLoad(generator, load(c, spec, settings, settings.warmupSeconds), pinning?.load);
  }
  for (let round = 0; round < settings.rounds; round++) {
    const order = contestants.map((_, i) => contestants[(i + round) % contestants.length]);
    for (const c of order) {
      const pid = c.server.started.pid;
      const cpuBefore = cpuMsOf(pid);
      const r = await runHttpLoad(generator, load(c, spec, settings, settings.seconds), pinning?.load);
      const cpuMs = cpuMsOf(pid) - cpuBefore;
      const m: Measurement = {
        requestsPerSec: r.requestsPerSec,
        p50Ms: r.p50Ms,
        p99Ms: r.p99Ms,
        rssMB: rssOf(pid) / 2 ** 20,
        cpuUsPerRequest: r.requests > 0 ? (cpuMs * 1000) / r.requests : Number.NaN,
        capacity: cpuMs > 0 ? (r.requests * 1000) / cpuMs : Number.NaN,
        errors: r.errors,
      };
      rounds.get(c.key)!.push(m);
      log(
        `  round ${round + 1} ${c.label.padEnd(22)} ${fmt(m.requestsPerSec)} req/s  p50 ${m.p50Ms.toFixed(2)} ms  p99 ${m.p99Ms.toFixed(2)} ms${r.errors ? `  ${r.errors} errors` : ""}`,
      );
    }
  }
  return contestants.map((c) => summarize(c.key, c.label, rounds.get(c.key)!));
}

function load(c: Contestant, spec: HttpRequestSpec, settings: Settings, seconds: number): HttpLoad {
  return {
    port: c.server.started.port,
    path: spec.path,
    method: spec.method,
    body: spec.body,
    connections: settings.connections,
    seconds,
    amount: settings.amount,
  };
}

export function summarize(server: string, label: string, rounds: Measurement[]): ServerResult {
  const keys = new Set(rounds.flatMap((r) => Object.keys(r)));
  const med: Measurement = {};
  for (const key of keys) med[key] = median(rounds.map((r) => r[key]));
  return { server, label, rounds, median: med };
}

export function fmt(n: number): string {
  return Math.round(n).toLocaleString("en-US").padStart(8);
}
