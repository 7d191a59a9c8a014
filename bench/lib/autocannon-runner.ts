// Runs one autocannon load (the HttpLoad as JSON on stdin) and prints `RESULT {…}`. Spawned pinned to the load core.
import { createRequire } from "node:module";
import type { HttpLoad, HttpResult } from "./http-load.ts";

interface AutocannonResult {
  requests: { total: number };
  latency: { p50: number; p99: number };
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;

const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

let input = "";
for await (const chunk of process.stdin) input += chunk;
const load = JSON.parse(input) as HttpLoad;

const result = await autocannon({
  url: `http://127.0.0.1:${load.port}${load.path}`,
  method: load.method,
  body: load.body,
  headers: load.body === undefined ? {} : { "content-type": "application/json" },
  connections: load.connections,
  ...(load.amount === undefined ? { duration: load.seconds } : { amount: load.amount }),
});
const out: HttpResult = {
  requestsPerSec: result.requests.total / result.duration,
  p50Ms: result.latency.p50,
  p99Ms: result.latency.p99,
  requests: result.requests.total,
  errors: result.errors + result.timeouts + result.non2xx,
};
process.stdout.write(`RESULT ${JSON.stringify(out)}\n`);
