import assert from "node:assert/strict";
import { test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { freePort, runCli } from "../helpers/cli.ts";
import { get, pidsAnswering } from "../scale/helpers.ts";

const APP = "test/scale/fixtures/drain-app.ts:app";

/** The supervisor's line for a worker that died; the group is the backoff in ms, when there is one. */
const replacing = (pid: number) => new RegExp(`Worker \\[${pid}\\] exited \\(SIGKILL\\); starting a replacement(?: in (\\d+) ms)?\\.`);

test("--workers 2: both workers answer, a killed worker is replaced with a backoff, SIGTERM drains and exits 0", async () => {
  const port = await freePort();
  const cli = runCli(["run", APP, "--port", String(port), "--workers", "2"], { env: { BROADCAST_URL: "memory://" } });
  try {
    await cli.waitFor(/Skiff running on http:\/\/127\.0\.0\.1:\d+ with 2 workers/);
    const [first, second] = [...(await pidsAnswering(port, 2))];
    assert.match(cli.output(), new RegExp(`Started worker process \\[${first}\\]`));
    // Each worker connected a memory:// Broadcast; the primary says so once.
    await cli.waitFor(/WARNING: +Broadcast uses memory:\/\/ with 2 workers: messages published in one worker do not reach/);

    process.kill(first, "SIGKILL");
    // A first crash waits 250 ms — unless the worker had lived past the supervisor's 10 s (a loaded machine's
    // start-up can take that long): then it counts as stable and is replaced at once.
    const [, firstDelay = "0"] = await cli.waitFor(replacing(first));
    assert.ok(firstDelay === "250" || firstDelay === "0", cli.output());
    const replacementScheduled = Date.now();
    const replacement = [...(await pidsAnswering(port, 1, new Set([first, second])))][0];
    await pidsAnswering(port, 2, new Set([first])); // the survivor and the replacement share the port
    // A second quick crash waits longer; SIGTERM meanwhile drains the survivor (a request in flight finishes there).
    // Quick means within the supervisor's 10 s: on a loaded machine the replacement may take longer to serve, and
    // then it counts as stable and the backoff starts over.
    const livedAtMost = Date.now() - replacementScheduled;
    process.kill(replacement, "SIGKILL");
    const [, delay = "0"] = await cli.waitFor(replacing(replacement));
    const nextStep = firstDelay === "0" ? "250" : "500";
    if (livedAtMost < 9_000) assert.equal(delay, nextStep, cli.output());
    else assert.ok(["0", "250", nextStep].includes(delay), cli.output());
    const slow = get(port, "/slow/600");
    await sleep(150);
    cli.child.kill("SIGTERM");
    const response = await slow;
    assert.deepEqual({ status: response.status, pid: JSON.parse(response.body).pid }, { status: 200, pid: second });
    assert.deepEqual(await cli.exited, { code: 0, signal: null }, cli.output());
    assert.equal(cli.output().match(/Broadcast uses memory:\/\//g)?.length, 1, cli.output());
  } finally {
    await cli.stop("SIGKILL");
  }
});

test("--workers: an app that cannot start makes the primary give up with exit 1 instead of restarting forever", async () => {
  const cli = runCli(["run", "test/scale/fixtures/nope.ts:app", "--port", String(await freePort()), "--workers", "2"]);
  const exit = await cli.exited;
  assert.equal(exit.code, 1, cli.output());
  assert.match(cli.output(), /ERROR: +Could not import "test\/scale\/fixtures\/nope\.ts": no such file/);
  assert.match(cli.output(), /before serving; the app cannot start, stopping/);
  assert.doesNotMatch(cli.output(), /starting a replacement/);
});
