// Issue 9's targets, checked against a run's medians.
import type { ScenarioResult, Target } from "./types.ts";

interface TargetRule {
  scenario: ScenarioResult["id"];
  peer: string;
  atLeast?: number;
  atMost?: number;
  text: string;
}

const RULES: TargetRule[] = [
  { scenario: "hello", peer: "node", atLeast: 0.9, text: "≥ 0.90 × node:http" },
  { scenario: "hello", peer: "fastify", atLeast: 1.05, text: "≥ 1.05 × Fastify" },
  { scenario: "get", peer: "fastify", atLeast: 1.05, text: "≥ 1.05 × Fastify" },
  { scenario: "get", peer: "hono", atLeast: 1.5, text: "≥ 1.5 × Hono" },
  { scenario: "get", peer: "fastapi", atLeast: 10, text: "≥ 10 × FastAPI" },
  { scenario: "post", peer: "fastify", atLeast: 1.0, text: "≥ 1.0 × Fastify" },
  { scenario: "routes", peer: "skiff@small", atLeast: 0.9, text: "≥ 0.9 × the same route with 10 routes" },
  { scenario: "ws-echo", peer: "ws", atLeast: 0.9, text: "≥ 0.9 × raw ws" },
  { scenario: "broadcast", peer: "ws", atLeast: 0.9, text: "≥ 0.9 × raw ws loop" },
  { scenario: "ws-idle", peer: "ws", atMost: 1.25, text: "≤ 1.25 × raw ws per connection" },
  { scenario: "startup", peer: "fastify", atMost: 1.0, text: "≤ Fastify" },
];

export function checkTargets(scenarios: ScenarioResult[]): Target[] {
  const targets: Target[] = [];
  for (const rule of RULES) {
    const scenario = scenarios.find((s) => s.id === rule.scenario);
    if (!scenario) continue;
    const judge = (ratio: number | undefined) =>
      ratio === undefined || !Number.isFinite(ratio) ? null : rule.atLeast !== undefined ? ratio >= rule.atLeast : ratio <= (rule.atMost ?? Infinity);
    const ratio = scenario.ratios[rule.peer];
    const cpuRatio = scenario.cpuRatios[rule.peer];
    const rounds = roundRatios(scenarios, scenario, rule.peer);
    targets.push({
      scenario: rule.scenario,
      text: rule.text,
      peer: rule.peer,
      atLeast: rule.atLeast,
      atMost: rule.atMost,
      ratio: ratio ?? Number.NaN,
      met: judge(ratio),
      cpuRatio: cpuRatio ?? Number.NaN,
      cpuMet: judge(cpuRatio),
      ...(rounds.length > 1 ? { cpuRange: [Math.min(...rounds), Math.max(...rounds)] as [number, number] } : {}),
    });
  }
  return targets;
}

/**
 * Skiff ÷ peer by CPU time round by round: each round measures every server once, back to back, so a round's
 * ratio shares that moment's machine noise. Their spread shows how far a verdict near its threshold can be trusted.
 */
function roundRatios(scenarios: ScenarioResult[], scenario: ScenarioResult, peer: string): number[] {
  const metric = scenario.cpuMetric;
  if (metric === undefined) return [];
  const skiff = scenario.results.find((r) => r.server === "skiff");
  // Scenario 4 compares Skiff with its own 10-route app, measured in the same rounds as scenario 2.
  const other = peer === "skiff@small" ? scenarios.find((s) => s.id === "get")?.results.find((r) => r.server === "skiff") : scenario.results.find((r) => r.server === peer);
  if (!skiff || !other || skiff.rounds.length !== other.rounds.length) return [];
  return skiff.rounds
    .map((round, i) => round[metric]! / other.rounds[i]![metric]!)
    .filter((ratio) => Number.isFinite(ratio));
}
