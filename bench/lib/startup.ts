// Scenario 8: from spawning the process to its first 200, with an app of `routes` routes.
import { fmt, summarize } from "./http-scenarios.ts";
import { cpuMsOf, freePort, rssOf, startProcess, stopProcess, waitUntilServing, type Pinning } from "./process.ts";
import type { ServerSpec } from "./servers.ts";
import type { Measurement, ServerResult } from "./types.ts";

export async function measureStartup(
  specs: ServerSpec[],
  routes: number,
  rounds: number,
  pinning: Pinning | null,
  log: (line: string) => void,
): Promise<ServerResult[]> {
  const results = new Map<string, Measurement[]>(specs.map((s) => [s.id, []]));
  for (let round = 0; round < rounds; round++) {
    const order = specs.map((_, i) => specs[(i + round) % specs.length]);
    for (const spec of order) {
      const port = await freePort();
      const { command, args, env, cwd } = spec.command(port, routes);
      const t0 = performance.now();
      const started = startProcess(command, args, { core: pinning?.server, port, env, cwd });
      try {
        const ms = await waitUntilServing(started, "/", 180_000, t0);
        // CPU time too: wall time to the first 200 is at the mercy of whatever else the machine runs.
        const m: Measurement = { ms, cpuMs: cpuMsOf(started.pid), rssMB: rssOf(started.pid) / 2 ** 20 };
        results.get(spec.id)!.push(m);
        log(`  round ${round + 1} ${spec.label.padEnd(10)} ${fmt(m.ms)} ms to first 200 (${fmt(m.cpuMs)} ms CPU)  RSS ${m.rssMB.toFixed(0)} MiB`);
      } finally {
        await stopProcess(started);
      }
    }
  }
  return specs.map((s) => summarize(s.id, s.label, results.get(s.id)!));
}
