// The targets of issues 9 (the bench's own app), 23 (Skiff on Bun and Deno) and 26 (the seed app as users run it),
// checked against a run.
import type { ScenarioResult, Target } from "./types.ts";

interface TargetRule {
  scenario: ScenarioResult["id"];
  /** The Skiff contestant judged: the tuned bench app (default), `skiff-seed` (the seed app under `skiff run`), or the
   * bench app under Bun or Deno (`skiff-bun`, `skiff-deno`). */
  subject?: string;
  peer: string;
  atLeast?: number;
  atMost?: number;
  text: string;
  /** The issue that set it. */
  issue: number;
}

const RULES: TargetRule[] = [
  { scenario: "hello", peer: "node", atLeast: 0.9, text: "≥ 0.90 × node:http", issue: 9 },
  { scenario: "hello", peer: "fastify", atLeast: 1.05, text: "≥ 1.05 × Fastify", issue: 9 },
  { scenario: "get", peer: "fastify", atLeast: 1.05, text: "≥ 1.05 × Fastify", issue: 9 },
  { scenario: "get", peer: "hono", atLeast: 1.5, text: "≥ 1.5 × Hono", issue: 9 },
  { scenario: "get", peer: "fastapi", atLeast: 10, text: "≥ 10 × FastAPI", issue: 9 },
  { scenario: "post", peer: "fastify", atLeast: 1.0, text: "≥ 1.0 × Fastify", issue: 9 },
  { scenario: "routes", peer: "skiff@small", atLeast: 0.9, text: "≥ 0.9 × the same route with 10 routes", issue: 9 },
  { scenario: "ws-echo", peer: "ws", atLeast: 0.9, text: "≥ 0.9 × raw ws", issue: 9 },
  { scenario: "broadcast", peer: "ws", atLeast: 0.9, text: "≥ 0.9 × raw ws loop", issue: 9 },
  { scenario: "ws-idle", peer: "ws", atMost: 1.25, text: "≤ 1.25 × raw ws per connection", issue: 9 },
  { scenario: "startup", peer: "fastify", atMost: 1.0, text: "≤ Fastify", issue: 9 },
  { scenario: "get", subject: "skiff-seed", peer: "fastify", atLeast: 1.05, text: "≥ 1.05 × Fastify", issue: 26 },
  { scenario: "get", subject: "skiff-seed", peer: "node", atLeast: 0.9, text: "≥ 0.90 × node:http", issue: 26 },
  { scenario: "ws-idle", subject: "skiff-seed", peer: "ws", atMost: 1.1, text: "≤ 1.1 × raw ws per connection (RSS)", issue: 26 },
  { scenario: "hello", subject: "skiff-bun", peer: "skiff", atLeast: 1.8, text: "≥ 1.8 × Skiff on Node", issue: 23 },
  { scenario: "hello", subject: "skiff-bun", peer: "bun-raw", atLeast: 0.85, text: "≥ 0.85 × raw Bun.serve", issue: 23 },
  { scenario: "get", subject: "skiff-bun", peer: "skiff", atLeast: 1.8, text: "≥ 1.8 × Skiff on Node", issue: 23 },
  { scenario: "get", subject: "skiff-bun", peer: "bun-raw", atLeast: 0.85, text: "≥ 0.85 × raw Bun.serve", issue: 23 },
  { scenario: "hello", subject: "skiff-deno", peer: "deno-raw", atLeast: 0.85, text: "≥ 0.85 × raw Deno.serve", issue: 23 },
  { scenario: "get", subject: "skiff-deno", peer: "deno-raw", atLeast: 0.85, text: "≥ 0.85 × raw Deno.serve", issue: 23 },
  { scenario: "ws-echo", subject: "skiff-bun", peer: "bun-raw", atLeast: 0.85, text: "≥ 0.85 × raw Bun.serve WebSocket echo", issue: 23 },
];

export function checkTargets(scenarios: ScenarioResult[]): Target[] {
  const targets: Target[] = [];
  for (const rule of RULES) {
    const scenario = scenarios.find((s) => s.id === rule.scenario);
    const subject = rule.subject ?? "skiff";
    if (!scenario?.results.some((r) => r.server === subject)) continue;
    if (rule.peer !== "skiff@small" && !scenario.results.some((r) => r.server === rule.peer)) continue;
    const judge = (ratio: number | undefined) =>
      ratio === undefined || !Number.isFinite(ratio) ? null : rule.atLeast !== undefined ? ratio >= rule.atLeast : ratio <= (rule.atMost ?? Infinity);
    const ratio = ratioOf(scenario, subject, rule.peer, scenario.metric);
    const cpuRatio = scenario.cpuMetric === undefined ? undefined : ratioOf(scenario, subject, rule.peer, scenario.cpuMetric);
    const rounds = roundRatios(scenarios, scenario, subject, rule.peer);
    targets.push({
      scenario: rule.scenario,
      subject,
      text: rule.text,
      issue: rule.issue,
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

/** subject ÷ peer of the medians; `skiff@small` (scenario 4) is kept in the scenario's own ratios. */
function ratioOf(scenario: ScenarioResult, subject: string, peer: string, metric: string): number | undefined {
  if (peer === "skiff@small") return metric === scenario.metric ? scenario.ratios[peer] : scenario.cpuRatios[peer];
  const a = scenario.results.find((r) => r.server === subject)?.median[metric];
  const b = scenario.results.find((r) => r.server === peer)?.median[metric];
  return a === undefined || b === undefined ? undefined : a / b;
}

/**
 * Subject ÷ peer by CPU time round by round: each round measures every server once, back to back, so a round's
 * ratio shares that moment's machine noise. Their spread shows how far a verdict near its threshold can be trusted.
 */
export function roundRatios(scenarios: ScenarioResult[], scenario: ScenarioResult, subject: string, peer: string): number[] {
  const metric = scenario.cpuMetric;
  if (metric === undefined) return [];
  const skiff = scenario.results.find((r) => r.server === subject);
  // Scenario 4 compares Skiff with its own 10-route app, measured in the same rounds as scenario 2.
  const other =
    peer === "skiff@small"
      ? scenarios.find((s) => s.id === "get")?.results.find((r) => r.server === "skiff")
      : scenario.results.find((r) => r.server === peer);
  if (!skiff || !other || skiff.rounds.length !== other.rounds.length) return [];
  return skiff.rounds.map((round, i) => round[metric]! / other.rounds[i]![metric]!).filter((ratio) => Number.isFinite(ratio));
}
