import { importOptional } from "../optional-package.ts";

const TYPESCRIPT_FILE = /\.(?:[cm]?ts|tsx)$/;
let registered = false;

/**
 * Before a `.ts` app is imported on Node, registers tsx (an optional peer dependency): a `.js` app, or a runtime
 * that runs TypeScript itself (Bun, Deno, Node with type stripping on), never loads it.
 */
export async function prepareToImport(file: string): Promise<void> {
  if (registered || !TYPESCRIPT_FILE.test(file) || runsTypeScriptNatively()) return;
  const tsx = await importOptional("tsx", `Running the TypeScript app "${file}"`, () => import("tsx/esm/api"));
  tsx.register();
  registered = true;
}

function runsTypeScriptNatively(): boolean {
  const runtime = globalThis as { Bun?: unknown; Deno?: unknown };
  if (runtime.Bun !== undefined || runtime.Deno !== undefined) return true;
  // Node ≥ 22.18 strips types by default, but only erasable syntax: tsx still handles enums, parameter properties…
  return false;
}
