// The contestants: how to start each server, and whether it can run here.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { buildSync } from "esbuild";

export interface ServerSpec {
  /** Short id used in results (`skiff`, `fastify`, …). */
  id: string;
  label: string;
  kind: "http" | "ws";
  /** The command line serving on `port` with `routes` routes registered. */
  command(port: number, routes: number): { command: string; args: string[]; env?: NodeJS.ProcessEnv; cwd?: string };
  /** Why it cannot run here, or undefined when it can. */
  unavailable?(): string | undefined;
}

const SERVERS_DIR = fileURLToPath(new URL("../servers/", import.meta.url));
const SKIFF_BIN = fileURLToPath(new URL("../../bin/skiff.js", import.meta.url));
const COMPILED_DIR = fileURLToPath(new URL("../.tmp/servers/", import.meta.url));

/**
 * Every server runs as compiled JavaScript, as in production: the server file is turned into one .mjs beside
 * nothing else (its packages stay imports: Skiff's own resolves to dist/), so no TypeScript loader is timed.
 */
function compiled(file: string): string {
  const outfile = `${COMPILED_DIR}${file.replace(/\.ts$/, ".mjs")}`;
  buildSync({
    entryPoints: [`${SERVERS_DIR}${file}`],
    outfile,
    bundle: true,
    packages: "external",
    format: "esm",
    platform: "node",
    target: "node20",
    logLevel: "error",
  });
  return outfile;
}

function nodeServer(id: string, label: string, kind: "http" | "ws", file: string, env: NodeJS.ProcessEnv = {}): ServerSpec {
  let entry: string | undefined;
  return {
    id,
    label,
    kind,
    command: (port, routes) => ({
      command: process.execPath,
      args: ["--expose-gc", (entry ??= compiled(file)), "--port", String(port), "--routes", String(routes)],
      env: { NODE_ENV: "production", ...env },
    }),
  };
}

let python: string | null | undefined;

/** A Python with fastapi, uvicorn, uvloop and httptools importable (Debian's python3-* packages), or null. */
function fastapiPython(): string | null {
  if (python !== undefined) return python;
  python = null;
  for (const candidate of ["/usr/bin/python3", "python3"]) {
    const probe = spawnSync(candidate, ["-c", "import fastapi, uvicorn, uvloop, httptools"], { stdio: "ignore" });
    if (probe.status === 0) return (python = candidate);
  }
  return python;
}

/**
 * The seed-style app (skiff-seed.ts) served by `skiff run` at its defaults, as a user starts it: the TypeScript file
 * through the CLI (which loads it with tsx), log level info, docs on. Only `--expose-gc` is added, for `/__mem`.
 */
function skiffRunServer(kind: "http" | "ws"): ServerSpec {
  return {
    id: "skiff-seed",
    label: "Skiff (as users run it)",
    kind,
    command: (port, routes) => ({
      command: process.execPath,
      args: ["--expose-gc", SKIFF_BIN, "run", `${SERVERS_DIR}skiff-seed.ts:app`, "--port", String(port)],
      env: { NODE_ENV: "production", ROUTES: String(routes) },
    }),
  };
}

export const HTTP_SERVERS: ServerSpec[] = [
  nodeServer("skiff", "Skiff", "http", "skiff.ts"),
  skiffRunServer("http"),
  nodeServer("node", "node:http", "http", "node.ts"),
  nodeServer("fastify", "Fastify", "http", "fastify.ts"),
  nodeServer("hono", "Hono", "http", "hono.ts"),
  nodeServer("express", "Express", "http", "express.ts"),
  {
    id: "fastapi",
    label: "FastAPI",
    kind: "http",
    command: (port, routes) => ({
      command: fastapiPython() ?? "python3",
      args: [
        "-m",
        "uvicorn",
        "fastapi_app:app",
        "--host",
        "127.0.0.1",
        "--port",
        String(port),
        "--loop",
        "uvloop",
        "--http",
        "httptools",
        "--no-access-log",
        "--log-level",
        "warning",
      ],
      env: { ROUTES: String(routes) },
      cwd: SERVERS_DIR,
    }),
    unavailable: () =>
      fastapiPython() === null
        ? "python3 with fastapi, uvicorn, uvloop and httptools not found (apt-get install python3-fastapi python3-uvicorn python3-uvloop python3-httptools)"
        : undefined,
  },
];

export const WS_SERVERS: ServerSpec[] = [
  nodeServer("skiff", "Skiff", "ws", "skiff-ws.ts"),
  nodeServer("ws", "ws (raw)", "ws", "ws.ts"),
  // Echo and idle memory only (its app has no fan-out routes).
  skiffRunServer("ws"),
  // Fan-out only: the same server with DESIGN.md §6's `for await … await ws.sendText()` subscriber instead of pipeTo.
  nodeServer("skiff-loop", "Skiff (for await loop)", "ws", "skiff-ws.ts", { FANOUT: "loop" }),
];

/**
 * Skiff from another checkout (`--baseline DIR`), measured in the same rounds: before/after numbers for a change.
 * Its bench/servers file runs through tsx (an older checkout's package may point at its TypeScript sources).
 */
export function baselineServer(kind: "http" | "ws", checkout: string): ServerSpec {
  const file = `${checkout.replace(/\/$/, "")}/bench/servers/${kind === "http" ? "skiff.ts" : "skiff-ws.ts"}`;
  return {
    id: "skiff-before",
    label: "Skiff (before)",
    kind,
    command: (port, routes) => ({
      command: process.execPath,
      args: ["--expose-gc", "--import", "tsx", file, "--port", String(port), "--routes", String(routes)],
      env: { NODE_ENV: "production" },
    }),
  };
}
