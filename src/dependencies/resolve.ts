import type { DependencyPlan, PlanNode } from "./plan.ts";
import type { CheckedPlan, OwnParams } from "./params.ts";
import { DependencyScope } from "./scope.ts";

export { DependencyScope };

/**
 * What every dependency of a request is called with, minus its own `deps` and its own validated params (filled per
 * node): the request's raw params stand in for the locations a dependency does not declare. Lazily built parts
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
 * deps finish, level by level, before the route's own deps start. Nodes `checked` marks as failed (invalid params)
 * do not run; their issues are the caller's to report once the others have run.
 * On failure every dependency already started is allowed to settle first, so each generator that yielded is in
 * `scope` for teardown; the failure of the earliest dependency in declaration order wins. Returns the route's named
 * values.
 */
export function resolvePlan(plan: DependencyPlan, inputs: DependencyInputs, scope: DependencyScope, checked?: CheckedPlan): Values | Promise<Values> {
  const { nodes } = plan;
  const values = new Array<unknown>(nodes.length);
  const failed = checked?.failed;
  const own = checked?.own;
  for (let i = 0; i < nodes.length; i++) {
    if (failed !== undefined && failed[i] === 1) continue;
    const out = provide(call(nodes[i]!, inputs, values, own?.[i]), nodes[i]!, scope);
    if (isPromiseLike(out)) return new AsyncResolution(plan, inputs, scope, values, i, out, checked).run();
    values[i] = out;
  }
  return namedValues(plan, values);
}

/** The part of a resolution after the first asynchronous dependency: nodes `< resolved` already have values. */
class AsyncResolution {
  private readonly pending: Array<Promise<unknown> | undefined>;
  private readonly started: Promise<unknown>[] = [];
  private failure: { error: unknown; index: number } | undefined;

  constructor(
    private readonly plan: DependencyPlan,
    private readonly inputs: DependencyInputs,
    private readonly scope: DependencyScope,
    private readonly values: unknown[],
    private readonly resolved: number,
    first: PromiseLike<unknown>,
    private readonly checked: CheckedPlan | undefined,
  ) {
    this.pending = new Array(plan.nodes.length);
    this.track(
      resolved,
      Promise.resolve(first).then((value) => (values[resolved] = value)),
    );
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
    if (index < this.resolved || this.checked?.failed?.[index] === 1) return this.values[index];
    return this.pending[index] ?? this.track(index, this.start(index));
  }

  private async start(index: number): Promise<unknown> {
    const node = this.plan.nodes[index];
    await Promise.all([...node.named.map(([, child]) => this.node(child)), ...node.unnamed.map((child) => this.node(child))]);
    // Nothing new starts once something failed: its work could never be used, and its teardown would race.
    if (this.failure) throw this.failure.error;
    const value = await provide(call(node, this.inputs, this.values, this.checked?.own?.[index]), node, this.scope);
    this.values[index] = value;
    return value;
  }

  private track(index: number, promise: Promise<unknown>): Promise<unknown> {
    this.pending[index] = promise;
    this.started.push(promise);
    promise.catch((error) => {
      if (this.failure === undefined || index < this.failure.index) this.failure = { error, index };
    });
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

function call(node: PlanNode, inputs: DependencyInputs, values: unknown[], own: OwnParams | undefined): unknown {
  const deps: Values = {};
  for (const [name, index] of node.named) deps[name] = values[index];
  return node.dependency.fn(new DependencyCall(inputs, deps, own) as never);
}

/**
 * One dependency's context. A class rather than an object literal: V8 builds a literal with getters on a slow path
 * (about a microsecond each), while prototype getters keep `response` and `background` lazy for free.
 */
class DependencyCall {
  readonly body: unknown;
  readonly request: unknown;
  readonly websocket: unknown;
  readonly deps: Values;
  readonly #inputs: DependencyInputs;
  readonly #own: OwnParams | undefined;

  constructor(inputs: DependencyInputs, deps: Values, own: OwnParams | undefined) {
    this.body = inputs.body;
    this.request = inputs.request;
    this.websocket = inputs.websocket;
    this.deps = deps;
    this.#inputs = inputs;
    this.#own = own;
  }

  // A dependency's declared locations come validated; the others are the request's raw params, parsed if read.
  get path(): unknown {
    return this.#own?.path ?? this.#inputs.path;
  }

  get query(): unknown {
    return this.#own?.query ?? this.#inputs.query;
  }

  get headers(): unknown {
    return this.#own?.headers ?? this.#inputs.headers;
  }

  get cookies(): unknown {
    return this.#own?.cookies ?? this.#inputs.cookies;
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

function firstYield(
  step: IteratorResult<unknown>,
  generator: AsyncGenerator<unknown> | Generator<unknown>,
  name: string,
  scope: DependencyScope,
): unknown {
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
