// Type-checking cost of the same N-route app and typed client in Skiff, Hono + hc and Elysia + Eden.
//   node --import tsx bench/types/run.ts --routes 200,1000,2000 [--frameworks skiff,elysia,hono,skiff-src] [--keep]
//   … --editor [--repeat 3]: instead of `tsc`, time the client file's diagnostics in the language server.
import { join } from "node:path";
import { parseArgs } from "node:util";
import { generators, type Framework } from "./generate.ts";
import { typeCheck, type TypeCheck } from "./measure.ts";
import { editorDiagnostics, type EditorDiagnostics } from "./lsp.ts";
import { createWorkspace, repoRoot } from "./workspace.ts";

const { values } = parseArgs({
  options: {
    routes: { type: "string", default: "200,1000,2000" },
    frameworks: { type: "string", default: "skiff,elysia,hono" },
    keep: { type: "boolean", default: false },
    editor: { type: "boolean", default: false },
    repeat: { type: "string", default: "3" },
    help: { type: "boolean", default: false },
  },
});

if (values.help) {
  console.log(
    `usage: node --import tsx bench/types/run.ts [--routes 200,1000] [--frameworks ${Object.keys(generators).join(",")}] [--keep] [--editor [--repeat 3]]`,
  );
  process.exit(0);
}

const routeCounts = values.routes.split(",").map(Number);
const frameworks = values.frameworks.split(",") as Framework[];
for (const name of frameworks)
  if (!(name in generators)) throw new Error(`unknown framework "${name}"; known: ${Object.keys(generators).join(", ")}`);

interface Row extends TypeCheck {
  framework: Framework;
  routes: number;
}

const millions = (n: number) => `${(n / 1e6).toFixed(2)}M`;
const thousands = (n: number) => `${(n / 1e3).toFixed(0)}k`;
const mebibytes = (kib: number) => `${(kib / 1024).toFixed(0)} MiB`;

function describeErrors(row: Row): string {
  if (row.errors.length === 0) return "none";
  const codes = [...new Set(row.errors.map((line) => /error (TS\d+)/.exec(line)?.[1]))];
  return `${row.errors.length} (${codes.join(", ")})`;
}

function printTable(rows: Row[]): void {
  const elysia = (routes: number) => rows.find((r) => r.framework === "elysia" && r.routes === routes);
  const header = ["routes", "framework", "instantiations", "× Elysia", "types", "memory", "check time", "CPU", "errors"];
  console.log(`| ${header.join(" | ")} |`);
  console.log(`|${header.map(() => "---").join("|")}|`);
  for (const row of rows) {
    const ratio = elysia(row.routes) ? (row.instantiations / elysia(row.routes)!.instantiations).toFixed(2) : "–";
    const cells = [
      row.routes,
      row.framework,
      millions(row.instantiations),
      ratio,
      thousands(row.types),
      mebibytes(row.memoryKiB),
      `${row.checkSeconds.toFixed(2)} s`,
      `${row.cpuSeconds.toFixed(1)} s`,
      describeErrors(row),
    ];
    console.log(`| ${cells.join(" | ")} |`);
  }
  if (routeCounts.length < 2) return;
  const [first, last] = [routeCounts[0]!, routeCounts[routeCounts.length - 1]!];
  console.log(`\ngrowth of instantiations from ${first} to ${last} routes (linear would be ×${(last / first).toFixed(1)}):`);
  for (const framework of frameworks) {
    const at = (n: number) => rows.find((r) => r.framework === framework && r.routes === n)?.instantiations ?? NaN;
    console.log(`  ${framework}: ×${(at(last) / at(first)).toFixed(2)}`);
  }
}

interface EditorRow {
  framework: Framework;
  routes: number;
  runs: EditorDiagnostics[];
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

function printEditorTable(rows: EditorRow[]): void {
  const elysia = (routes: number) => rows.find((r) => r.framework === "elysia" && r.routes === routes);
  const seconds = (row: EditorRow) => median(row.runs.map((run) => run.seconds));
  const header = ["routes", "framework", "client diagnostics (median)", "× Elysia", "runs", "after an edit (median)", "server start", "diagnostics"];
  console.log(`| ${header.join(" | ")} |`);
  console.log(`|${header.map(() => "---").join("|")}|`);
  for (const row of rows) {
    const reference = elysia(row.routes);
    const cells = [
      row.routes,
      row.framework,
      `${seconds(row).toFixed(2)} s`,
      reference ? (seconds(row) / seconds(reference)).toFixed(2) : "–",
      row.runs.map((run) => run.seconds.toFixed(2)).join(", "),
      `${median(row.runs.map((run) => run.recheckSeconds)).toFixed(2)} s`,
      `${median(row.runs.map((run) => run.startSeconds)).toFixed(2)} s`,
      `${row.runs[0]!.diagnostics.length} (${row.runs[0]!.mode})`,
    ];
    console.log(`| ${cells.join(" | ")} |`);
  }
}

/** The native TypeScript binary, which serves LSP with `--lsp --stdio` (the `tsc` script only wraps it). */
async function nativeTsc(): Promise<string> {
  const { default: getExePath } = await import(join(repoRoot, "node_modules/typescript/lib/getExePath.js"));
  return getExePath();
}

async function measureEditor(project: string, framework: Framework, routes: number): Promise<EditorRow> {
  const server = [await nativeTsc(), "--lsp", "--stdio"];
  const runs: EditorDiagnostics[] = [];
  for (let i = 0; i < Number(values.repeat); i++) runs.push(await editorDiagnostics(server, project, join(project, "client.ts")));
  const row = { framework, routes, runs };
  console.error(
    `${framework} ${routes}: client diagnostics ${runs.map((run) => run.seconds.toFixed(2)).join(", ")} s, ${runs[0]!.diagnostics.length} diagnostics`,
  );
  for (const d of runs[0]!.diagnostics.slice(0, 3)) console.error(`  line ${d.line + 1}: ${d.message}`);
  return row;
}

const workspace = createWorkspace();
const rows: Row[] = [];
const editorRows: EditorRow[] = [];
try {
  for (const routes of routeCounts) {
    for (const framework of frameworks) {
      const generator = generators[framework];
      const project = workspace.project(`${framework}-${routes}`, { "app.ts": generator.app(routes), "client.ts": generator.client(routes) });
      if (values.editor) {
        editorRows.push(await measureEditor(project, framework, routes));
        continue;
      }
      const row = { framework, routes, ...typeCheck(project) };
      rows.push(row);
      console.error(
        `${framework} ${routes}: ${millions(row.instantiations)} instantiations, ${row.wallSeconds.toFixed(1)} s wall, errors: ${describeErrors(row)}`,
      );
      for (const line of row.errors.slice(0, 3)) console.error(`  ${line}`);
    }
  }
  if (values.editor) printEditorTable(editorRows);
  else printTable(rows);
} finally {
  if (values.keep) console.error(`workspace kept at ${workspace.dir}`);
  else workspace.dispose();
}
