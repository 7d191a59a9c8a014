// A throw-away directory where generated projects resolve packages as a user's would: node_modules links to this
// repo's installed packages, plus `skiffjs` built from src/ as declarations only (what the package ships), and
// `skiffjs-src` linked to the repo itself (its TypeScript sources, through the `skiff-source` export condition).
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
export const tscBin = join(repoRoot, "node_modules/typescript/bin/tsc");

/** Compiler options of every generated project: a strict NodeNext project, as `tsc --init` users have. */
export const projectOptions = {
  target: "ES2022",
  lib: ["ES2023", "DOM", "DOM.Iterable"],
  module: "NodeNext",
  moduleResolution: "NodeNext",
  strict: true,
  skipLibCheck: true,
  noEmit: true,
  allowImportingTsExtensions: true,
  customConditions: ["skiff-source"],
  types: ["node"],
};

function writeJson(file: string, value: unknown): void {
  writeFileSync(file, JSON.stringify(value, null, 2));
}

/** Links every installed package (scopes included) into `target`, so resolution finds them from the workspace. */
function linkPackages(target: string): void {
  const installed = realpathSync(join(repoRoot, "node_modules"));
  mkdirSync(target, { recursive: true });
  for (const name of readdirSync(installed)) {
    if (name === "skiffjs" || name === ".bin" || name.startsWith(".")) continue;
    symlinkSync(join(installed, name), join(target, name));
  }
}

/**
 * Emits Skiff's declarations into `outDir` with the package build's own settings (tsconfig.build.json: relative
 * imports rewritten to `.js`, `@internal` stripped), declarations only.
 */
export function emitSkiffDeclarations(outDir: string, scratch: string): void {
  const config = join(scratch, "tsconfig.emit.json");
  writeJson(config, {
    extends: join(repoRoot, "tsconfig.build.json"),
    compilerOptions: {
      emitDeclarationOnly: true,
      declarationMap: false,
      sourceMap: false,
      inlineSources: false,
      outDir,
      typeRoots: [join(repoRoot, "node_modules/@types")],
    },
  });
  // One checker: the emit is set-up, not measured, and the machine may be shared.
  const run = spawnSync(process.execPath, [tscBin, "-p", config, "--singleThreaded"], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`emitting Skiff's declarations failed:\n${run.stdout}${run.stderr}`);
}

/** The `package.json` of the declarations-only `skiffjs`: each subpath's types from dist/. */
function skiffPackageJson(): unknown {
  const entry = (path: string) => ({ types: `./dist/${path}.d.ts` });
  return {
    name: "skiffjs",
    type: "module",
    exports: {
      ".": entry("index"),
      "./client": entry("client/index"),
      "./testing": entry("testing/index"),
      "./broadcast": entry("broadcast/index"),
    },
  };
}

export interface Workspace {
  dir: string;
  /** Writes a project (tsconfig.json plus the given files) under the workspace and returns its directory. */
  project(name: string, files: Record<string, string>, options?: Record<string, unknown>): string;
  dispose(): void;
}

export function createWorkspace(): Workspace {
  const dir = mkdtempSync(join(tmpdir(), "skiff-types-bench-"));
  try {
    const modules = join(dir, "node_modules");
    linkPackages(modules);
    const skiff = join(modules, "skiffjs");
    mkdirSync(skiff);
    writeJson(join(skiff, "package.json"), skiffPackageJson());
    emitSkiffDeclarations(join(skiff, "dist"), dir);
    symlinkSync(repoRoot, join(modules, "skiffjs-src"));
    writeJson(join(dir, "package.json"), { name: "types-bench", private: true, type: "module" });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    dir,
    project(name, files, options = {}) {
      const project = join(dir, name);
      mkdirSync(project, { recursive: true });
      for (const [file, text] of Object.entries(files)) writeFileSync(join(project, file), text);
      writeJson(join(project, "tsconfig.json"), { compilerOptions: { ...projectOptions, ...options }, files: Object.keys(files) });
      return project;
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
