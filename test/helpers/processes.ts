// Every process a test starts ends with the test file, pass or fail. `track()` a child right after spawning it: what
// is still running when the file's tests are done (or when the file's process exits) is killed, with its whole
// process group when it was spawned `detached` (`skiff run --workers` and `--reload` start processes of their own).
// Without this, a failed assertion before a test's own `kill()` leaves a server running, and its open pipes keep
// the test file — and so the whole run — from ever finishing.
import type { ChildProcess } from "node:child_process";
import { after } from "node:test";

interface Tracked {
  child: ChildProcess;
  group: boolean;
}

const tracked = new Set<Tracked>();

/** Kills `child` (its process group when it leads one), ignoring processes that are already gone. */
export function killProcess(child: ChildProcess, signal: NodeJS.Signals, options: { group?: boolean } = {}): void {
  if (child.pid === undefined) return;
  try {
    if (options.group) process.kill(-child.pid, signal);
    else if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  } catch {
    // ESRCH: nothing left to kill.
  }
}

/**
 * Registers `child` to be killed (SIGKILL) once the file's tests are done, unless it exited before. With
 * `group: true` (for a child spawned with `detached: true`), its whole process group is killed, even after the
 * child itself has exited: whatever it started goes too.
 */
export function track<C extends ChildProcess>(child: C, options: { group?: boolean } = {}): C {
  const entry = { child, group: options.group ?? false };
  tracked.add(entry);
  if (!entry.group) child.once("exit", () => tracked.delete(entry));
  return child;
}

function killAll(): void {
  for (const entry of tracked) killProcess(entry.child, "SIGKILL", { group: entry.group });
  tracked.clear();
}

// Registered when a test file first imports this module, so at the top level: the hook belongs to the file's root
// test and runs after all of its tests, whether they passed or not.
after(killAll);
process.once("exit", killAll);
