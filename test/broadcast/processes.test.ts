import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { after, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { Broadcast } from "skiffjs/broadcast";
import { REDIS_URL, deleteKeys, nextEvent, redisSkipReason, uniquePrefix } from "./helpers.ts";
import { track } from "../helpers/processes.ts";

const skip = await redisSkipReason();
const prefix = uniquePrefix();
const peerScript = fileURLToPath(new URL("./fixtures/peer.ts", import.meta.url));

/** Starts the peer script in a real second Node process. */
function peer(mode: string, ...args: string[]) {
  const child = track(
    spawn(process.execPath, ["--import", "tsx", peerScript, mode, REDIS_URL, prefix, ...args], { stdio: ["ignore", "pipe", "pipe"] }),
  );
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const exited = once(child, "exit").then(([code]) => code as number | null);
  return { child, exited, output: () => output };
}

/** The exit code, or a failure if the process is still running after `timeoutMs` (counted from its start-up). */
async function exitWithin(run: ReturnType<typeof peer>, timeoutMs: number): Promise<number | null> {
  const timer = setTimeout(() => run.child.kill("SIGKILL"), timeoutMs);
  const code = await run.exited;
  clearTimeout(timer);
  assert.notEqual(run.child.signalCode, "SIGKILL", `peer did not exit within ${timeoutMs} ms:\n${run.output()}`);
  return code;
}

describe("broadcast across real processes", { skip }, () => {
  const local = new Broadcast(REDIS_URL, { prefix });

  after(async () => {
    await local.disconnect();
    await deleteKeys(prefix);
  });

  test("a message published by another Node process reaches this one", async () => {
    await local.connect();
    const subscription = local.subscribe("room:remote");
    await subscription.ready;
    const run = peer("publish", "room:remote", JSON.stringify({ from: "child" }));
    const event = await nextEvent(subscription);
    assert.deepEqual(event.value?.message, { from: "child" });
    assert.equal(event.value?.channel, "room:remote");
    assert.equal(await exitWithin(run, 60_000), 0, run.output());
  });

  test("a crashed process's presence members expire after their ttl", async () => {
    await local.connect();
    const run = peer("join", "room:crash", "ghost", "600");
    await new Promise<void>((resolve, reject) => {
      run.child.stdout.on("data", () => run.output().includes("joined") && resolve());
      run.exited.then(() => reject(new Error(`peer exited early:\n${run.output()}`)));
    });
    assert.deepEqual(await local.presence.list("room:crash"), [{ id: "ghost", data: { pid: run.child.pid } }]);
    await sleep(700); // its heartbeat keeps it listed past the ttl while it lives
    assert.deepEqual(
      (await local.presence.list("room:crash")).map((m) => m.id),
      ["ghost"],
    );
    run.child.kill("SIGKILL"); // no leave, no disconnect: the heartbeat just stops
    await run.exited;
    await sleep(800);
    assert.deepEqual(await local.presence.list("room:crash"), []);
  });

  test("after disconnect nothing keeps the process alive (no timers, sockets or reconnects left)", async () => {
    const run = peer("lifecycle", "room:exit");
    assert.equal(await exitWithin(run, 60_000), 0, run.output());
    assert.match(run.output(), /disconnected/);
  });
});
