// The contestants: how to start each server, and whether it can run here.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { buildSync } from "esbuild";
import type { ScenarioId } from "./types.ts";

export interface ServerSpec {
  /** Short id used in results (`skiff`, `fastify`, …). */
  id: string;
  label: string;
  kind: "http" | "ws";
  /** The command line serving on `port` with `routes` routes registered. */
  command(port: number, routes: number): { command: string; args: string[]; env?: NodeJS.ProcessEnv; cwd?: string };
  /** Why it cannot run here, or undefined when it can. */
  unavailable?(): string | undefined;
  /** The scenarios it runs in, when not all of its kind's (the Bun and Deno contestants: issue 23's). */
  scenarios?: readonly ScenarioId[];
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

/** The runtimes' binaries, from npm's platform packages (devDependencies, as scripts/test-runtimes.mjs uses them). */
const RUNTIMES = {
  bun: { label: "Bun", binary: fileURLToPath(new URL("../../node_modules/@oven/bun-linux-x64/bin/bun", import.meta.url)), args: [] },
  deno: { label: "Deno", binary: fileURLToPath(new URL("../../node_modules/@deno/linux-x64-glibc/deno", import.meta.url)), args: ["run", "-A"] },
} as const;

/** Scenarios 1, 2 and 5 (issue 23): hello, the validated GET and the WebSocket echo. */
const RUNTIME_SCENARIOS: readonly ScenarioId[] = ["hello", "get", "ws-echo"];

/**
 * A server file run by Bun or Deno instead of Node: the same compiled JavaScript, which serves itself with Bun.serve or
 * Deno.serve when it finds itself there (servers/fetch-host.ts).
 */
function runtimeServer(id: string, label: string, kind: "http" | "ws", runtime: keyof typeof RUNTIMES, file: string): ServerSpec {
  const { binary, args } = RUNTIMES[runtime];
  let entry: string | undefined;
  return {
    id,
    label,
    kind,
    scenarios: RUNTIME_SCENARIOS,
    command: (port, routes) => ({
      command: binary,
      args: [...args, (entry ??= compiled(file)), "--port", String(port), "--routes", String(routes)],
      env: { NODE_ENV: "production" },
    }),
    unavailable: () => (existsSync(binary) ? undefined : `${RUNTIMES[runtime].label} not installed (${binary})`),
  };
}

/** Whether `spec` runs in `scenario`. */
export function runsIn(spec: ServerSpec, scenario: ScenarioId): boolean {
  return spec.scenarios === undefined || spec.scenarios.includes(scenario);
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
  runtimeServer("skiff-bun", "Skiff on Bun", "http", "bun", "skiff.ts"),
  runtimeServer("bun-raw", "Bun.serve (raw)", "http", "bun", "fetch-raw.ts"),
  runtimeServer("hono-bun", "Hono on Bun", "http", "bun", "hono.ts"),
  runtimeServer("elysia-bun", "Elysia on Bun", "http", "bun", "elysia.ts"),
  runtimeServer("skiff-deno", "Skiff on Deno", "http", "deno", "skiff.ts"),
  runtimeServer("deno-raw", "Deno.serve (raw)", "http", "deno", "fetch-raw.ts"),
  runtimeServer("hono-deno", "Hono on Deno", "http", "deno", "hono.ts"),
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
  // Echo only: Skiff under Bun.serve with its `bunWebSocket` hooks, and Bun's own WebSocket echo.
  runtimeServer("skiff-bun", "Skiff on Bun", "ws", "bun", "skiff-ws.ts"),
  runtimeServer("bun-raw", "Bun.serve (raw)", "ws", "bun", "fetch-raw.ts"),
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
