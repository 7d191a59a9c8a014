import { spawn, type ChildProcess } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { importOptional } from "../optional-package.ts";
import type { RunArgs } from "./args.ts";
import { parseTarget } from "./load-app.ts";
import { info } from "./serve-process.ts";

const BIN = fileURLToPath(new URL("../../bin/skiff.js", import.meta.url));
const DEBOUNCE_MS = 150;
const WATCHED = /\.(?:[cm]?[jt]sx?|json)$/;

/**
 * `--reload`: this process only watches files; the app runs in a child restarted on each change (debounced). A
 * child that fails to start (a syntax error mid-edit) is reported and replaced on the next save.
 */
export async function runWithReload(args: RunArgs, argv: string[]): Promise<void> {
  const { watch } = await importOptional("chokidar", "skiff run --reload", () => import("chokidar"));
  const dirs = args.reloadDirs.length > 0 ? args.reloadDirs.map((d) => resolve(d)) : [dirname(resolve(parseTarget(args.target).file))];
  const childArgv = argv.filter(
    (a, i) => a !== "--reload" && a !== "--reload-dir" && argv[i - 1] !== "--reload-dir" && !a.startsWith("--reload-dir="),
  );
  let child: ChildProcess | undefined;
  let timer: NodeJS.Timeout | undefined;
  let shuttingDown = false;

  const start = () => {
    child = spawn(process.execPath, [BIN, "run", ...childArgv], { stdio: "inherit", env: { ...process.env, SKIFF_RELOAD_CHILD: "1" } });
    const current = child;
    current.on("exit", (code, signal) => {
      if (current === child && !shuttingDown && signal === null && code !== 0) {
        info("App failed to start; waiting for a file change to reload.");
      }
    });
  };

  const restart = () => {
    const old = child;
    child = undefined;
    if (old && old.exitCode === null && old.signalCode === null) {
      old.once("exit", start);
      old.kill("SIGTERM");
    } else {
      start();
    }
  };

  info(`Will watch for changes in these directories: ${JSON.stringify(dirs)}`);
  const watcher = watch(dirs, {
    ignored: (path, stats) => /(^|[/\\])(node_modules|\.git)([/\\]|$)/.test(path) || (stats?.isFile() === true && !WATCHED.test(path)),
    ignoreInitial: true,
  });
  watcher.on("all", (_event, path) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      info(`Detected change in '${path}'. Reloading...`);
      restart();
    }, DEBOUNCE_MS);
  });
  watcher.on("ready", start);

  const stop = () => {
    shuttingDown = true;
    clearTimeout(timer);
    void watcher.close();
    if (child && child.exitCode === null) {
      child.once("exit", () => process.exit(0));
      child.kill("SIGTERM");
    } else process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}
