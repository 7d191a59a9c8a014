// results.json → results.md (tables) and results.svg (a bar chart per scenario), and the README's table.
import { readFileSync, writeFileSync } from "node:fs";
import type { RunResult, ScenarioResult, ServerResult } from "./types.ts";

const ORDER = [
  "skiff",
  "skiff-seed",
  "skiff-before",
  "node",
  "fastify",
  "hono",
  "express",
  "fastapi",
  "ws",
  "skiff-bun",
  "bun-raw",
  "hono-bun",
  "elysia-bun",
  "skiff-deno",
  "deno-raw",
  "hono-deno",
];
const LABELS: Record<string, string> = {
  skiff: "Skiff",
  "skiff-seed": "Skiff (as users run it)",
  "skiff-before": "Skiff (before)",
  node: "node:http",
  fastify: "Fastify",
  hono: "Hono",
  express: "Express",
  fastapi: "FastAPI",
  ws: "ws (raw)",
  "skiff-bun": "Skiff on Bun",
  "bun-raw": "Bun.serve (raw)",
  "hono-bun": "Hono on Bun",
  "elysia-bun": "Elysia on Bun",
  "skiff-deno": "Skiff on Deno",
  "deno-raw": "Deno.serve (raw)",
  "hono-deno": "Hono on Deno",
};

function columns(run: RunResult, exclude: readonly string[] = []): string[] {
  const seen = new Set(run.scenarios.flatMap((s) => s.results.map((r) => r.server)));
  return ORDER.filter((id) => seen.has(id) && !exclude.includes(id));
}

/** A number for a table: thousands separated, a sensible number of decimals. */
export function num(value: number | undefined, digits?: number): string {
  if (value === undefined || !Number.isFinite(value)) return "–";
  const d = digits ?? (Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2);
  return value.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d });
}

function metricText(s: ScenarioResult, r: ServerResult | undefined): string {
  if (!r) return "–";
  const value = r.median[s.metric];
  return s.id === "ws-idle" ? num(value / 1024, 1) : num(value, s.id === "startup" ? 0 : undefined);
}

/** Idle memory's figures after a forced GC, beside the RSS as the process has it. */
function afterGcText(r: ServerResult): string {
  const { rssAfterGcBytesPerConnection: rss, heapBytesPerConnection: heap } = r.median;
  return rss === undefined ? "" : ` (after a GC: ${num(rss / 1024, 1)} RSS, ${num((heap ?? Number.NaN) / 1024, 1)} heap)`;
}

function unitOf(s: ScenarioResult): string {
  return s.id === "ws-idle" ? "KiB/conn" : s.unit;
}

/** Scenario × server medians, then Skiff ÷ each peer (by throughput, then by CPU time unless `cpu` is false). */
export function summaryTable(run: RunResult, exclude: readonly string[] = [], cpu = true): string {
  const cols = columns(run, exclude);
  const lines = [`| Scenario | ${cols.map((c) => LABELS[c]).join(" | ")} |`, `|---|${cols.map(() => "---:").join("|")}|`];
  for (const s of run.scenarios) {
    const cells = cols.map((c) =>
      metricText(
        s,
        s.results.find((r) => r.server === c),
      ),
    );
    lines.push(`| ${s.title} (${unitOf(s)}${s.higherIsBetter ? "" : ", lower is better"}) | ${cells.join(" | ")} |`);
  }
  const peers = cols.filter((c) => c !== "skiff");
  const ratioRows = (pick: (s: ScenarioResult) => Record<string, number>, only: (s: ScenarioResult) => boolean) =>
    run.scenarios
      .filter(only)
      .map((s) => `| ${s.title} | ${peers.map((c) => (pick(s)[c] === undefined ? "–" : `${num(pick(s)[c], 2)}×`)).join(" | ")} |`);
  const head = [`| Scenario | ${peers.map((c) => LABELS[c]).join(" | ")} |`, `|---|${peers.map(() => "---:").join("|")}|`];
  lines.push("", "Skiff ÷ peer, from the medians above (above 1: Skiff ahead on a throughput row, behind on a lower-is-better row):", "");
  lines.push(
    ...head,
    ...ratioRows(
      (s) => s.ratios,
      () => true,
    ),
  );
  if (!cpu) return lines.join("\n");
  lines.push(
    "",
    "Skiff ÷ peer by server CPU time — operations per CPU-second of the server process (start-up: CPU ms to the first 200). " +
      "On a shared machine wall-clock throughput swings with the neighbours' load; CPU time per operation swings far less:",
    "",
  );
  lines.push(
    ...head,
    ...ratioRows(
      (s) => s.cpuRatios,
      (s) => s.cpuMetric !== undefined,
    ),
  );
  if (cols.includes("skiff-seed")) {
    const seedPeers = cols.filter((c) => c !== "skiff" && c !== "skiff-seed" && c !== "skiff-before");
    const seedRatio = (s: ScenarioResult, peer: string, metric: string | undefined) => {
      const seed = s.results.find((r) => r.server === "skiff-seed")?.median[metric ?? ""];
      const other = s.results.find((r) => r.server === peer)?.median[metric ?? ""];
      return seed === undefined || other === undefined ? "–" : `${num(seed / other, 2)}×`;
    };
    lines.push(
      "",
      "Skiff as users run it (the seed app under `skiff run`'s defaults) ÷ peer, by server CPU time (idle memory: by RSS per connection, lower is better):",
      "",
      `| Scenario | ${seedPeers.map((c) => LABELS[c]).join(" | ")} |`,
      `|---|${seedPeers.map(() => "---:").join("|")}|`,
      ...run.scenarios
        .filter((s) => s.results.some((r) => r.server === "skiff-seed"))
        .map((s) => `| ${s.title} | ${seedPeers.map((c) => seedRatio(s, c, s.cpuMetric ?? s.metric)).join(" | ")} |`),
    );
  }
  return lines.join("\n");
}

export function targetsTable(run: RunResult): string {
  const lines = [
    "| Scenario | Skiff | Target (issue) | Skiff ÷ peer | Met | by CPU time | Met | CPU, round by round |",
    "|---|---|---|---:|:---:|---:|:---:|---:|",
  ];
  const verdict = (met: boolean | null) => (met === null ? "n/a" : met ? "yes" : "**no**");
  for (const t of run.targets) {
    const title = run.scenarios.find((s) => s.id === t.scenario)?.title ?? t.scenario;
    const range = t.cpuRange ? `${num(t.cpuRange[0], 2)}–${num(t.cpuRange[1], 2)}` : "–";
    lines.push(
      `| ${title} | ${LABELS[t.subject] ?? t.subject} | ${t.text} (#${t.issue}) | ${num(t.ratio, 2)} | ${verdict(t.met)} | ${num(t.cpuRatio, 2)} | ${verdict(t.cpuMet)} | ${range} |`,
    );
  }
  return lines.join("\n");
}

function detailsTable(run: RunResult): string {
  const lines = [
    "| Scenario | Server | Median | p50 ms | p99 ms | RSS MiB | server CPU per op | rounds |",
    "|---|---|---:|---:|---:|---:|---:|---:|",
  ];
  for (const s of run.scenarios) {
    for (const r of s.results) {
      const m = r.median;
      const cpu =
        s.id === "startup" ? `${num(m.cpuMs, 0)} ms` : (m.cpuUsPerRequest ?? m.cpuUsPerOp) ? `${num(m.cpuUsPerRequest ?? m.cpuUsPerOp, 1)} µs` : "–";
      lines.push(
        `| ${s.title} | ${r.label} | ${metricText(s, r)} ${unitOf(s)}${s.id === "ws-idle" ? afterGcText(r) : ""} | ${num(m.p50Ms)} | ${num(m.p99Ms)} | ${num(m.rssMB, 0)} | ${cpu} | ${r.rounds.length} |`,
      );
    }
  }
  return lines.join("\n");
}

export function markdown(run: RunResult): string {
  const m = run.meta;
  return [
    "# Skiff benchmark results",
    "",
    `${m.date} · \`${m.mode}\` run · Node ${m.node} · ${m.cpu} (${m.cores} cores) · load average ${m.loadAverage.start.map((x) => x.toFixed(1)).join("/")} at start, ` +
      `${m.loadAverage.end.map((x) => x.toFixed(1)).join("/")} at end · ${m.loadGenerator}, ${m.connections} connections · ` +
      `${m.rounds} rounds × ${m.secondsPerRound} s, alternating servers · ${m.pinned ? "servers pinned to core 0, load generators to core 1" : "not pinned"}.`,
    "",
    "Medians over the rounds. Generated by `npm run bench` (bench/run.ts).",
    "",
    "## Summary",
    "",
    summaryTable(run),
    "",
    "## Targets (issues 9, 23 and 26)",
    "",
    targetsTable(run),
    "",
    "## Details",
    "",
    detailsTable(run),
    "",
    ...(m.notes.length > 0 || run.scenarios.some((s) => s.notes.length > 0)
      ? ["## Notes", "", ...m.notes.map((n) => `- ${n}`), ...run.scenarios.flatMap((s) => s.notes.map((n) => `- ${s.title}: ${n}`)), ""]
      : []),
  ].join("\n");
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** One group of horizontal bars per scenario, Skiff highlighted; bars are scaled within each scenario. */
export function svgChart(run: RunResult): string {
  const width = 760;
  const left = 150;
  const barMax = width - left - 110;
  const rowHeight = 18;
  const parts: string[] = [];
  let y = 30;
  parts.push(
    `<text x="10" y="20" font-size="15" font-weight="bold">Skiff benchmark — medians (${escapeXml(run.meta.date.slice(0, 10))}, ${run.meta.mode} run)</text>`,
  );
  for (const s of run.scenarios) {
    const rows = ORDER.map((id) => s.results.find((r) => r.server === id)).filter((r): r is ServerResult => r !== undefined);
    y += 22;
    parts.push(
      `<text x="10" y="${y}" font-size="13" font-weight="bold">${escapeXml(`${s.title} — ${unitOf(s)}${s.higherIsBetter ? ", higher is better" : ", lower is better"}`)}</text>`,
    );
    y += 6;
    const values = rows.map((r) => r.median[s.metric]).filter(Number.isFinite);
    const max = Math.max(...values, 1e-9);
    for (const r of rows) {
      const value = r.median[s.metric];
      const w = Number.isFinite(value) ? Math.max(1, (value / max) * barMax) : 0;
      const color = r.server === "skiff" ? "#1f6feb" : r.server === "skiff-seed" ? "#0b4fb3" : r.server === "skiff-before" ? "#9cc1f7" : "#9aa4af";
      parts.push(
        `<text x="${left - 8}" y="${y + 13}" font-size="12" text-anchor="end">${escapeXml(LABELS[r.server] ?? r.label)}</text>`,
        `<rect x="${left}" y="${y + 2}" width="${w.toFixed(1)}" height="${rowHeight - 4}" fill="${color}"/>`,
        `<text x="${(left + w + 6).toFixed(1)}" y="${y + 13}" font-size="12">${escapeXml(metricText(s, r))}</text>`,
      );
      y += rowHeight;
    }
  }
  const height = y + 16;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    ...parts,
    "</svg>",
    "",
  ].join("\n");
}

const START = "<!-- bench:start -->";
const END = "<!-- bench:end -->";

/** Replaces the README's generated block (between the bench markers) with this run's tables. */
export function updateReadme(path: string, run: RunResult): boolean {
  const text = readFileSync(path, "utf8");
  const from = text.indexOf(START);
  const to = text.indexOf(END);
  if (from === -1 || to < from) return false;
  const block = [
    START,
    "",
    `Medians of a \`${run.meta.mode}\` run on ${run.meta.date.slice(0, 10)} (${run.meta.cpu}, load average ${run.meta.loadAverage.start[0].toFixed(1)} — a shared machine, so read the ratios rather than the absolute numbers):`,
    "",
    // Before/after columns belong in results.md; the README compares Skiff with its peers.
    summaryTable(run, ["skiff-before"], false),
    "",
    END,
  ].join("\n");
  writeFileSync(path, text.slice(0, from) + block + text.slice(to + END.length));
  return true;
}
