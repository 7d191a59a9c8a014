import assert from "node:assert/strict";
import { test } from "node:test";
import { freePort, runCli } from "../helpers/cli.ts";
import { pidsAnswering } from "../scale/helpers.ts";

const APP = "test/scale/fixtures/drain-app.ts:app";

test("--workers: a worker stuck in its lifespan shutdown is killed after the timeout; the primary still exits 0", async () => {
  const port = await freePort();
  const cli = runCli(["run", APP, "--port", String(port), "--workers", "2", "--timeout-graceful-shutdown", "0"], { env: { HANG_SHUTDOWN: "1" } });
  try {
    await cli.waitFor(/Skiff running/);
    await pidsAnswering(port, 2);
    const signalledAt = Date.now();
    cli.child.kill("SIGTERM");
    assert.deepEqual(await cli.exited, { code: 0, signal: null }, cli.output());
    const took = Date.now() - signalledAt;
    // Without the kill the stuck worker would hold the exit for good; the upper bound leaves room for a loaded machine.
    assert.ok(took >= 4500 && took < 30_000, `exit came ${took} ms after SIGTERM`);
    assert.equal(cli.output().match(/did not exit in time; killing it/g)?.length, 2, cli.output());
    assert.doesNotMatch(cli.output(), /Broadcast uses memory/);
  } finally {
    await cli.stop("SIGKILL");
  }
});
