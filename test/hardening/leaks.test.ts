// Nothing leaks under load: after 10,000 mixed requests (errors included) and 1,000 WebSocket connections, the
// server's listeners, the process's active handles and the heap (after GC) are back at their baseline. Runs in a
// child process because it needs --expose-gc.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { track } from "../helpers/processes.ts";
import { runtime } from "../helpers/runtime.ts";

const FIXTURE = fileURLToPath(new URL("./fixtures/leak-check.ts", import.meta.url));
const MB = 1024 * 1024;

interface Snapshot {
  heap: number;
  resources: Record<string, number>;
  listeners: Record<string, number>;
  connections: number;
  liveWebSockets: number;
}

function runFixture(): Promise<{
  baseline: Snapshot;
  middle: Snapshot;
  after: Snapshot;
  statuses: Record<string, number>;
  echoed: number;
  seconds: number;
}> {
  return new Promise((resolve, reject) => {
    const child = track(spawn(process.execPath, ["--expose-gc", "--import", "tsx", FIXTURE], { stdio: ["ignore", "pipe", "pipe"] }));
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.stderr.on("data", (chunk) => (err += chunk));
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`leak-check exited with ${code}:\n${err}`));
      try {
        resolve(JSON.parse(out.trim().split("\n").pop()!));
      } catch {
        reject(new Error(`leak-check printed no result: ${out}\n${err}`));
      }
    });
  });
}

test("10,000 requests and 1,000 WebSockets leave no listeners, handles, connections or heap behind", async () => {
  const { baseline, middle, after, statuses, echoed } = await runFixture();
  assert.deepEqual(statuses, { 200: 3750, 404: 1250, 405: 1250, 422: 2500, 500: 1250 });
  assert.equal(echoed, 1000);
  assert.deepEqual(after.listeners, baseline.listeners, "server listeners");
  assert.deepEqual(after.resources, baseline.resources, "active handles by type");
  assert.equal(after.connections, 0);
  assert.equal(after.liveWebSockets, 0);
  // The second half of the load may not grow the heap (a leak of ~300 bytes per request or connection would). On Bun,
  // a batch of about 400 finished responses (~1.4 MB) is sometimes still held after a full GC, and released after a
  // later round: JSC scans the stack conservatively. Six rounds measured there never ratcheted up, so the allowance
  // for Bun covers that one batch and still catches a per-request leak.
  const allowed = runtime === "bun" ? 3 * MB : 1.5 * MB;
  const growth = after.heap - middle.heap;
  assert.ok(growth < allowed, `heap grew ${(growth / MB).toFixed(2)} MB during the second half`);
  assert.ok(after.heap - baseline.heap < 6 * MB, `heap grew ${((after.heap - baseline.heap) / MB).toFixed(2)} MB overall`);
});
