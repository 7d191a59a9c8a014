// Summing a CPU profile's self time: only the window asked for, idle left out, parts named by where code lives.
import { test } from "node:test";
import assert from "node:assert/strict";
import { summarizeProfile, type CpuProfile } from "../../bench/lib/cpu-profile.ts";

const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 9, columnNumber: 4 });

const PROFILE: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame("(idle)", "") },
    { id: 2, callFrame: frame("handle", "file:///repo/src/http/endpoint.ts") },
    { id: 3, callFrame: frame("writev", "") },
    { id: 4, callFrame: frame("find", "file:///repo/node_modules/find-my-way/index.js") },
    { id: 5, callFrame: frame("emit", "node:events") },
  ],
  startTime: 0,
  endTime: 700,
  // Samples at 100, 200, …, 700 µs; each counts until the next one.
  samples: [2, 3, 1, 4, 5, 2, 3],
  timeDeltas: [100, 100, 100, 100, 100, 100, 100],
};

test("self time per function and per part, idle left out", () => {
  const summary = summarizeProfile(PROFILE);
  assert.equal(summary.busyMs, 0.5); // 6 busy samples, the last with no successor to time it
  assert.deepEqual(summary.byFunction, [
    ["handle src/http/endpoint.ts:10:5", 0.2],
    ["writev", 0.1],
    ["find find-my-way/index.js:10:5", 0.1],
    ["emit node:events:10:5", 0.1],
  ]);
  assert.deepEqual(Object.fromEntries(summary.byPart), {
    Skiff: 0.2,
    "native (syscalls such as writev, V8 builtins)": 0.1,
    "dependency: find-my-way": 0.1,
    "Node.js internals": 0.1,
  });
});

test("only samples inside the window count", () => {
  const summary = summarizeProfile(PROFILE, { from: 350, to: 650 });
  assert.deepEqual(
    summary.byFunction.map(([name]) => name),
    ["find find-my-way/index.js:10:5", "emit node:events:10:5", "handle src/http/endpoint.ts:10:5"],
  );
  assert.equal(summary.busyMs, 0.3);
});
