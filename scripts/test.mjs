// Runs the whole suite: the build (dist/, which the CLI and the package tests use), the format and lint check
// (Biome), the type check (including type-level tests), then every *.test.ts under test/ with Node's own test runner,
// measuring the line coverage of src/ (c8; the run fails below COVERAGE_FLOOR). Tests import Skiff from source: tsx
// loads TypeScript, and the `skiff-source` condition points "skiffjs" at src/. Extra args are file filters (then
// only the matching tests run, after the build, without the checks or coverage). A full run then runs the
// runtime-neutral tests on Bun and Deno (scripts/test-runtimes.mjs).
// At the end it prints the skipped tests with their reasons, the failed ones, the coverage and one closing line.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

/** Lines of src/ that the suite must run, in percent. */
const COVERAGE_FLOOR = 90;
const COVERAGE_DIR = "coverage";

function findTests(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...findTests(full));
    else if (name.endsWith(".test.ts")) out.push(full);
  }
  return out;
}

function step(what, args) {
  const result = spawnSync(process.execPath, args, { stdio: "inherit" });
  if (result.status !== 0) {
    console.error(`${what} failed`);
    process.exit(result.status ?? 1);
  }
}

const filters = process.argv.slice(2);
const full = filters.length === 0;
step("build", ["scripts/build.mjs"]);
if (full) {
  step("format and lint check (`npm run format` rewrites the formatting; lint errors name their rule)", [
    "node_modules/@biomejs/biome/bin/biome",
    "check",
    "--error-on-warnings",
  ]);
  console.log("format and lint check passed");
  step("type check", ["node_modules/typescript/bin/tsc", "-p", "tsconfig.json"]);
  // The docs' plain-JavaScript samples, checked against the same declarations (tsconfig.json has no allowJs).
  step("type check of the JavaScript samples", ["node_modules/typescript/bin/tsc", "-p", "tsconfig.samples-js.json"]);
  console.log("type check passed");
}

const files = findTests("test")
  .filter((f) => full || filters.some((x) => f.includes(x)))
  .sort();
const scratch = mkdtempSync(join(tmpdir(), "skiff-test-"));
const results = join(scratch, "results.jsonl");
const testArgs = [
  "--conditions=skiff-source",
  "--import",
  "tsx",
  "--test",
  "--test-concurrency=2",
  "--test-timeout=600000",
  `--test-reporter=${process.stdout.isTTY ? "spec" : "tap"}`,
  "--test-reporter-destination=stdout",
  `--test-reporter=${pathToFileURL("scripts/summary-reporter.mjs").href}`,
  `--test-reporter-destination=${results}`,
  ...files,
];
// c8 runs the test runner with NODE_V8_COVERAGE set, so every process under it (each test file, and the apps and
// CLIs the tests start from source) reports what it ran; tsx's source maps lead the counts back to the .ts lines.
// Files no test loads are not counted (c8's --all would count type-only files, which never load, as 0%).
const coverageArgs = [
  "node_modules/c8/bin/c8.js",
  "--include=src/**/*.ts",
  "--reporter=text-summary",
  "--reporter=json-summary",
  `--report-dir=${COVERAGE_DIR}`,
  `--temp-directory=${join(scratch, "v8")}`,
  process.execPath,
];
// The runtime-neutral part again on Bun and Deno (their servers and node:http layers); it prints which tests apply
// to Node only, and why. SKIFF_SKIP_RUNTIMES=1 leaves it out (a quick local run). It runs beside the Node suite, whose
// files spend much of their time waiting on processes, browsers and sockets (about a minute and a half off a full
// run on two cores); its report is held and printed after the Node suite's.
const runtimes = full && process.env.SKIFF_SKIP_RUNTIMES !== "1" ? runCollected(process.execPath, ["scripts/test-runtimes.mjs"]) : undefined;
const run = await new Promise((resolve) => {
  const child = spawn(process.execPath, full ? [...coverageArgs, ...testArgs] : testArgs, {
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "test" },
  });
  child.on("close", (status) => resolve({ status }));
});
const runtimesResult = runtimes && (await runtimes);
if (runtimesResult) process.stdout.write(runtimesResult.output);

const tests = readResults(results);
rmSync(scratch, { recursive: true, force: true });
const count = (status) => tests.filter((t) => t.status === status).length;
const skipped = tests.filter((t) => t.status === "skip" || t.status === "todo");
const failed = tests.filter((t) => t.status === "fail");
console.log("");
if (skipped.length > 0) {
  console.log(`Skipped (${skipped.length}):`);
  for (const t of skipped) console.log(`  - ${t.file ?? "?"} › ${t.name}: ${t.reason || "(no reason given)"}`);
}
if (failed.length > 0) {
  console.log(`Failed (${failed.length}):`);
  for (const t of failed) console.log(`  - ${t.file ?? "?"} › ${t.name}`);
}
let coverageOk = true;
if (full) coverageOk = reportCoverage();
if (runtimesResult) console.log(`Bun and Deno: ${runtimesResult.status === 0 ? "every runtime-neutral test file passed" : "FAILED (see above)"}`);
console.log(`tests: ${count("pass")} passed, ${failed.length} failed, ${skipped.length} skipped`);
const runtimesOk = runtimesResult === undefined || runtimesResult.status === 0;
process.exit(run.status !== 0 ? (run.status ?? 1) : coverageOk && runtimesOk ? 0 : 1);

/** Runs a command with its output collected (stdout and stderr in order), for printing later. */
function runCollected(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("close", (status) => resolve({ status, output }));
    child.on("error", (error) => resolve({ status: 1, output: `${error.stack}\n` }));
  });
}

function readResults(path) {
  let text = "";
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return [];
  }
  return text
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

/** Prints the least-covered files and checks the floor; false when src/ is below it. */
function reportCoverage() {
  let summary;
  try {
    summary = JSON.parse(readFileSync(join(COVERAGE_DIR, "coverage-summary.json"), "utf8"));
  } catch {
    console.log("Coverage: no report was written");
    return false;
  }
  const root = `${process.cwd()}/`;
  const byFile = Object.entries(summary)
    .filter(([file]) => file !== "total")
    .map(([file, s]) => ({ file: file.replace(root, ""), pct: s.lines.pct, missed: s.lines.total - s.lines.covered }))
    .filter((f) => f.missed > 0)
    .sort((a, b) => b.missed - a.missed)
    .slice(0, 10);
  if (byFile.length > 0) {
    console.log("Most lines not run (src/):");
    for (const f of byFile) console.log(`  - ${f.file}: ${f.pct}% of lines, ${f.missed} not run`);
  }
  const { pct, covered, total } = summary.total.lines;
  const ok = pct >= COVERAGE_FLOOR;
  console.log(`Coverage of src/: ${pct}% of lines (${covered}/${total}); the floor is ${COVERAGE_FLOOR}%${ok ? "" : " — FAILED"}`);
  return ok;
}
