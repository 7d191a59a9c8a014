// The contestants: how to start each server, and whether it can run here.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

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

function nodeServer(id: string, label: string, kind: "http" | "ws", file: string, dir = SERVERS_DIR, env: NodeJS.ProcessEnv = {}): ServerSpec {
  return {
    id,
    label,
    kind,
    command: (port, routes) => ({
      command: process.execPath,
      args: ["--expose-gc", "--import", "tsx", `${dir}${file}`, "--port", String(port), "--routes", String(routes)],
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

export const HTTP_SERVERS: ServerSpec[] = [
  nodeServer("skiff", "Skiff", "http", "skiff.ts"),
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
      args: ["-m", "uvicorn", "fastapi_app:app", "--host", "127.0.0.1", "--port", String(port), "--loop", "uvloop", "--http", "httptools", "--no-access-log", "--log-level", "warning"],
      env: { ROUTES: String(routes) },
      cwd: SERVERS_DIR,
    }),
    unavailable: () =>
      fastapiPython() === null ? "python3 with fastapi, uvicorn, uvloop and httptools not found (apt-get install python3-fastapi python3-uvicorn python3-uvloop python3-httptools)" : undefined,
  },
];

export const WS_SERVERS: ServerSpec[] = [
  nodeServer("skiff", "Skiff", "ws", "skiff-ws.ts"),
  nodeServer("ws", "ws (raw)", "ws", "ws.ts"),
  // Fan-out only: the same server with DESIGN.md §6's `for await … await ws.sendText()` subscriber instead of pipeTo.
  nodeServer("skiff-loop", "Skiff (for await loop)", "ws", "skiff-ws.ts", SERVERS_DIR, { FANOUT: "loop" }),
];

/**
 * Skiff from another checkout (`--baseline DIR`), measured in the same rounds: before/after numbers for a change.
 * Its bench/servers files import "skiffjs", which resolves to that checkout's own src/.
 */
export function baselineServer(kind: "http" | "ws", checkout: string): ServerSpec {
  const dir = `${checkout.replace(/\/$/, "")}/bench/servers/`;
  return nodeServer("skiff-before", "Skiff (before)", kind, kind === "http" ? "skiff.ts" : "skiff-ws.ts", dir);
}
