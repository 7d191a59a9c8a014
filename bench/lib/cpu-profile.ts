// Reading a V8 CPU profile (`node --cpu-prof`): self time per function and per part of the stack, over a window.

/** The parts of a `.cpuprofile` this reads (Chrome DevTools protocol `Profiler.Profile`). */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number } }[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  /** Milliseconds of samples in the window that were not idle. */
  busyMs: number;
  /** [part, ms], largest first: Skiff, the bench server, each dependency, Node's internals, GC, native code. */
  byPart: [string, number][];
  /** [function with its file, line and column, ms of self time], largest first. */
  byFunction: [string, number][];
}

/** Self time of the samples taken between `from` and `to` (the profile's own clock, in µs); all when omitted. */
export function summarizeProfile(profile: CpuProfile, window: { from?: number; to?: number } = {}): ProfileSummary {
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const byFunction = new Map<string, number>();
  const byPart = new Map<string, number>();
  let busy = 0;
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i] ?? 0;
    // A sample's time is the gap to the next one: that is how long the sampled frame kept running.
    const spent = profile.timeDeltas[i + 1] ?? 0;
    if ((window.from !== undefined && at < window.from) || (window.to !== undefined && at > window.to)) continue;
    const frame = frames.get(profile.samples[i]!);
    if (!frame || frame.functionName === "(idle)") continue;
    busy += spent;
    const file = shortFile(frame.url);
    // Line and column: code run through tsx may sit on few lines.
    const name = `${frame.functionName || "(anonymous)"}${file ? ` ${file}:${frame.lineNumber + 1}:${frame.columnNumber + 1}` : ""}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + spent);
    const part = partOf(frame.functionName, file);
    byPart.set(part, (byPart.get(part) ?? 0) + spent);
  }
  const sorted = (map: Map<string, number>): [string, number][] =>
    [...map].map(([k, v]): [string, number] => [k, v / 1000]).sort((a, b) => b[1] - a[1]);
  return { busyMs: busy / 1000, byPart: sorted(byPart), byFunction: sorted(byFunction) };
}

/** The summary as Markdown: parts, then the `top` functions, each as a share of the busy time. */
export function profileMarkdown(title: string, summary: ProfileSummary, top: number): string {
  const share = (ms: number) => `${((100 * ms) / (summary.busyMs || 1)).toFixed(1)}%`;
  return [
    `# ${title}`,
    "",
    `${summary.busyMs.toFixed(0)} ms of busy CPU in the load window (self time; shares of that).`,
    "",
    "| Part | Share |",
    "|---|---:|",
    ...summary.byPart.map(([part, ms]) => `| ${part} | ${share(ms)} |`),
    "",
    "| Function | Self |",
    "|---|---:|",
    ...summary.byFunction.slice(0, top).map(([name, ms]) => `| \`${name.replaceAll("|", "\\|")}\` | ${share(ms)} |`),
    "",
  ].join("\n");
}

function shortFile(url: string): string {
  if (url === "") return "";
  const modules = url.lastIndexOf("node_modules/");
  if (modules !== -1) return url.slice(modules + "node_modules/".length);
  // Skiff's own code: src/ run from source, or the dist/ it compiles to.
  const own = Math.max(url.lastIndexOf("/src/"), url.lastIndexOf("/dist/"));
  if (own !== -1) return url.slice(own + 1);
  const bench = url.lastIndexOf("/bench/");
  if (bench !== -1) return url.slice(bench + 1);
  return url.replace(/^file:\/\//, "");
}

function partOf(functionName: string, file: string): string {
  if (functionName === "(garbage collector)") return "garbage collection";
  if (functionName === "(program)") return "V8 outside JS (compiler, runtime)";
  if (file === "") return "native (syscalls such as writev, V8 builtins)";
  if (file.startsWith("node:")) return "Node.js internals";
  if (file.startsWith("src/") || file.startsWith("dist/")) return "Skiff";
  if (file.startsWith("bench/")) return "the bench server file";
  const scoped = file.startsWith("@") ? file.split("/").slice(0, 2).join("/") : file.split("/")[0]!;
  return `dependency: ${scoped}`;
}
