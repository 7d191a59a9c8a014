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
  wallSeconds: number;
  /** `error TSxxxx` lines, paths as tsc prints them. */
  errors: string[];
}

function counter(output: string, label: string): number {
  return Number(new RegExp(`^${label}:\\s+([\\d.]+)`, "m").exec(output)?.[1] ?? NaN);
}

export function typeCheck(project: string, extraArgs: readonly string[] = []): TypeCheck {
  const started = performance.now();
  const run = spawnSync(process.execPath, [tscBin, "-p", join(project, "tsconfig.json"), "--extendedDiagnostics", "--noEmit", ...extraArgs], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const output = `${run.stdout}${run.stderr}`;
  return {
    instantiations: counter(output, "Instantiations"),
    types: counter(output, "Types"),
    memoryKiB: counter(output, "Memory used"),
    checkSeconds: counter(output, "Check time"),
    wallSeconds: (performance.now() - started) / 1000,
    errors: output.split("\n").filter((line) => /error TS\d+/.test(line)),
  };
}
