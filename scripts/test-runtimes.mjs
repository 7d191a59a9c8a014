// Runs the runtime-neutral part of the suite on Bun and Deno (binaries from npm's platform packages, installed as
// devDependencies), one test file per process, and prints what passed, what failed, and which tests apply to Node only
// and why. `node scripts/test-runtimes.mjs [bun|deno] [test/folder/ …]`.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";

const root = join(import.meta.dirname, "..");

/** Folders whose tests exercise Skiff itself (HTTP, validation, dependencies, WebSockets, broadcast, TestClient). */
const NEUTRAL = [
  "test/http",
  "test/routing",
  "test/params",
  "test/dependencies",
  "test/responses",
  "test/forms",
  "test/middleware",
  "test/security",
  "test/openapi",
  "test/logging",
  "test/websocket",
  "test/broadcast",
  "test/client",
  "test/examples",
  "test/hardening",
  "test/docs/runtimes.test.ts",
];

/** Folders that run on Node only, and why (printed with every run). */
const NODE_ONLY_FOLDERS = {
  "test/cli": "`skiff run` (reload, workers) is started with Node",
  "test/chat, test/e2e, test/scale": "they start `skiff run` processes (Node) and drive Chromium against them",
  "test/package": "npm pack and Node consumers (CommonJS require, tsc), by design",
  "test/startup": "Node's module-loading hooks count what loads at start-up",
  "test/types, test/docs": "type checks and the docs site: no Skiff code runs",
  "test/bench": "the benchmark harness runs its servers on Node",
};

const RUNTIMES = {
  bun: {
    binary: join(root, "node_modules/@oven/bun-linux-x64/bin/bun"),
    package: "@oven/bun-linux-x64",
    args: (files) => ["test", "--conditions=skiff-source", "--timeout=120000", ...files.map((file) => `./${file}`)],
  },
  deno: {
    binary: join(root, "node_modules/@deno/linux-x64-glibc/deno"),
    package: "@deno/linux-x64-glibc",
    args: (files) => ["test", "--allow-all", "--no-check", "--quiet", "--conditions=skiff-source", ...files],
  },
};

const FILE_TIMEOUT_MS = 300_000;

function testFiles(folder) {
  const full = join(root, folder);
  if (statSync(full).isFile()) return [folder];
  return readdirSync(full, { recursive: true })
    .filter((name) => name.endsWith(".test.ts"))
    .map((name) => relative(root, join(full, name)))
    .sort();
}

/** Runs one file; resolves with its exit status (null on timeout), output, and the Node-only reasons it printed. */
function runFiles(runtime, files, skipLog) {
  return new Promise((resolve) => {
    const child = spawn(runtime.binary, runtime.args(files), {
      cwd: root,
      env: { ...withoutColor(process.env), SKIFF_NODE_ONLY_LOG: skipLog, NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    const timer = setTimeout(() => {
      output += `\n[timed out after ${FILE_TIMEOUT_MS / 1000} s]`;
      killGroup(child);
    }, FILE_TIMEOUT_MS);
    child.on("close", (status) => {
      clearTimeout(timer);
      // Whatever the file started (servers, workers) goes with it.
      killGroup(child);
      resolve({ status, output });
    });
  });
}

function withoutColor(env) {
  const { FORCE_COLOR: _force, ...rest } = env;
  return rest;
}

function killGroup(child) {
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    // already gone
  }
}

async function runOn(name, files) {
  const runtime = RUNTIMES[name];
  if (process.platform !== "linux" || process.arch !== "x64" || !existsSync(runtime.binary)) {
    console.log(`# ${name}: skipped — ${runtime.package} is not installed (it exists for Linux x64 only)`);
    return { failed: [], skipped: true };
  }
  const dir = mkdtempSync(join(tmpdir(), `skiff-${name}-`));
  const failed = [];
  const nodeOnly = [];
  const started = Date.now();
  // A process per folder (a runtime's start costs up to a second), two at a time, as the Node suite runs.
  const byFolder = new Map();
  for (const file of files) byFolder.set(dirname(file), [...(byFolder.get(dirname(file)) ?? []), file]);
  const batches = [...byFolder.values()];
  try {
    let next = 0;
    const worker = async (slot) => {
      while (next < batches.length) {
        const batch = batches[next++];
        const file = batch.length === 1 ? batch[0] : `${dirname(batch[0])}/ (${batch.length} files)`;
        const skipLog = join(dir, `node-only-${slot}.log`);
        rmSync(skipLog, { force: true });
        const { status, output } = await runFiles(runtime, batch, skipLog);
        if (existsSync(skipLog)) for (const reason of readFileSync(skipLog, "utf8").split("\n").filter(Boolean)) nodeOnly.push(`${file}: ${reason}`);
        if (status === 0) console.log(`ok ${name} ${file}`);
        else {
          failed.push(file);
          console.log(`not ok ${name} ${file}\n${indent(output.slice(-6000))}`);
        }
      }
    };
    await Promise.all([worker(0), worker(1)]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    `# ${name}: ${batches.length - failed.length} of ${batches.length} batches (${files.length} files) passed in ${Math.round((Date.now() - started) / 1000)} s`,
  );
  if (nodeOnly.length > 0) console.log(`# ${name}: tests that apply to Node only, and why:\n${nodeOnly.map((line) => `#   ${line}`).join("\n")}`);
  return { failed, skipped: false };
}

function indent(text) {
  return text
    .split("\n")
    .map((line) => `    ${line}`)
    .join("\n");
}

const args = process.argv.slice(2);
const names = args.filter((a) => a in RUNTIMES);
const folders = args.filter((a) => !(a in RUNTIMES));
const files = (folders.length > 0 ? folders : NEUTRAL).flatMap(testFiles);
console.log(
  `# Node only, by folder:\n${Object.entries(NODE_ONLY_FOLDERS)
    .map(([f, why]) => `#   ${f}: ${why}`)
    .join("\n")}`,
);
let ok = true;
for (const name of names.length > 0 ? names : Object.keys(RUNTIMES)) {
  const result = await runOn(name, files);
  if (result.failed.length > 0) ok = false;
}
process.exit(ok ? 0 : 1);
