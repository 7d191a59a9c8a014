import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { freePort, runCli, REPO_ROOT } from "../helpers/cli.ts";

const appSource = (message: string) =>
  `import { App } from "skiffjs";\nexport const app = new App().get("/", () => ({ message: ${JSON.stringify(message)} }));\n`;

async function getMessage(port: number): Promise<string | undefined> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/`);
    return ((await res.json()) as { message: string }).message;
  } catch {
    return undefined;
  }
}

async function eventually(check: () => Promise<boolean>, timeout = 60_000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("condition not met in time");
}

test("--reload restarts on a change, survives a syntax error, recovers on the next save", async () => {
  // Inside the repo so `import "skiffjs"` resolves through the package's own exports, as for any app in it.
  const dir = mkdtempSync(join(REPO_ROOT, "test", ".tmp-reload-"));
  const file = join(dir, "main.ts");
  writeFileSync(file, appSource("one"));
  const port = await freePort();
  const cli = runCli(["run", `${file}:app`, "--port", String(port), "--reload"]);
  try {
    await cli.waitFor(/Skiff running/);
    assert.equal(await getMessage(port), "one");

    writeFileSync(file, appSource("two"));
    await eventually(async () => (await getMessage(port)) === "two");

    writeFileSync(file, "export const app = new App(;\n");
    await cli.waitFor(/App failed to start; waiting for a file change/);

    writeFileSync(file, appSource("three"));
    await eventually(async () => (await getMessage(port)) === "three");
  } finally {
    const { code } = await cli.stop();
    rmSync(dir, { recursive: true, force: true });
    assert.equal(code, 0, cli.output());
  }
});
