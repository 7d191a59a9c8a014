import { readFileSync } from "node:fs";
import { SkiffError } from "../errors.ts";
import { parseRunArgs, runUsage, usage, UsageError, wantsHelp } from "./args.ts";
import { LoadError, loadApp } from "./load-app.ts";
import { fail, serveInThisProcess } from "./serve-process.ts";
import { currentRuntime } from "../server/serve-native.ts";

/** The `skiff` command. */
export async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "run": {
        if (wantsHelp(rest)) return print(runUsage());
        const args = parseRunArgs(rest);
        const runtime = currentRuntime();
        if (runtime !== "node" && (args.reload || args.workers > 1)) {
          throw new UsageError(
            `--reload and --workers use Node's process model (child processes, node:cluster); on ${runtime === "bun" ? "Bun" : "Deno"}, run the app without them, or run \`skiff run\` with Node for them.`,
          );
        }
        // The reloader (chokidar) and the cluster supervisor load only when asked for: `run` starts sooner.
        if (args.reload) await (await import("./reload.ts")).runWithReload(args, rest);
        else if (args.workers > 1) await (await import("./workers.ts")).runWorkers(args);
        else await serveInThisProcess(args, { banner: true });
        return;
      }
      case "openapi":
      // biome-ignore lint/suspicious/noFallthroughSwitchClause: the case ends in process.exit()
      case "asyncapi": {
        const target = rest[0];
        if (wantsHelp(rest)) return print(usage());
        if (!target) throw new UsageError(`Missing the app, e.g. \`skiff ${command} main.ts:app\`.`);
        const { app } = await loadApp(target);
        const doc = command === "openapi" ? app.openapi() : app.asyncapi();
        process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
        process.exit(0);
      }
      case "-v":
      case "--version":
        return print(version());
      case undefined:
      case "-h":
      case "--help":
        return print(usage());
      default:
        throw new UsageError(`Unknown command "${command}".`);
    }
  } catch (error) {
    if (error instanceof UsageError) fail(`${error.message}\n${usage()}`);
    if (error instanceof LoadError || error instanceof SkiffError) fail(error.message);
    fail(error instanceof Error ? (error.stack ?? error.message) : String(error));
  }
}

function print(text: string): void {
  process.stdout.write(`${text}\n`);
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}
