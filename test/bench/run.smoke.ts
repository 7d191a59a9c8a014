// The benchmark harness, end to end in its tiny mode: a few hundred requests per server, every scenario, and the
// three report files. A smoke test of the script, not a performance assertion.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RunResult } from "../../bench/lib/types.ts";

test("npm run bench -- --tiny runs every scenario and writes results.json, .md and .svg", { timeout: 120_000 }, () => {
  const out = mkdtempSync(join(tmpdir(), "skiff-bench-smoke-"));
  try {
    const run = spawnSync(process.execPath, ["--import", "tsx", "bench/run.ts", "--tiny", "--servers", "skiff,node", "--out", out], {
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
        assert.ok(Number.isFinite(r.median[scenario.metric]) && r.median[scenario.metric] > 0, `${scenario.id}/${r.server}: ${scenario.metric} = ${r.median[scenario.metric]}`);
        assert.equal(r.median.errors ?? 0, 0, `${scenario.id}/${r.server}: no failed requests`);
      }
    }
    assert.ok(Number.isFinite(result.scenarios.find((s) => s.id === "hello")!.ratios.node), "Skiff ÷ node:http ratio");
    assert.ok(result.targets.length > 0);

    const md = readFileSync(join(out, "results.md"), "utf8");
    assert.match(md, /\| Scenario \| Skiff \| node:http \|/);
    assert.match(md, /## Targets/);
    const svg = readFileSync(join(out, "results.svg"), "utf8");
    assert.match(svg, /^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.ok((svg.match(/<rect /g) ?? []).length > 8, "one bar per server and scenario");
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
