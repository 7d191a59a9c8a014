// `npm run bench`: Skiff against node:http, Fastify, Hono, Express (and FastAPI when installed) over HTTP, and
// against a raw `ws` server over WebSockets. Servers are pinned to one core, load generators to the other; rounds
// alternate between servers; medians and ratios go to bench/results.{json,md,svg}. `--help` lists the options.
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chooseLoadGenerator } from "./lib/http-load.ts";
import { measureHttp, REQUESTS, startHttpServers, type Contestant, type RunningServer } from "./lib/http-scenarios.ts";
import { detectPinning, pinSelf, stopProcess } from "./lib/process.ts";
import { markdown, svgChart, updateReadme } from "./lib/report.ts";
import { baselineServer, HTTP_SERVERS, runsIn, WS_SERVERS, type ServerSpec } from "./lib/servers.ts";
import { parseSettings, USAGE, type Settings } from "./lib/settings.ts";
import { measureStartup } from "./lib/startup.ts";
import { checkTargets } from "./lib/targets.ts";
import type { RunResult, ScenarioId, ScenarioResult, ServerResult } from "./lib/types.ts";
import { measureIdle, measureWs, startWsServer, type RunningWsServer } from "./lib/ws-scenarios.ts";

const BENCH_DIR = fileURLToPath(new URL(".", import.meta.url));

const TITLES: Record<ScenarioId, string> = {
  hello: "1 Hello JSON",
  get: "2 Validated GET",
  post: "3 Validated POST",
  routes: "4 1,000 routes",
  "ws-echo": "5 WS echo",
  broadcast: "6 Broadcast fan-out",
  "ws-idle": "7 Idle WS memory",
  startup: "8 Start-up",
};

function scenario(
  id: ScenarioId,
  metric: string,
  unit: string,
  higherIsBetter: boolean,
  results: ServerResult[],
  notes: string[] = [],
): ScenarioResult {
  const cpuMetric = id === "startup" ? "cpuMs" : id === "ws-idle" ? undefined : "capacity";
  return {
    id,
    title: TITLES[id],
    metric,
    unit,
    higherIsBetter,
    results,
    ratios: ratiosOf(results, metric),
    cpuMetric,
    cpuRatios: cpuMetric ? ratiosOf(results, cpuMetric) : {},
    notes,
  };
}

/** Skiff's median of `metric` divided by each peer's. */
function ratiosOf(results: ServerResult[], metric: string): Record<string, number> {
  const skiff = results.find((r) => r.server === "skiff");
  const ratios: Record<string, number> = {};
  for (const r of results) if (skiff && r !== skiff) ratios[r.server] = skiff.median[metric] / r.median[metric];
  return ratios;
}

function selected(specs: ServerSpec[], settings: Settings, notes: string[]): ServerSpec[] {
  const all = settings.baseline ? [specs[0], baselineServer(specs[0].kind, settings.baseline), ...specs.slice(1)] : specs;
  return all.filter((spec) => {
    if (spec.id === "skiff-before") return true;
    if (settings.servers && !settings.servers.includes(spec.id)) return false;
    const why = spec.unavailable?.();
    if (why) notes.push(`${spec.label} left out: ${why}`);
    return !why;
  });
}

async function httpScenarios(settings: Settings, ctx: Context): Promise<ScenarioResult[]> {
  const wanted = settings.scenarios.filter((s) => s === "hello" || s === "get" || s === "post" || s === "routes");
  if (wanted.length === 0) return [];
  const specs = selected(HTTP_SERVERS, settings, ctx.notes).filter((spec) => wanted.some((id) => runsIn(spec, id)));
  ctx.log(
    `starting ${specs.map((s) => s.label).join(", ")} with ${settings.routesSmall} routes${wanted.includes("routes") ? ` and with ${settings.routesLarge}` : ""}`,
  );
  const small = await startHttpServers(specs, settings.routesSmall, ctx.pinning, ctx.notes);
  // Scenario 4's target compares Skiff with itself; the quick run skips the peers' large apps to save time.
  const largeSpecs = (settings.routesPeers ? specs : specs.filter((s) => s.id === "skiff" || s.id === "skiff-before")).filter((s) =>
    runsIn(s, "routes"),
  );
  const large = wanted.includes("routes") ? await startHttpServers(largeSpecs, settings.routesLarge, ctx.pinning, ctx.notes) : [];
  const out: ScenarioResult[] = [];
  const plain = (servers: RunningServer[], id: ScenarioId): Contestant[] =>
    servers.filter((s) => runsIn(s.spec, id)).map((s) => ({ key: s.spec.id, label: s.spec.label, server: s }));
  try {
    for (const id of ["hello", "post"] as const) {
      if (!wanted.includes(id)) continue;
      ctx.log(`${TITLES[id]}: ${REQUESTS[id].method} ${REQUESTS[id].path}`);
      out.push(
        scenario(
          id,
          "requestsPerSec",
          "req/s",
          true,
          await measureHttp(plain(small, id), REQUESTS[id], settings, ctx.generator, ctx.pinning, ctx.log),
        ),
      );
    }
    if (wanted.includes("get") || wanted.includes("routes")) out.push(...(await getAndRoutes(settings, ctx, small, large)));
  } finally {
    await Promise.all([...small, ...large].map((s) => stopProcess(s.started)));
  }
  const order: ScenarioId[] = ["hello", "get", "post", "routes"];
  return out.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
}

/** Scenarios 2 and 4 share their rounds: each server with 10 routes, then with 1,000, the same route. */
async function getAndRoutes(settings: Settings, ctx: Context, small: RunningServer[], large: RunningServer[]): Promise<ScenarioResult[]> {
  const contestants: Contestant[] = [];
  for (const s of small) {
    if (!runsIn(s.spec, "get")) continue;
    contestants.push({ key: s.spec.id, label: `${s.spec.label}`, server: s });
    const big = large.find((l) => l.spec.id === s.spec.id);
    if (big) contestants.push({ key: `${s.spec.id}@large`, label: `${s.spec.label} (${settings.routesLarge} routes)`, server: big });
  }
  ctx.log(`${TITLES.get} and ${TITLES.routes}: GET ${REQUESTS.get.path}`);
  const results = await measureHttp(contestants, REQUESTS.get, settings, ctx.generator, ctx.pinning, ctx.log);
  const out: ScenarioResult[] = [];
  if (settings.scenarios.includes("get"))
    out.push(
      scenario(
        "get",
        "requestsPerSec",
        "req/s",
        true,
        results.filter((r) => !r.server.endsWith("@large")),
      ),
    );
  if (large.length > 0) {
    const atLarge = results.filter((r) => r.server.endsWith("@large")).map((r) => ({ ...r, server: r.server.replace("@large", "") }));
    const routes = scenario("routes", "requestsPerSec", "req/s", true, atLarge, [
      `the validated GET with ${settings.routesLarge} routes registered; "skiff@small" is Skiff's scenario-2 median (${settings.routesSmall} routes) from the same rounds`,
    ]);
    const skiffSmall = results.find((r) => r.server === "skiff");
    const skiffLarge = atLarge.find((r) => r.server === "skiff");
    routes.title = `4 ${settings.routesLarge.toLocaleString("en-US")} routes`;
    if (skiffSmall && skiffLarge) {
      routes.ratios["skiff@small"] = skiffLarge.median.requestsPerSec / skiffSmall.median.requestsPerSec;
      routes.cpuRatios["skiff@small"] = skiffLarge.median.capacity / skiffSmall.median.capacity;
    }
    for (const r of atLarge) {
      const own = results.find((x) => x.server === r.server);
      if (own) routes.notes.push(`${r.label}: ${(r.median.requestsPerSec / own.median.requestsPerSec).toFixed(2)} × its own 10-route throughput`);
    }
    out.push(routes);
  }
  return out;
}

async function wsScenarios(settings: Settings, ctx: Context): Promise<ScenarioResult[]> {
  // Raw ws and the for-await variant always run beside Skiff; the seed app when no server list leaves it out.
  // The Bun contestants (echo only) likewise, unless a server list leaves them out.
  const optional = ["skiff-seed", "skiff-bun", "bun-raw"].filter((id) => !settings.servers || settings.servers.includes(id));
  const wsIds = ["skiff", "ws", "skiff-loop", ...optional];
  const specs = selected(WS_SERVERS, { ...settings, servers: wsIds }, ctx.notes);
  // The for-await variant differs from Skiff only in its fan-out subscriber; the seed app has no fan-out routes.
  const notLoop = (spec: ServerSpec) => spec.id !== "skiff-loop";
  const fansOut = (spec: ServerSpec) => spec.id !== "skiff-seed" && runsIn(spec, "broadcast");
  const out: ScenarioResult[] = [];
  const live = settings.scenarios.includes("ws-echo") || settings.scenarios.includes("broadcast");
  if (live) {
    const servers: RunningWsServer[] = [];
    try {
      const live = (spec: ServerSpec) =>
        (settings.scenarios.includes("ws-echo") && runsIn(spec, "ws-echo")) ||
        (settings.scenarios.includes("broadcast") && runsIn(spec, "broadcast"));
      for (const spec of specs.filter(live)) servers.push(await startWsServer(spec, ctx.pinning));
      if (settings.scenarios.includes("ws-echo")) {
        ctx.log(`${TITLES["ws-echo"]}: ${settings.echoConnections} connections, one message in flight each`);
        const echoing = servers.filter((s) => notLoop(s.spec) && runsIn(s.spec, "ws-echo"));
        out.push(scenario("ws-echo", "opsPerSec", "round trips/s", true, await measureWs("echo", echoing, settings, ctx.pinning, ctx.log)));
      }
      if (settings.scenarios.includes("broadcast")) {
        ctx.log(`${TITLES.broadcast}: one message to ${settings.fanoutConnections} sockets at a time`);
        const results = await measureWs(
          "fanout",
          servers.filter((s) => fansOut(s.spec)),
          settings,
          ctx.pinning,
          ctx.log,
        );
        out.push(
          scenario("broadcast", "opsPerSec", "deliveries/s", true, results, [
            `each message goes to all ${settings.fanoutConnections} sockets before the next is published; p50/p99 are per delivery, from publish to receipt`,
            `Skiff forwards the channel with \`subscription.pipeTo(ws)\`; "Skiff (for await loop)" is the same server with a plain \`for await (…) await ws.sendText(…)\` subscriber`,
          ]),
        );
      }
    } finally {
      await Promise.all(servers.map((s) => stopProcess(s.started)));
    }
  }
  if (settings.scenarios.includes("ws-idle")) {
    ctx.log(`${TITLES["ws-idle"]}: ${settings.idleConnections} idle connections, a fresh server per round`);
    const results = await measureIdle(
      specs.filter((spec) => notLoop(spec) && runsIn(spec, "ws-idle")),
      { ...settings, rounds: settings.idleRounds },
      ctx.pinning,
      ctx.log,
      ctx.notes,
    );
    out.push(
      scenario("ws-idle", "bytesPerConnection", "bytes/conn", false, results, [
        "RSS growth per connection as the process has it 1 s after the last connection opened (no forced GC), read from /proc; besides it, `rssAfterGcBytesPerConnection` and `heapBytesPerConnection` (heapUsed + external) after a forced GC",
      ]),
    );
  }
  return out;
}

interface Context {
  pinning: ReturnType<typeof detectPinning>;
  generator: ReturnType<typeof chooseLoadGenerator>;
  notes: string[];
  log: (line: string) => void;
}

async function main(): Promise<void> {
  if (process.argv.includes("--help")) {
    console.log(USAGE);
    return;
  }
  const settings = parseSettings(process.argv.slice(2), BENCH_DIR);
  const log = (line: string) => console.log(line);
  const notes: string[] = [];
  const pinning = detectPinning();
  if (pinning) pinSelf(pinning.load);
  else notes.push("not pinned: taskset or a second core is missing, so servers and load generators share the CPU");
  if (settings.baseline) notes.push(`"Skiff (before)" is the Skiff of ${settings.baseline}, measured in the same rounds`);
  const generator = chooseLoadGenerator(settings.loadGenerator, log);
  const ctx: Context = { pinning, generator, notes, log };
  const loadStart = loadavg();
  log(
    `skiff bench (${settings.mode}): ${settings.scenarios.join(", ")}; load generator ${generator}; load average ${loadStart.map((x) => x.toFixed(1)).join(" ")}`,
  );

  const scenarios: ScenarioResult[] = [...(await httpScenarios(settings, ctx)), ...(await wsScenarios(settings, ctx))];
  if (settings.scenarios.includes("startup")) {
    // Every contestant as compiled JavaScript: the `skiff run` app (a TypeScript file loaded by tsx) is left out.
    const specs = selected(HTTP_SERVERS, settings, []).filter((spec) => spec.id !== "skiff-seed" && runsIn(spec, "startup"));
    log(`${TITLES.startup}: process start to first 200 with ${settings.routesStartup} routes`);
    const results = await measureStartup(specs, settings.routesStartup, settings.startupRounds, pinning, log);
    scenarios.push(
      scenario("startup", "ms", "ms", false, results, [
        "every server is compiled JavaScript (each server file built once by esbuild; Skiff from its dist/), so no TypeScript loader is timed",
      ]),
    );
  }

  const result: RunResult = {
    meta: {
      date: new Date().toISOString(),
      mode: settings.mode,
      node: process.versions.node,
      cpu: cpus()[0]?.model.trim() ?? "unknown CPU",
      cores: cpus().length,
      loadAverage: { start: loadStart, end: loadavg() },
      loadGenerator: generator,
      pinned: pinning !== null,
      rounds: settings.rounds,
      secondsPerRound: settings.seconds,
      connections: settings.connections,
      notes,
    },
    scenarios,
    targets: checkTargets(scenarios),
  };
  mkdirSync(settings.outDir, { recursive: true });
  writeFileSync(join(settings.outDir, "results.json"), `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(join(settings.outDir, "results.md"), markdown(result));
  writeFileSync(join(settings.outDir, "results.svg"), svgChart(result));
  if (settings.updateReadme && !updateReadme(join(BENCH_DIR, "..", "README.md"), result))
    log("README.md has no <!-- bench:start --> block; not updated");
  log("");
  log(markdown(result));
  log(`written: ${join(settings.outDir, "results.{json,md,svg}")}`);
}

await main();
