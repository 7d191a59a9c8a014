// Type-checking cost of the same N-route app and typed client in Skiff, Hono + hc and Elysia + Eden.
//   node --import tsx bench/types/run.ts --routes 200,1000,2000 [--frameworks skiff,elysia,hono,skiff-src] [--keep]
import { parseArgs } from "node:util";
import { generators, type Framework } from "./generate.ts";
import { typeCheck, type TypeCheck } from "./measure.ts";
import { createWorkspace } from "./workspace.ts";

const { values } = parseArgs({
  options: {
    routes: { type: "string", default: "200,1000,2000" },
    frameworks: { type: "string", default: "skiff,elysia,hono" },
    keep: { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});

if (values.help) {
  console.log(`usage: node --import tsx bench/types/run.ts [--routes 200,1000] [--frameworks ${Object.keys(generators).join(",")}] [--keep]`);
  process.exit(0);
}

const routeCounts = values.routes.split(",").map(Number);
const frameworks = values.frameworks.split(",") as Framework[];
for (const name of frameworks) if (!(name in generators)) throw new Error(`unknown framework "${name}"; known: ${Object.keys(generators).join(", ")}`);

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
    const cells = [row.routes, row.framework, millions(row.instantiations), ratio, thousands(row.types), mebibytes(row.memoryKiB), `${row.checkSeconds.toFixed(2)} s`, `${row.cpuSeconds.toFixed(1)} s`, describeErrors(row)];
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

const workspace = createWorkspace();
const rows: Row[] = [];
try {
  for (const routes of routeCounts) {
    for (const framework of frameworks) {
      const generator = generators[framework];
      const project = workspace.project(`${framework}-${routes}`, { "app.ts": generator.app(routes), "client.ts": generator.client(routes) });
      const row = { framework, routes, ...typeCheck(project) };
      rows.push(row);
      console.error(`${framework} ${routes}: ${millions(row.instantiations)} instantiations, ${row.wallSeconds.toFixed(1)} s wall, errors: ${describeErrors(row)}`);
      for (const line of row.errors.slice(0, 3)) console.error(`  ${line}`);
    }
  }
  printTable(rows);
} finally {
  if (values.keep) console.error(`workspace kept at ${workspace.dir}`);
  else workspace.dispose();
}
