// The shape of a benchmark run, as written to bench/results.json.

export type ScenarioId = "hello" | "get" | "post" | "routes" | "ws-echo" | "broadcast" | "ws-idle" | "startup";

/** One round's numbers for one server; which fields exist depends on the scenario. */
export type Measurement = Record<string, number>;

export interface ServerResult {
  server: string;
  label: string;
  rounds: Measurement[];
  /** The median of each field over the rounds. */
  median: Measurement;
}

export interface ScenarioResult {
  id: ScenarioId;
  title: string;
  /** The field compared across servers (and in the chart). */
  metric: string;
  unit: string;
  higherIsBetter: boolean;
  results: ServerResult[];
  /** Skiff's metric divided by each peer's (medians of the same run). */
  ratios: Record<string, number>;
  /**
   * The same comparison by server CPU time, which a shared, noisy machine disturbs far less than wall-clock
   * throughput: `capacity` (operations per CPU-second of the server, higher is better) or `cpuMs` (start-up).
   */
  cpuMetric?: "capacity" | "cpuMs";
  cpuRatios: Record<string, number>;
  notes: string[];
}

export interface Target {
  scenario: ScenarioId;
  /** The Skiff contestant judged (`skiff`, or `skiff-seed`: the seed app under `skiff run`). */
  subject: string;
  /** The issue that set the target. */
  issue: number;
  /** e.g. "≥ 1.05 × Fastify" */
  text: string;
  peer: string;
  /** Skiff ÷ peer must be ≥ `atLeast` or ≤ `atMost`. */
  atLeast?: number;
  atMost?: number;
  ratio: number;
  met: boolean | null;
  /** The ratio and verdict by server CPU time (see `ScenarioResult.cpuMetric`). */
  cpuRatio: number;
  cpuMet: boolean | null;
  /** The lowest and highest round-by-round CPU ratio (each round measures every server back to back). */
  cpuRange?: [number, number];
}

export interface RunResult {
  meta: {
    date: string;
    mode: "full" | "quick" | "tiny";
    node: string;
    cpu: string;
    cores: number;
    loadAverage: { start: number[]; end: number[] };
    loadGenerator: string;
    pinned: boolean;
    rounds: number;
    secondsPerRound: number;
    connections: number;
    notes: string[];
  };
  scenarios: ScenarioResult[];
  targets: Target[];
}
