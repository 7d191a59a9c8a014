// Where a server spends its CPU under one scenario's load. The server runs pinned, with `node --cpu-prof`, under the
// bench's own load (wrk, or ws-load for WebSockets); the result is the `.cpuprofile` (a flame graph in Chrome
// DevTools' Performance panel or speedscope) and its self time per function and per part over the load window.
//   npm run bench:profile -- --server skiff --scenario get [--seconds 5] [--out DIR] [--top 30]
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { profileMarkdown, summarizeProfile, type CpuProfile } from "./lib/cpu-profile.ts";
import { chooseLoadGenerator, runHttpLoad, type LoadGenerator } from "./lib/http-load.ts";
import { REQUESTS } from "./lib/http-scenarios.ts";
import { detectPinning, freePort, pinSelf, startProcess, stopProcess, waitUntilServing } from "./lib/process.ts";
import { HTTP_SERVERS, WS_SERVERS } from "./lib/servers.ts";
import { runWsLoad } from "./lib/ws-scenarios.ts";

const USAGE = `npm run bench:profile -- --server ID --scenario ID [options]
  --server     skiff | skiff-seed | node | fastify | hono | express (HTTP); skiff | ws | skiff-loop (WebSocket scenarios)
               (skiff-seed: the seed app as users run it, under \`skiff run\`'s defaults)
  --scenario   hello | get | post | ws-echo | broadcast
  --seconds N  seconds of measured load, after a one-second warm-up (default 5)
  --amount N   instead of seconds: N requests from this process (no wrk; for tests)
  --top N      functions listed (default 30)
  --out DIR    where the .cpuprofile and summary.md go (default bench/profiles)`;

const HTTP_SCENARIOS = ["hello", "get", "post"] as const;
type HttpScenario = (typeof HTTP_SCENARIOS)[number];

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      server: { type: "string" },
      scenario: { type: "string" },
      seconds: { type: "string", default: "5" },
      amount: { type: "string" },
      top: { type: "string", default: "30" },
      out: { type: "string", default: fileURLToPath(new URL("./profiles/", import.meta.url)) },
      help: { type: "boolean" },
    },
  });
  if (values.help) return console.log(USAGE);
  const scenario = values.scenario ?? "";
  const isHttp = (HTTP_SCENARIOS as readonly string[]).includes(scenario);
  if (!isHttp && scenario !== "ws-echo" && scenario !== "broadcast")
    throw new Error(`--scenario: one of hello, get, post, ws-echo, broadcast\n\n${USAGE}`);
  const spec = (isHttp ? HTTP_SERVERS : WS_SERVERS).find((s) => s.id === values.server && s.id !== "fastapi");
  if (!spec) throw new Error(`--server: ${values.server ?? "(none)"} has no ${isHttp ? "HTTP" : "WebSocket"} bench server\n\n${USAGE}`);
  const seconds = Number(values.seconds);
  const amount = values.amount === undefined ? undefined : Number(values.amount);

  const pinning = detectPinning();
  if (pinning) pinSelf(pinning.load);
  const out = resolve(values.out!);
  const raw = join(out, `.raw-${process.pid}`);
  mkdirSync(raw, { recursive: true });
  const port = await freePort();
  const { command, args, env, cwd } = spec.command(port, isHttp ? 10 : 0);
  const started = startProcess(command, ["--cpu-prof", `--cpu-prof-dir=${raw}`, "--cpu-prof-interval", "100", ...args], {
    core: pinning?.server,
    port,
    env,
    cwd,
  });
  let window: { loadStart: number; loadEnd: number; exited: number };
  try {
    await waitUntilServing(started, isHttp ? "/" : "/__mem", 180_000);
    const generator: LoadGenerator = amount === undefined ? chooseLoadGenerator(undefined, console.log) : "inline";
    const load = (measured: boolean) =>
      isHttp
        ? httpLoad(generator, scenario as HttpScenario, port, measured ? seconds : 1, measured ? amount : Math.min(amount ?? 500, 500), pinning?.load)
        : wsLoad(scenario === "ws-echo" ? "echo" : "fanout", port, measured ? seconds : 1, pinning?.load);
    await load(false);
    const loadStart = performance.now();
    const result = await load(true);
    const loadEnd = performance.now();
    console.log(result.text);
    await stopProcess(started);
    // ws-load reports its measured stretch (without connecting and closing 2,000 sockets); wrk's is its whole run.
    const measured = result.measured ?? { from: loadStart, to: loadEnd };
    window = { loadStart: measured.from, loadEnd: measured.to, exited: performance.now() };
  } finally {
    await stopProcess(started);
  }

  // The main thread's profile is the largest (tsx's loader thread writes a small one of its own).
  const files = readdirSync(raw)
    .filter((f) => f.endsWith(".cpuprofile"))
    .map((f) => join(raw, f));
  if (files.length === 0) throw new Error(`no .cpuprofile was written:\n${started.output()}`);
  const main = files.sort((a, b) => statSync(b).size - statSync(a).size)[0]!;
  const profile = JSON.parse(readFileSync(main, "utf8")) as CpuProfile;
  // The profile ends as the process exits: count back from there to the load window.
  const toProfileClock = (at: number) => profile.endTime - (window.exited - at) * 1000;
  const summary = summarizeProfile(profile, { from: toProfileClock(window.loadStart), to: toProfileClock(window.loadEnd) });
  const name = `${spec.id}-${scenario}`;
  copyFileSync(main, join(out, `${name}.cpuprofile`));
  rmSync(raw, { recursive: true, force: true });
  const markdown = profileMarkdown(`${spec.label}, ${scenario}`, summary, Number(values.top));
  writeFileSync(join(out, `${name}.md`), markdown);
  console.log(markdown);
  console.log(`written: ${join(out, name)}.{cpuprofile,md}; open the .cpuprofile in Chrome DevTools (Performance) or speedscope for the flame graph`);
}

async function httpLoad(
  generator: LoadGenerator,
  scenario: HttpScenario,
  port: number,
  seconds: number,
  amount: number | undefined,
  core: string | undefined,
) {
  const request = REQUESTS[scenario];
  const result = await runHttpLoad(generator, { port, ...request, connections: 100, seconds, amount }, core);
  if (result.errors > 0) throw new Error(`${result.errors} failed requests under load`);
  return { text: `${Math.round(result.requestsPerSec)} req/s`, measured: undefined };
}

async function wsLoad(mode: "echo" | "fanout", port: number, seconds: number, core: string | undefined) {
  const conns = mode === "echo" ? 100 : 2000;
  const fields = await runWsLoad(mode, port, ["--conns", String(conns), "--seconds", String(seconds)], core);
  // Its wall-clock times, on this process's performance.now() clock.
  const measured = { from: fields.measuredFrom! - performance.timeOrigin, to: fields.measuredTo! - performance.timeOrigin };
  return { text: `${Math.round(fields.opsPerSec!)} ${mode === "echo" ? "round trips" : "deliveries"}/s`, measured };
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exitCode = 1;
});
