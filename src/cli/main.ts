import { parseRunArgs, usage, UsageError } from "./args.ts";
import { LoadError, loadApp } from "./load-app.ts";
import { fail, serveInThisProcess } from "./serve-process.ts";

/** The `skiff` command. */
export async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "run": {
        const args = parseRunArgs(rest);
        // The reloader (chokidar) and the cluster supervisor load only when asked for: `run` starts sooner.
        if (args.reload) (await import("./reload.ts")).runWithReload(args, rest);
        else if (args.workers > 1) await (await import("./workers.ts")).runWorkers(args);
        else await serveInThisProcess(args, { banner: true });
        return;
      }
      case "openapi":
      case "asyncapi": {
        const target = rest[0];
        if (!target) throw new UsageError(`Missing the app, e.g. \`skiff ${command} main.ts:app\`.`);
        const { app } = await loadApp(target);
        const doc = command === "openapi" ? (app as unknown as { openapi(): unknown }).openapi() : (app as unknown as { asyncapi(): unknown }).asyncapi();
        process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
        process.exit(0);
      }
      case undefined:
      case "-h":
      case "--help":
        process.stdout.write(`${usage()}\n`);
        return;
      default:
        throw new UsageError(`Unknown command "${command}".`);
    }
  } catch (error) {
    if (error instanceof UsageError) fail(`${error.message}\n${usage()}`);
    if (error instanceof LoadError) fail(error.message);
    fail(error instanceof Error ? error.message.split("\n")[0] : String(error));
  }
}
