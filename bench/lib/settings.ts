// Command-line options of `npm run bench`, and how big each mode is.
import type { ScenarioId } from "./types.ts";
import type { LoadGenerator } from "./http-load.ts";

export interface Settings {
  mode: "full" | "quick" | "tiny";
  rounds: number;
  /** Seconds of measured load per round (HTTP, echo, fan-out). */
  seconds: number;
  /** Seconds of warm-up load per server before its first round (0: a few hundred requests only). */
  warmupSeconds: number;
  /** Requests per HTTP round instead of a duration (tiny mode). */
  amount?: number;
  connections: number;
  routesLarge: number;
  routesSmall: number;
  routesStartup: number;
  /** Whether scenario 4 also runs the peers with the large route table (full runs), or Skiff alone. */
  routesPeers: boolean;
  echoConnections: number;
  fanoutConnections: number;
  idleConnections: number;
  idleRounds: number;
  startupRounds: number;
  scenarios: ScenarioId[];
  /** Server ids to run (Skiff is always kept: every ratio is Skiff ÷ peer). */
  servers: string[] | undefined;
  loadGenerator: LoadGenerator | undefined;
  outDir: string;
  updateReadme: boolean;
  /** Another checkout whose Skiff runs alongside as "Skiff (before)". */
  baseline: string | undefined;
}

const ALL: ScenarioId[] = ["hello", "get", "post", "routes", "ws-echo", "broadcast", "ws-idle", "startup"];

export const USAGE = `npm run bench [-- options]
  (default)            7 rounds of 3 s per server and scenario, about 15 minutes
  --quick              a minute or so: 2 rounds of 1 s
  --tiny               a few hundred requests per server (the smoke test)
  --rounds N           rounds per scenario (A B A B …)
  --seconds N          seconds of load per round
  --only a,b           scenarios: ${ALL.join(", ")}
  --servers a,b        servers: skiff, skiff-seed, node, fastify, hono, express, fastapi, and on Bun and Deno
                       (scenarios 1, 2 and 5): skiff-bun, bun-raw, hono-bun, elysia-bun, skiff-deno, deno-raw,
                       hono-deno (ws scenarios: skiff, ws, skiff-seed, skiff-bun, bun-raw); skiff-seed is the seed
                       app as users run it (\`skiff run\`, its defaults)
  --loadgen wrk|autocannon|inline
  --out DIR            where results.json/.md/.svg go (default bench/)
  --readme             also rewrite the Performance table in README.md
  --baseline DIR       also run the Skiff of another checkout (with this bench/servers copied in) as "Skiff (before)"`;

export function parseSettings(argv: string[], defaultOut: string): Settings {
  const has = (flag: string) => argv.includes(flag);
  const value = (flag: string) => {
    const at = argv.indexOf(flag);
    return at === -1 ? undefined : argv[at + 1];
  };
  const mode = has("--tiny") ? "tiny" : has("--quick") ? "quick" : "full";
  const base: Settings =
    mode === "full"
      ? {
          mode,
          rounds: 7,
          seconds: 3,
          warmupSeconds: 2,
          connections: 100,
          routesLarge: 1000,
          routesSmall: 10,
          routesStartup: 100,
          routesPeers: true,
          echoConnections: 100,
          fanoutConnections: 2000,
          idleConnections: 10000,
          idleRounds: 3,
          startupRounds: 5,
          scenarios: ALL,
          servers: undefined,
          loadGenerator: undefined,
          outDir: defaultOut,
          updateReadme: false,
          baseline: undefined,
        }
      : mode === "quick"
        ? {
            mode,
            rounds: 2,
            seconds: 1,
            warmupSeconds: 0,
            connections: 100,
            routesLarge: 1000,
            routesSmall: 10,
            routesStartup: 100,
            routesPeers: false,
            echoConnections: 100,
            fanoutConnections: 2000,
            idleConnections: 10000,
            idleRounds: 1,
            startupRounds: 2,
            scenarios: ALL,
            servers: undefined,
            loadGenerator: undefined,
            outDir: defaultOut,
            updateReadme: false,
            baseline: undefined,
          }
        : {
            mode,
            rounds: 1,
            seconds: 1,
            warmupSeconds: 0,
            amount: 300,
            connections: 10,
            routesLarge: 100,
            routesSmall: 10,
            routesStartup: 20,
            routesPeers: false,
            echoConnections: 10,
            fanoutConnections: 50,
            idleConnections: 200,
            idleRounds: 1,
            startupRounds: 1,
            scenarios: ALL,
            servers: undefined,
            loadGenerator: "inline",
            outDir: defaultOut,
            updateReadme: false,
            baseline: undefined,
          };
  const rounds = value("--rounds");
  const seconds = value("--seconds");
  const only = value("--only");
  const servers = value("--servers");
  const loadgen = value("--loadgen");
  const out = value("--out");
  if (rounds) base.rounds = positive("--rounds", rounds);
  if (seconds) base.seconds = positive("--seconds", seconds);
  if (only) {
    const wanted = only.split(",") as ScenarioId[];
    const unknown = wanted.filter((s) => !ALL.includes(s));
    if (unknown.length > 0) throw new Error(`unknown scenario ${unknown.join(", ")}; choose from ${ALL.join(", ")}`);
    base.scenarios = wanted;
  }
  if (servers) base.servers = [...new Set(["skiff", ...servers.split(",")])];
  if (loadgen) {
    if (loadgen !== "wrk" && loadgen !== "autocannon" && loadgen !== "inline")
      throw new Error(`--loadgen takes wrk, autocannon or inline, not ${loadgen}`);
    base.loadGenerator = loadgen;
  }
  if (out) base.outDir = out;
  base.updateReadme = has("--readme");
  base.baseline = value("--baseline");
  return base;
}

function positive(flag: string, text: string): number {
  const n = Number(text);
  if (!(Number.isInteger(n) && n > 0)) throw new Error(`${flag} takes a whole number > 0, not ${text}`);
  return n;
}
