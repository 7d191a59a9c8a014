import type { DependencyPlan, PlanNode } from "./plan.ts";
import { DependencyScope } from "./scope.ts";

export { DependencyScope };

/**
 * What every dependency of a request is called with, minus its own `deps` (filled per node). Lazily built parts
 * (`response`, `background`) may be getters; they are read only when a dependency reads them.
 */
export interface DependencyInputs {
  path?: unknown;
  query?: unknown;
  headers?: unknown;
  cookies?: unknown;
  body?: unknown;
  request?: unknown;
  websocket?: unknown;
  readonly response?: unknown;
  readonly background?: unknown;
}

type Values = Record<string, unknown>;

/**
 * Resolves a plan: every node once, deps before dependants. Runs synchronously while every dependency is
 * synchronous (a plain return or a sync generator) and returns the values directly; from the first promise or async
 * generator on it continues asynchronously, running nodes whose inputs are ready concurrently. App/router-level
 * deps finish, level by level, before the route's own deps start.
 * On failure every dependency already started is allowed to settle first, so each generator that yielded is in
 * `scope` for teardown. Returns the route's named values.
 */
export function resolvePlan(plan: DependencyPlan, inputs: DependencyInputs, scope: DependencyScope): Values | Promise<Values> {
  const { nodes } = plan;
  const values = new Array<unknown>(nodes.length);
  for (let i = 0; i < nodes.length; i++) {
    const out = provide(call(nodes[i], inputs, values), nodes[i], scope);
    if (isPromiseLike(out)) return new AsyncResolution(plan, inputs, scope, values, i, out).run();
    values[i] = out;
  }
  return namedValues(plan, values);
}

/** The part of a resolution after the first asynchronous dependency: nodes `< resolved` already have values. */
class AsyncResolution {
  private readonly pending: Array<Promise<unknown> | undefined>;
  private readonly started: Promise<unknown>[] = [];
  private failure: { error: unknown } | undefined;

  constructor(
    private readonly plan: DependencyPlan,
    private readonly inputs: DependencyInputs,
    private readonly scope: DependencyScope,
    private readonly values: unknown[],
    private readonly resolved: number,
    first: PromiseLike<unknown>,
  ) {
    this.pending = new Array(plan.nodes.length);
    this.track(resolved, Promise.resolve(first).then((value) => (values[resolved] = value)));
  }

  async run(): Promise<Values> {
    try {
      for (const index of this.plan.outer) await this.node(index);
      await Promise.all([...this.plan.unnamed.map((i) => this.node(i)), ...this.plan.named.map(([, i]) => this.node(i))]);
    } catch (error) {
      await this.settleStarted();
      throw this.failure?.error ?? error;
    }
    return namedValues(this.plan, this.values);
  }

  private node(index: number): unknown {
    if (index < this.resolved) return this.values[index];
    return this.pending[index] ?? this.track(index, this.start(index));
  }

  private async start(index: number): Promise<unknown> {
    const node = this.plan.nodes[index];
    await Promise.all([...node.named.map(([, child]) => this.node(child)), ...node.unnamed.map((child) => this.node(child))]);
    // Nothing new starts once something failed: its work could never be used, and its teardown would race.
    if (this.failure) throw this.failure.error;
    const value = await provide(call(node, this.inputs, this.values), node, this.scope);
    this.values[index] = value;
    return value;
  }

  private track(index: number, promise: Promise<unknown>): Promise<unknown> {
    this.pending[index] = promise;
    this.started.push(promise);
    promise.catch((error) => (this.failure ??= { error }));
    return promise;
  }

  /** Waits until every started dependency has settled, including ones started while waiting. */
  private async settleStarted(): Promise<void> {
    for (let settled = 0; settled < this.started.length; ) {
      const batch = this.started.slice(settled);
      settled = this.started.length;
      await Promise.allSettled(batch);
    }
  }
}

function call(node: PlanNode, inputs: DependencyInputs, values: unknown[]): unknown {
  const deps: Values = {};
  for (const [name, index] of node.named) deps[name] = values[index];
  return node.dependency.fn(new DependencyCall(inputs, deps) as never);
}

/**
 * One dependency's context. A class rather than an object literal: V8 builds a literal with getters on a slow path
 * (about a microsecond each), while prototype getters keep `response` and `background` lazy for free.
 */
class DependencyCall {
  readonly path: unknown;
  readonly query: unknown;
  readonly headers: unknown;
  readonly cookies: unknown;
  readonly body: unknown;
  readonly request: unknown;
  readonly websocket: unknown;
  readonly deps: Values;
  readonly #inputs: DependencyInputs;

  constructor(inputs: DependencyInputs, deps: Values) {
    this.path = inputs.path;
    this.query = inputs.query;
    this.headers = inputs.headers;
    this.cookies = inputs.cookies;
    this.body = inputs.body;
    this.request = inputs.request;
    this.websocket = inputs.websocket;
    this.deps = deps;
    this.#inputs = inputs;
  }

  get response(): unknown {
    return this.#inputs.response;
  }

  get background(): unknown {
    return this.#inputs.background;
  }
}

/** A dependency's result → its value: awaited if a promise; the first yield of a generator (kept for teardown). */
function provide(result: unknown, node: PlanNode, scope: DependencyScope): unknown {
  if (isPromiseLike(result)) return result;
  if (!isGenerator(result)) return result;
  const name = node.dependency.name;
  const first = result.next();
  if (isPromiseLike(first)) return Promise.resolve(first).then((step) => firstYield(step, result, name, scope));
  return firstYield(first, result, name, scope);
}

function firstYield(step: IteratorResult<unknown>, generator: AsyncGenerator<unknown> | Generator<unknown>, name: string, scope: DependencyScope): unknown {
  if (step.done) {
    throw new Error(`Dependency ${name} is a generator that returned without yielding. Yield the value once: \`yield value\`.`);
  }
  scope.add(generator, name);
  return step.value;
}

function namedValues(plan: DependencyPlan, values: unknown[]): Values {
  const out: Values = {};
  for (const [name, index] of plan.named) out[name] = values[index];
  return out;
}

function isGenerator(value: unknown): value is AsyncGenerator<unknown> | Generator<unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as Generator).next === "function" &&
    typeof (value as Generator).throw === "function" &&
    (Symbol.asyncIterator in value || Symbol.iterator in value)
  );
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof value === "object" && value !== null && typeof (value as PromiseLike<unknown>).then === "function";
}
