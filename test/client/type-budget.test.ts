// A budget on type-checking a 200-route app and its typed client: no "excessively deep" errors, and the routes
// plus the client calls cost a bounded number of type instantiations over a one-route baseline.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "node:test";
import { generateBudgetFixture, ROUTES } from "./budget-fixture.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const fixture = join(root, "test/types/client-budget.ts");
/**
 * Measured at 0.38M when written (200 routes ≈ 0.24M, the client calls ≈ 0.14M); 0.40M once two routes in five
 * used dependencies (their params and a security scheme's 401 typed into the client). The margin absorbs drift.
 */
const INSTANTIATION_BUDGET = 1_000_000;

interface Check {
  output: string;
  status: number | null;
  instantiations: number;
  checkSeconds: number;
  wallSeconds: number;
}

/** Runs the installed `tsc` on one file with the project's options. */
function typeCheck(dir: string, file: string): Check {
  const config = join(dir, `tsconfig.${Date.now()}.json`);
  writeFileSync(
    config,
    JSON.stringify({
      extends: join(root, "tsconfig.json"),
      compilerOptions: { typeRoots: [join(root, "node_modules/@types")] },
      include: [],
      files: [file],
    }),
  );
  const started = performance.now();
  const run = spawnSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", config, "--extendedDiagnostics"], { encoding: "utf8" });
  const output = run.stdout + run.stderr;
  const number = (label: string) => Number(new RegExp(`${label}:\\s+([\\d.]+)`).exec(output)?.[1] ?? NaN);
  return {
    output,
    status: run.status,
    instantiations: number("Instantiations"),
    checkSeconds: number("Check time"),
    wallSeconds: (performance.now() - started) / 1000,
  };
}

const baselineSource = `import { App, t } from ${JSON.stringify(join(root, "src/index.ts"))};
import { createClient } from ${JSON.stringify(join(root, "src/client/index.ts"))};
export const app = new App().get("/x", { response: t.Object({ a: t.String() }) }, () => ({ a: "" }));
createClient<typeof app>("/").get("/x");
`;

test("the committed 200-route fixture is what the generator makes", () => {
  assert.equal(readFileSync(fixture, "utf8"), generateBudgetFixture(), "run: node --import tsx test/client/budget-fixture.ts");
});

test(`type-checking ${ROUTES} routes and a typed client stays within budget`, (t) => {
  const dir = mkdtempSync(join(tmpdir(), "skiff-budget-"));
  try {
    const baselineFile = join(dir, "baseline.mts");
    writeFileSync(baselineFile, baselineSource);
    const baseline = typeCheck(dir, baselineFile);
    const big = typeCheck(dir, fixture);
    const ownErrors = (check: Check, file: string) => check.output.split("\n").filter((line) => line.includes(file) || line.includes("TS2589"));
    assert.deepEqual(ownErrors(baseline, "baseline.mts"), []);
    assert.deepEqual(ownErrors(big, "client-budget.ts"), [], "the fixture must type-check without errors");
    assert.doesNotMatch(big.output, /excessively deep/);
    const added = big.instantiations - baseline.instantiations;
    t.diagnostic(
      `baseline: ${baseline.instantiations} instantiations, check ${baseline.checkSeconds}s, wall ${baseline.wallSeconds.toFixed(1)}s; ` +
        `${ROUTES} routes + client: ${big.instantiations} (+${added}), check ${big.checkSeconds}s, wall ${big.wallSeconds.toFixed(1)}s`,
    );
    assert.ok(added > 0 && added < INSTANTIATION_BUDGET, `the ${ROUTES}-route app added ${added} instantiations (budget ${INSTANTIATION_BUDGET})`);
    // Wall time is noisy on shared machines; this only catches a blow-up, the instantiation count is the real budget.
    assert.ok(big.checkSeconds < baseline.checkSeconds * 3 + 10, `check time ${big.checkSeconds}s vs baseline ${baseline.checkSeconds}s`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
