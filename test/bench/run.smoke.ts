// The benchmark harness, end to end in its tiny mode: a few hundred requests per server, every scenario, and the
// three report files. A smoke test of the script, not a performance assertion.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RunResult } from "../../bench/lib/types.ts";

test("npm run bench -- --tiny runs every scenario and writes results.json, .md and .svg", { timeout: 120_000 }, () => {
  const out = mkdtempSync(join(tmpdir(), "skiff-bench-smoke-"));
  try {
    const run = spawnSync(process.execPath, ["--import", "tsx", "bench/run.ts", "--tiny", "--servers", "skiff,skiff-seed,node", "--out", out], {
      encoding: "utf8",
      timeout: 110_000,
    });
    assert.equal(run.status, 0, `bench exited with ${run.status}:\n${run.stderr}\n${run.stdout.slice(-3000)}`);

    const result = JSON.parse(readFileSync(join(out, "results.json"), "utf8")) as RunResult;
    assert.equal(result.meta.mode, "tiny");
    assert.deepEqual(
      result.scenarios.map((s) => s.id),
      ["hello", "get", "post", "routes", "ws-echo", "broadcast", "ws-idle", "startup"],
    );
    for (const scenario of result.scenarios) {
      const servers = scenario.results.map((r) => r.server);
      assert.ok(servers.includes("skiff"), `${scenario.id}: Skiff measured`);
      for (const r of scenario.results) {
        // Memory per idle connection is RSS growth over a handful of sockets here: noise, possibly below zero. A tiny
        // run can only show that it was measured; the throughput and latency figures must be positive.
        const value = r.median[scenario.metric];
        const measured = scenario.id === "ws-idle" ? Number.isFinite(value) : Number.isFinite(value) && value > 0;
        assert.ok(measured, `${scenario.id}/${r.server}: ${scenario.metric} = ${value}`);
        assert.equal(r.median.errors ?? 0, 0, `${scenario.id}/${r.server}: no failed requests`);
      }
    }
    assert.ok(Number.isFinite(result.scenarios.find((s) => s.id === "hello")!.ratios.node), "Skiff ÷ node:http ratio");
    assert.ok(result.targets.length > 0);
    // The seed app under `skiff run` is a contestant of its own, judged by issue 26's targets.
    for (const id of ["get", "ws-echo", "ws-idle"]) {
      assert.ok(
        result.scenarios.find((s) => s.id === id)!.results.some((r) => r.server === "skiff-seed"),
        `${id}: the seed app measured`,
      );
    }
    const seedTargets = result.targets.filter((t) => t.subject === "skiff-seed");
    assert.deepEqual(seedTargets.map((t) => `${t.scenario} ${t.peer}`).sort(), ["get node", "ws-idle ws"]);
    const idle = result.scenarios.find((s) => s.id === "ws-idle")!.results.find((r) => r.server === "ws")!;
    assert.ok(
      Number.isFinite(idle.median.rssAfterGcBytesPerConnection) && Number.isFinite(idle.median.heapBytesPerConnection),
      "after-GC figures beside RSS",
    );

    const md = readFileSync(join(out, "results.md"), "utf8");
    assert.match(md, /\| Scenario \| Skiff \| Skiff \(as users run it\) \| node:http \|/);
    assert.match(md, /## Targets/);
    const svg = readFileSync(join(out, "results.svg"), "utf8");
    assert.match(svg, /^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.ok((svg.match(/<rect /g) ?? []).length > 8, "one bar per server and scenario");
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

const BUN = "node_modules/@oven/bun-linux-x64/bin/bun";
const DENO = "node_modules/@deno/linux-x64-glibc/deno";
const runtimesMissing = [BUN, DENO].filter((binary) => !existsSync(binary));

test("the Bun and Deno contestants run in tiny mode too: Skiff on Bun.serve/Deno.serve beside raw ones, judged by issue 23's targets", {
  timeout: 120_000,
  skip: runtimesMissing.length > 0 ? `no ${runtimesMissing.join(", ")} (npm's Bun and Deno packages)` : false,
}, () => {
  const out = mkdtempSync(join(tmpdir(), "skiff-bench-smoke-"));
  try {
    const servers = "skiff,skiff-bun,bun-raw,skiff-deno,deno-raw";
    const run = spawnSync(
      process.execPath,
      ["--import", "tsx", "bench/run.ts", "--tiny", "--only", "hello,get,ws-echo", "--servers", servers, "--out", out],
      {
        encoding: "utf8",
        timeout: 110_000,
      },
    );
    assert.equal(run.status, 0, `bench exited with ${run.status}:\n${run.stderr}\n${run.stdout.slice(-3000)}`);
    const result = JSON.parse(readFileSync(join(out, "results.json"), "utf8")) as RunResult;
    const measured = (id: string) => result.scenarios.find((s) => s.id === id)!.results.map((r) => r.server);
    for (const id of ["hello", "get"]) assert.deepEqual(measured(id).sort(), servers.split(",").sort(), `${id}: every contestant measured`);
    assert.ok(measured("ws-echo").includes("skiff-bun") && measured("ws-echo").includes("bun-raw"), "WebSocket echo on Bun");
    const issue23 = result.targets.filter((t) => t.issue === 23).map((t) => `${t.scenario} ${t.subject} ÷ ${t.peer}`);
    assert.deepEqual(issue23.sort(), [
      "get skiff-bun ÷ bun-raw",
      "get skiff-bun ÷ skiff",
      "get skiff-deno ÷ deno-raw",
      "hello skiff-bun ÷ bun-raw",
      "hello skiff-bun ÷ skiff",
      "hello skiff-deno ÷ deno-raw",
      "ws-echo skiff-bun ÷ bun-raw",
    ]);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
