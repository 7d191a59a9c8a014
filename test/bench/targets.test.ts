// The target verdicts and their round-by-round spread, from hand-made results (no servers run).
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkTargets } from "../../bench/lib/targets.ts";
import type { Measurement, ScenarioResult } from "../../bench/lib/types.ts";

function server(id: string, capacities: number[]): ScenarioResult["results"][number] {
  const rounds: Measurement[] = capacities.map((capacity) => ({ capacity, requestsPerSec: capacity }));
  const sorted = [...capacities].sort((a, b) => a - b);
  return { server: id, label: id, rounds, median: { capacity: sorted[(sorted.length - 1) / 2]!, requestsPerSec: sorted[(sorted.length - 1) / 2]! } };
}

function scenario(id: ScenarioResult["id"], results: ScenarioResult["results"]): ScenarioResult {
  const skiff = results.find((r) => r.server === "skiff")!;
  const ratios = Object.fromEntries(results.filter((r) => r !== skiff).map((r) => [r.server, skiff.median.capacity! / r.median.capacity!]));
  return {
    id,
    title: id,
    metric: "requestsPerSec",
    unit: "req/s",
    higherIsBetter: true,
    results,
    ratios,
    cpuMetric: "capacity",
    cpuRatios: ratios,
    notes: [],
  };
}

test("each CPU verdict carries the lowest and highest round-by-round ratio, and the median ratio lies within them", () => {
  // Round 2 is noisy for Fastify only: its round ratio stands out, the medians barely move.
  const get = scenario("get", [server("skiff", [100, 90, 110]), server("fastify", [100, 60, 100])]);
  const [target] = checkTargets([get]).filter((t) => t.peer === "fastify");
  assert.equal(target!.cpuRatio, 1);
  assert.equal(target!.cpuMet, false, "1.00 is below the 1.05 target");
  assert.deepEqual(target!.cpuRange, [1, 1.5]);
  assert.ok(target!.cpuRange![0] <= target!.cpuRatio && target!.cpuRatio <= target!.cpuRange![1]);
});

test("scenario 4's spread pairs Skiff's 1,000-route rounds with its own 10-route rounds of scenario 2", () => {
  const get = scenario("get", [server("skiff", [100, 100, 100]), server("fastify", [90, 90, 90])]);
  const routes: ScenarioResult = {
    ...scenario("routes", [server("skiff", [95, 80, 100])]),
    ratios: { "skiff@small": 0.95 },
    cpuRatios: { "skiff@small": 0.95 },
  };
  const target = checkTargets([get, routes]).find((t) => t.scenario === "routes")!;
  assert.deepEqual(target.cpuRange, [0.8, 1]);
  assert.equal(target.cpuMet, true);
});

test("a single round has no spread to show", () => {
  const get = scenario("get", [server("skiff", [100]), server("fastify", [90])]);
  assert.equal(checkTargets([get]).find((t) => t.peer === "fastify")!.cpuRange, undefined);
});

test("issue 26's targets judge the seed app under `skiff run`, by its own rounds", () => {
  const get = scenario("get", [
    server("skiff", [100, 100, 100]),
    server("skiff-seed", [80, 95, 90]),
    server("node", [100, 100, 100]),
    server("fastify", [90, 90, 90]),
  ]);
  const seed = checkTargets([get]).filter((t) => t.subject === "skiff-seed");
  assert.deepEqual(
    seed.map((t) => t.peer),
    ["fastify", "node"],
  );
  const vsNode = seed.find((t) => t.peer === "node")!;
  assert.equal(vsNode.cpuRatio, 0.9);
  assert.equal(vsNode.cpuMet, true, "0.90 meets ≥ 0.90 × node:http");
  assert.deepEqual(vsNode.cpuRange, [0.8, 0.95]);
  assert.equal(seed.find((t) => t.peer === "fastify")!.cpuMet, false, "1.00 is below 1.05 × Fastify");
});

test("a target whose peer did not run is left out rather than shown as n/a", () => {
  const get = scenario("get", [server("skiff", [100]), server("fastify", [90])]);
  assert.deepEqual(
    checkTargets([get]).map((t) => t.peer),
    ["fastify"],
  );
});
