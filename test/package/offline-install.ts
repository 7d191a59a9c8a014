/**
 * Installs the packed tarball into a fresh project the way `npm install` would, but without the network: the
 * project's lockfile is written from the repo's own (same versions, same integrity hashes), so `npm ci --offline`
 * takes every package from the npm cache that the repo's install filled.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";

interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  [key: string]: unknown;
}

const REPO = join(import.meta.dirname, "../..");
const repoLock = JSON.parse(readFileSync(join(REPO, "package-lock.json"), "utf8")) as { packages: Record<string, LockEntry> };

/** Where npm finds `name` for the package installed at `from` (its own node_modules first, then upwards). */
function locate(from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = `${base ? `${base}/` : ""}node_modules/${name}`;
    if (repoLock.packages[candidate]) return candidate;
    if (!base) return undefined;
    const parent = base.lastIndexOf("/node_modules/");
    base = parent === -1 ? "" : base.slice(0, parent);
  }
}

/** The lock entries of `names` and everything they need, at the paths the repo's install put them. */
function closure(names: string[], from = ""): Record<string, LockEntry> {
  const found: Record<string, LockEntry> = {};
  const visit = (owner: string, name: string, optional: boolean) => {
    const path = locate(owner, name);
    if (!path) {
      if (optional) return;
      throw new Error(`${name} (needed by ${owner || "the package"}) is not in package-lock.json`);
    }
    if (found[path]) return;
    const entry = { ...repoLock.packages[path] };
    delete entry.dev;
    delete entry.devOptional;
    delete entry.peer;
    found[path] = entry;
    for (const dep of Object.keys(entry.dependencies ?? {})) visit(path, dep, false);
    for (const dep of Object.keys(entry.optionalDependencies ?? {})) visit(path, dep, true);
  };
  for (const name of names) visit(from, name, false);
  return found;
}

export interface Consumer {
  dir: string;
  /** Runs a command in the project; throws with its output when it fails. */
  run(command: string, args: string[], options?: { env?: NodeJS.ProcessEnv; input?: string }): string;
}

/**
 * A new project in `dir` with the tarball installed (production dependencies only), plus `extra` packages from
 * the repo's devDependencies (tsx, say) as a user would add them.
 */
export function installConsumer(dir: string, tarball: string, extra: string[] = []): Consumer {
  mkdirSync(dir, { recursive: true });
  const pkg = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as Record<string, Record<string, string>>;
  const tgz = basename(tarball);
  execFileSync("cp", [tarball, join(dir, tgz)]);
  const integrity = `sha512-${createHash("sha512").update(readFileSync(tarball)).digest("base64")}`;
  const extraVersions = Object.fromEntries(extra.map((name) => [name, repoLock.packages[`node_modules/${name}`]!.version!]));
  const dependencies = { skiffjs: `file:${tgz}`, ...extraVersions };
  const packages: Record<string, LockEntry> = {
    "": { name: "consumer", version: "1.0.0", dependencies },
    "node_modules/skiffjs": {
      version: String(pkg.version),
      resolved: `file:${tgz}`,
      integrity,
      license: String(pkg.license),
      dependencies: pkg.dependencies,
      peerDependencies: pkg.peerDependencies,
      peerDependenciesMeta: pkg.peerDependenciesMeta as unknown as string,
      bin: pkg.bin,
      engines: pkg.engines,
    },
    ...closure(Object.keys(pkg.dependencies ?? {}), "node_modules/skiffjs"),
    ...closure(extra),
  };
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify({ name: "consumer", version: "1.0.0", private: true, type: "module", dependencies }, null, 2),
  );
  writeFileSync(
    join(dir, "package-lock.json"),
    JSON.stringify({ name: "consumer", version: "1.0.0", lockfileVersion: 3, requires: true, packages }, null, 2),
  );
  const run: Consumer["run"] = (command, args, options = {}) => {
    try {
      return execFileSync(command, args, {
        cwd: dir,
        encoding: "utf8",
        env: { ...process.env, ...options.env },
        input: options.input,
        stdio: ["pipe", "pipe", "pipe"],
        timeout: 120_000,
      });
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: string; stderr?: string };
      throw new Error(`${command} ${args.join(" ")} failed:\n${stdout ?? ""}\n${stderr ?? ""}`);
    }
  };
  run("npm", ["ci", "--offline", "--omit=dev", "--no-audit", "--no-fund", "--ignore-scripts"]);
  return { dir, run };
}

/** `npm pack` of the repo, with the dist/ that `npm test` has just built (no rebuild while other tests use it). */
export function packTarball(into: string): string {
  mkdirSync(into, { recursive: true });
  const out = execFileSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", into], {
    cwd: REPO,
    encoding: "utf8",
    timeout: 120_000,
  });
  const [{ filename }] = JSON.parse(out) as Array<{ filename: string }>;
  return join(into, filename);
}

export { REPO };
