import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, REPO_ROOT } from "../helpers/cli.ts";

/**
 * Writes `source` as an app file (inside the repo, so `import "skiffjs"` resolves through the package's own exports,
 * as for any app in it), runs `skiff run` on it, expects exit 1, and returns the file and what the CLI printed.
 */
async function failingRun(name: string, source: string): Promise<{ file: string; output: string }> {
  const dir = mkdtempSync(join(REPO_ROOT, "test", ".tmp-load-errors-"));
  try {
    const file = join(dir, name);
    writeFileSync(file, source);
    const cli = runCli(["run", `${file}:app`, "--port", "0"]);
    const { code } = await cli.exited;
    assert.equal(code, 1, cli.output());
    return { file, output: cli.output() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("a syntax error in a .ts app names the file, line and column with the compiler's message", async () => {
  const { file, output } = await failingRun("main.ts", 'import { App } from "skiffjs";\nexport const app = new App(\n  .get("/", () => 1);\n');
  assert.match(output, /Could not import ".*main\.ts":/);
  assert.match(output, new RegExp(`${file.replaceAll("/", "\\/")}:3:2: ERROR: Unexpected "\\."`));
});

test("a syntax error in a .js app names the file and line and shows the code", async () => {
  const { file, output } = await failingRun("main.mjs", 'import { App } from "skiffjs";\n\nexport const app = new App().get("/", () => );\n');
  assert.match(output, new RegExp(`${file.replaceAll("/", "\\/")}:3`));
  assert.match(output, /SyntaxError: Unexpected token '\)'/);
});

test("an exception thrown while the app module runs is printed with its stack", async () => {
  const source =
    'import { App } from "skiffjs";\nfunction loadSettings(): never {\n  throw new Error("DATABASE_URL is not set");\n}\nloadSettings();\nexport const app = new App();\n';
  const { output } = await failingRun("main.ts", source);
  assert.match(output, /Error: DATABASE_URL is not set/);
  assert.match(output, /at loadSettings \(.*main\.ts:3:\d+\)/);
});

test("skiff --version, skiff --help and skiff run --help describe the command", async () => {
  const version = runCli(["--version"]);
  await version.exited;
  assert.match(version.output().trim(), /^\d+\.\d+\.\d+$/);
  const help = runCli(["--help"]);
  await help.exited;
  for (const command of ["run", "openapi", "asyncapi", "--version"]) assert.ok(help.output().includes(command), command);
  const runHelp = runCli(["run", "--help"]);
  assert.equal((await runHelp.exited).code, 0);
  for (const option of [
    "--host",
    "--port",
    "--reload",
    "--reload-dir",
    "--workers",
    "--log-level",
    "--timeout-graceful-shutdown",
    "--limit-concurrency",
    "--timeout-keep-alive",
    "--timeout-headers",
    "--max-connections",
  ]) {
    assert.ok(runHelp.output().includes(option), option);
  }
});
