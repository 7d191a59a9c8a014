import cluster, { type Address, type Worker } from "node:cluster";
import { subscribe } from "node:diagnostics_channel";
import type { RunArgs } from "./args.ts";
import { info, serveInThisProcess, warn } from "./serve-process.ts";

/** A worker that lived this long before crashing is replaced at once, and the backoff starts over. */
const STABLE_MS = 10_000;
const BACKOFF_FIRST_MS = 250;
const BACKOFF_MAX_MS = 10_000;
/** Past its graceful timeout, how long a worker may take over the lifespan shutdown before it is killed. */
const KILL_MARGIN_MS = 5_000;

/** What a worker tells the primary. */
interface WorkerNote {
  skiff: "broadcast-connected";
  backend: string;
}

/**
 * `--workers N`: N processes sharing the port through node:cluster. A crashed worker is replaced (after a growing
 * delay when crashes follow each other quickly); SIGTERM/SIGINT make every worker drain as a single process does,
 * a worker still running past the graceful timeout is killed, and the primary exits 0. If no worker ever starts
 * listening (the app fails to load, the port is taken), the primary gives up with exit code 1.
 */
export async function runWorkers(args: RunArgs): Promise<void> {
  if (cluster.isWorker) await serveWorker(args);
  else new Supervisor(args).start();
}

async function serveWorker(args: RunArgs): Promise<void> {
  // Subscribed before the app loads, so a Broadcast connected by the lifespan (or later) is seen.
  subscribe("skiff:broadcast:connected", (message) => {
    const note: WorkerNote = { skiff: "broadcast-connected", backend: (message as { backend: string }).backend };
    process.send?.(note, undefined, undefined, () => {}); // with a callback: a closed channel is no crash
  });
  await serveInThisProcess(args, { banner: false });
}

class Supervisor {
  readonly #args: RunArgs;
  readonly #started = new Map<Worker, number>();
  readonly #pending = new Set<NodeJS.Timeout>();
  #stopping = false;
  #exitCode = 0;
  #crashStreak = 0;
  #served = false;
  #warnedMemory = false;

  constructor(args: RunArgs) {
    this.#args = args;
  }

  start(): void {
    info(`Started parent process [${process.pid}]`);
    cluster.on("exit", (worker, code, signal) => this.#exited(worker, code, signal));
    cluster.on("listening", (_worker, address) => this.#listening(address));
    cluster.on("message", (_worker, message) => this.#noted(message as Partial<WorkerNote>));
    for (let i = 0; i < this.#args.workers; i++) this.#fork();
    process.on("SIGTERM", () => this.stop("SIGTERM"));
    process.on("SIGINT", () => this.stop("SIGINT"));
  }

  stop(reason: string): void {
    if (this.#stopping) return;
    this.#stopping = true;
    for (const timer of this.#pending) clearTimeout(timer);
    info(`Shutting down ${this.#started.size} worker(s) (${reason})`);
    for (const worker of this.#started.keys()) worker.process.kill("SIGTERM");
    const deadline = setTimeout(() => this.#killStragglers(), (this.#args.gracefulTimeout ?? 10_000) + KILL_MARGIN_MS);
    deadline.unref();
    this.#exitIfDone();
  }

  #fork(): void {
    const worker = cluster.fork();
    this.#started.set(worker, Date.now());
    worker.once("online", () => info(`Started worker process [${worker.process.pid}]`));
  }

  #listening(address: Address): void {
    if (this.#served) return;
    this.#served = true;
    const host = this.#args.host.includes(":") ? `[${this.#args.host}]` : this.#args.host;
    info(`Skiff running on http://${host}:${address.port} with ${this.#args.workers} workers (Press CTRL+C to quit)`);
  }

  #exited(worker: Worker, code: number | null, signal: string | null): void {
    const startedAt = this.#started.get(worker) ?? Date.now();
    this.#started.delete(worker);
    const how = signal ?? `code ${code}`;
    if (this.#stopping) return this.#exitIfDone();
    if (!this.#served) {
      warn(`Worker [${worker.process.pid}] exited (${how}) before serving; the app cannot start, stopping.`);
      this.#exitCode = 1;
      return this.stop("startup failed");
    }
    this.#crashStreak = Date.now() - startedAt >= STABLE_MS ? 0 : this.#crashStreak + 1;
    const delay = this.#crashStreak === 0 ? 0 : Math.min(BACKOFF_FIRST_MS * 2 ** (this.#crashStreak - 1), BACKOFF_MAX_MS);
    info(`Worker [${worker.process.pid}] exited (${how}); starting a replacement${delay > 0 ? ` in ${delay} ms` : ""}.`);
    const timer = setTimeout(() => {
      this.#pending.delete(timer);
      this.#fork();
    }, delay);
    this.#pending.add(timer);
  }

  #noted(note: Partial<WorkerNote>): void {
    if (note?.skiff !== "broadcast-connected" || note.backend !== "memory" || this.#warnedMemory) return;
    this.#warnedMemory = true;
    warn(
      `Broadcast uses memory:// with ${this.#args.workers} workers: messages published in one worker do not reach ` +
        "subscribers in the others. Use redis://… to fan out across workers.",
    );
  }

  #killStragglers(): void {
    for (const worker of this.#started.keys()) {
      warn(`Worker [${worker.process.pid}] did not exit in time; killing it.`);
      worker.process.kill("SIGKILL");
    }
  }

  #exitIfDone(): void {
    if (this.#started.size === 0) process.exit(this.#exitCode);
  }
}
