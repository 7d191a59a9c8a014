// Runs `tsc --extendedDiagnostics --noEmit` on a project and reads its counters.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { tscBin } from "./workspace.ts";

export interface TypeCheck {
  instantiations: number;
  types: number;
  /** Kibibytes, as tsc reports "Memory used". */
  memoryKiB: number;
  checkSeconds: number;
  /** User + system CPU of the whole tsc run: steadier than wall time on a shared machine. */
  cpuSeconds: number;
  wallSeconds: number;
  /** `error TSxxxx` lines, paths as tsc prints them. */
  errors: string[];
}

function counter(output: string, label: string): number {
  return Number(new RegExp(`^${label}:\\s+([\\d.]+)`, "m").exec(output)?.[1] ?? NaN);
}

/** Runs tsc under bash's `time`, which reports the CPU the run and its children used. */
export function typeCheck(project: string, extraArgs: readonly string[] = []): TypeCheck {
  const started = performance.now();
  const args = [tscBin, "-p", join(project, "tsconfig.json"), "--extendedDiagnostics", "--noEmit", ...extraArgs];
  const run = spawnSync("bash", ["-c", 'TIMEFORMAT="cpu %3U %3S"; time "$0" "$@"', process.execPath, ...args], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const output = `${run.stdout}${run.stderr}`;
  const cpu = /^cpu ([\d.]+) ([\d.]+)$/m.exec(run.stderr);
  return {
    instantiations: counter(output, "Instantiations"),
    types: counter(output, "Types"),
    memoryKiB: counter(output, "Memory used"),
    checkSeconds: counter(output, "Check time"),
    cpuSeconds: cpu ? Number(cpu[1]) + Number(cpu[2]) : NaN,
    wallSeconds: (performance.now() - started) / 1000,
    errors: output.split("\n").filter((line) => /error TS\d+/.test(line)),
  };
}
