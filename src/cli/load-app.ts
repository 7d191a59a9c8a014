import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { App } from "../app.ts";
import { describeImportError } from "./import-error.ts";
import { prepareToImport } from "./typescript-loader.ts";

export class LoadError extends Error {}

/** Splits `main.ts:app` into the file and the export (default `app`), as uvicorn's `module:attribute`. */
export function parseTarget(target: string): { file: string; exportName: string } {
  const colon = target.lastIndexOf(":");
  // A Windows drive letter ("C:\…") is not an export separator.
  if (colon > 1) return { file: target.slice(0, colon), exportName: target.slice(colon + 1) || "app" };
  return { file: target, exportName: "app" };
}

/** Imports the app module and returns its App export, or throws a LoadError with a one-line reason. */
export async function loadApp(target: string): Promise<{ app: App<any, any>; file: string }> {
  const { file, exportName } = parseTarget(target);
  const path = resolve(file);
  if (!existsSync(path)) throw new LoadError(`Could not import "${file}": no such file (looked at ${path}).`);
  await prepareToImport(path);
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (error) {
    throw new LoadError(`Could not import "${file}":\n${describeImportError(error, path)}`);
  }
  const app = module[exportName] ?? (exportName === "app" ? module.default : undefined);
  if (app === undefined) {
    const exported = Object.keys(module).join(", ") || "nothing";
    throw new LoadError(`"${file}" has no export named "${exportName}" (it exports: ${exported}).`);
  }
  // Duck-typed: an app built by another copy of Skiff (e.g. a global CLI) is still an app.
  if (typeof app !== "object" || app === null || typeof (app as App).handle !== "function" || typeof (app as App).listen !== "function") {
    throw new LoadError(`Export "${exportName}" of "${file}" is not a Skiff App (got ${typeof app}). Export \`const ${exportName} = new App()\`.`);
  }
  return { app: app as App<any, any>, file: path };
}
