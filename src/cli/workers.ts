import cluster from "node:cluster";
import type { RunArgs } from "./args.ts";
import { info, serveInThisProcess } from "./serve-process.ts";

/**
 * `--workers N`: N processes sharing the port through node:cluster. A worker that crashes is replaced; SIGTERM is
 * passed to every worker, each drains, and the primary exits 0 once all have.
 */
export async function runWorkers(args: RunArgs): Promise<void> {
  if (cluster.isWorker) {
    await serveInThisProcess(args, { banner: false });
    return;
  }
  let stopping = false;
  info(`Started parent process [${process.pid}]`);
  const fork = () => {
    const worker = cluster.fork();
    worker.on("online", () => info(`Started worker process [${worker.process.pid}]`));
  };
  for (let i = 0; i < args.workers; i++) fork();
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    info(`Worker [${worker.process.pid}] exited (${signal ?? code}); starting a replacement.`);
    fork();
  });
  let announced = false;
  cluster.on("listening", () => {
    if (announced) return;
    announced = true;
    info(`Skiff running on http://${args.host.includes(":") ? `[${args.host}]` : args.host}:${args.port} with ${args.workers} workers (Press CTRL+C to quit)`);
  });
  const stop = () => {
    if (stopping) return;
    stopping = true;
    info("Shutting down workers");
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}
