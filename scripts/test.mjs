// Runs the whole suite: the build (dist/, which the CLI and the package tests use), the type check (including
// type-level tests), then every *.test.ts under test/ with Node's own test runner. Tests import Skiff from source:
// tsx loads TypeScript, and the `skiff-source` condition points "skiffjs" at src/. Extra args are file filters
// (then only the matching tests run, after the build, without the type check).
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

function findTests(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...findTests(full));
    else if (name.endsWith(".test.ts")) out.push(full);
  }
  return out;
}

const filters = process.argv.slice(2);
const build = spawnSync(process.execPath, ["scripts/build.mjs"], { stdio: "inherit" });
if (build.status !== 0) {
  console.error("build failed");
  process.exit(build.status ?? 1);
}
if (filters.length === 0) {
  const tsc = spawnSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.json"], { stdio: "inherit" });
  if (tsc.status !== 0) {
    console.error("type check failed");
    process.exit(tsc.status ?? 1);
  }
  console.log("type check passed");
}
const files = findTests("test").filter((f) => filters.length === 0 || filters.some((x) => f.includes(x))).sort();
const run = spawnSync(
  process.execPath,
  ["--conditions=skiff-source", "--import", "tsx", "--test", "--test-concurrency=2", "--test-timeout=600000", ...files],
  { stdio: "inherit", env: { ...process.env, NODE_ENV: "test" } },
);
process.exit(run.status ?? 1);
