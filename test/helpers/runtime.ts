// Which runtime runs the suite. Most of it runs on Node, Bun and Deno alike (scripts/test-runtimes.mjs); a test that
// exercises something only Node has says so with `nodeOnly(reason)`, and the runner prints the reason.
import { appendFileSync } from "node:fs";

export const runtime: "node" | "bun" | "deno" = "Bun" in globalThis ? "bun" : "Deno" in globalThis ? "deno" : "node";

/**
 * The `skip` option of a test that applies to Node only: `false` on Node; elsewhere the reason, which the runtime
 * runner collects and prints.
 * @example test("headersTimeout reaches the server", { skip: nodeOnly("Node's http server options") }, …)
 */
export function nodeOnly(reason: string): string | false {
  if (runtime === "node") return false;
  const log = process.env.SKIFF_NODE_ONLY_LOG;
  if (log) appendFileSync(log, `${reason}\n`);
  return `Node only: ${reason}`;
}
