// `npm run bench:profile`: a CPU profile of a bench server under load, and its summary. Inline load (no wrk) keeps
// it short; what is checked is that the profile is the server's and the summary finds Skiff's own code in it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CpuProfile } from "../../bench/lib/cpu-profile.ts";

test("bench:profile writes the server's .cpuprofile and a summary naming Skiff's hot functions", { timeout: 120_000 }, () => {
  const out = mkdtempSync(join(tmpdir(), "skiff-profile-"));
  try {
    const run = spawnSync(
      process.execPath,
      ["--import", "tsx", "bench/profile.ts", "--server", "skiff", "--scenario", "get", "--amount", "3000", "--out", out],
      {
        encoding: "utf8",
        timeout: 110_000,
      },
    );
    assert.equal(run.status, 0, `bench:profile exited with ${run.status}:\n${run.stderr}\n${run.stdout.slice(-3000)}`);
    assert.deepEqual(readdirSync(out).sort(), ["skiff-get.cpuprofile", "skiff-get.md"], "the raw profiles are cleaned up");

    const profile = JSON.parse(readFileSync(join(out, "skiff-get.cpuprofile"), "utf8")) as CpuProfile;
    assert.ok(profile.samples.length > 100, `${profile.samples.length} samples`);
    assert.ok(
      profile.nodes.some((n) => n.callFrame.url.includes("/dist/") && n.callFrame.functionName === "handle"),
      "the server's main thread, running Skiff",
    );

    const summary = readFileSync(join(out, "skiff-get.md"), "utf8");
    assert.match(summary, /^# Skiff, get$/m);
    assert.match(summary, /^\| Skiff \| \d+\.\d% \|$/m);
    assert.match(summary, /^\| Node\.js internals \| \d+\.\d% \|$/m);
    assert.match(summary, /^\| `[^`]+ dist\/[\w/-]+\.js:\d+:\d+` \| \d+\.\d% \|$/m, "a Skiff function among the top ones");
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
