/** Command-line options of `skiff run`, named and defaulted as uvicorn's. */
export interface RunArgs {
  target: string;
  host: string;
  port: number;
  reload: boolean;
  reloadDirs: string[];
  workers: number;
  logLevel: string;
  /** `--timeout-graceful-shutdown` in ms: how long a drain waits for in-flight requests (unset: the server's 10 s). */
  gracefulTimeout?: number;
  /** `--limit-concurrency`: most requests in flight plus WebSockets open per process; beyond it, 503. */
  limitConcurrency?: number;
  /** `--timeout-keep-alive` in ms: how long an idle kept-alive connection stays open (default 5 s). */
  keepAliveTimeout?: number;
  /** `--timeout-headers` in ms: time to receive a request's head, from accept for a connection's first (default 30 s). */
  headersTimeout?: number;
  /** `--max-connections`: most connections open per process, HTTP and WebSocket; beyond it, 503 and closed. */
  maxConnections?: number;
}

export class UsageError extends Error {}

const USAGE = `Usage: skiff <command> [options]

Commands:
  run FILE[:EXPORT]        serve the app (EXPORT defaults to \`app\`), like \`uvicorn main:app\`
  openapi FILE[:EXPORT]    print the app's OpenAPI document as JSON
  asyncapi FILE[:EXPORT]   print the app's AsyncAPI document (its WebSocket routes) as JSON

Options:
  -h, --help               show this help (\`skiff run --help\` lists run's options)
  -v, --version            print Skiff's version

A .ts app needs tsx installed (npm install -D tsx); a .js app runs as it is.`;

const RUN_USAGE = `Usage: skiff run FILE[:EXPORT] [options]

Serves the App exported as EXPORT (default \`app\`) from FILE, with uvicorn's defaults.

Options:
  --host HOST                          address to listen on (default 127.0.0.1, or $SKIFF_HOST); 0.0.0.0 for all
  --port PORT                          port (default 8000, or $SKIFF_PORT, or $PORT); 0 picks a free one
  --reload                             restart when a file changes (needs chokidar: npm install -D chokidar)
  --reload-dir DIR                     directory to watch, repeatable (default: the app file's directory)
  --workers N                          N processes sharing the port (default 1); not with --reload
  --log-level LEVEL                    critical, error, warning, info (default), debug or trace
  --timeout-graceful-shutdown SECONDS  on SIGTERM, how long in-flight requests may take (default 10)
  --limit-concurrency N                most requests in flight plus open WebSockets; beyond it, 503
  --timeout-keep-alive SECONDS         how long an idle kept-alive connection stays open (default 5)
  --timeout-headers SECONDS            time to receive a request's head, from accept for the first (default 30)
  --max-connections N                  most open connections, HTTP and WebSocket; beyond it, 503 at accept
  -h, --help                           show this help`;

export function usage(): string {
  return USAGE;
}

export function runUsage(): string {
  return RUN_USAGE;
}

/** `--help`/`-h` among a command's arguments. */
export function wantsHelp(argv: string[]): boolean {
  return argv.some((arg) => arg === "--help" || arg === "-h");
}

export function parseRunArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): RunArgs {
  const args: RunArgs = { target: "", host: "127.0.0.1", port: 8000, reload: false, reloadDirs: [], workers: 1, logLevel: "info" };
  // Platforms that assign the port set PORT; SKIFF_HOST/SKIFF_PORT name ours (a bare HOST is the machine's name in some shells).
  const envPort = env.SKIFF_PORT ?? env.PORT;
  if (envPort !== undefined && envPort !== "") args.port = toInteger(env.SKIFF_PORT !== undefined ? "SKIFF_PORT" : "PORT", envPort, 0, 65535);
  if (env.SKIFF_HOST) args.host = env.SKIFF_HOST;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] =
      arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`Option ${flag} needs a value.`);
      return v;
    };
    switch (flag) {
      case "--host":
        args.host = value();
        break;
      case "--port":
        args.port = toInteger(flag, value(), 0, 65535);
        break;
      case "--reload":
        args.reload = true;
        break;
      case "--reload-dir":
        args.reloadDirs.push(value());
        break;
      case "--workers":
        args.workers = toInteger(flag, value(), 1, 512);
        break;
      case "--timeout-graceful-shutdown":
        args.gracefulTimeout = toInteger(flag, value(), 0, 86_400) * 1000;
        break;
      case "--limit-concurrency":
        args.limitConcurrency = toInteger(flag, value(), 1, 1_000_000);
        break;
      case "--timeout-keep-alive":
        args.keepAliveTimeout = toInteger(flag, value(), 1, 86_400) * 1000;
        break;
      case "--timeout-headers":
        args.headersTimeout = toInteger(flag, value(), 1, 86_400) * 1000;
        break;
      case "--max-connections":
        args.maxConnections = toInteger(flag, value(), 1, 1_000_000);
        break;
      case "--log-level":
        args.logLevel = value();
        if (!["critical", "error", "warning", "info", "debug", "trace"].includes(args.logLevel)) {
          throw new UsageError(`--log-level must be one of critical, error, warning, info, debug, trace (got "${args.logLevel}").`);
        }
        break;
      default:
        if (flag.startsWith("-")) throw new UsageError(`Unknown option ${flag}.`);
        if (args.target) throw new UsageError(`Unexpected argument "${arg}": give one FILE[:EXPORT].`);
        args.target = arg;
    }
  }
  if (!args.target) throw new UsageError("Missing the app to run, e.g. `skiff run main.ts:app`.");
  if (args.reload && args.workers > 1) throw new UsageError("--reload and --workers cannot be combined.");
  return args;
}

function toInteger(flag: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${flag} must be an integer from ${min} to ${max} (got "${text}").`);
  return n;
}
