import type { DependencyPlan } from "./plan.ts";

/** What a dependency function is called with, minus its own `deps` (filled per node). */
export type BaseDependencyContext = Record<string, unknown> & { deps?: never };

/**
 * Teardown of generator dependencies, run in reverse order after the response is sent (or the WebSocket ends).
 * The error that ended the request, if any, is thrown into each generator so it can roll back.
 */
export class DependencyScope {
  private readonly generators: Array<AsyncGenerator<unknown> | Generator<unknown>> = [];

  add(generator: AsyncGenerator<unknown> | Generator<unknown>): void {
    this.generators.push(generator);
  }

  get size(): number {
    return this.generators.length;
  }

  async close(error: unknown, onError: (error: unknown) => void): Promise<void> {
    for (let i = this.generators.length - 1; i >= 0; i--) {
      const generator = this.generators[i];
      try {
        if (error === undefined) await generator.next();
        else await generator.throw(error);
      } catch (teardownError) {
        // A generator re-raising the request's own error is the normal way to let it propagate, not a new failure.
        if (teardownError !== error) onError(teardownError);
      }
    }
    this.generators.length = 0;
  }
}

/**
 * Resolves a plan: every node once, in topological order; nodes whose inputs are ready run concurrently.
 * Returns the route's named values.
 */
export async function resolvePlan(
  plan: DependencyPlan,
  base: Record<string, unknown>,
  scope: DependencyScope,
): Promise<Record<string, unknown>> {
  const values = new Array<unknown>(plan.nodes.length);
  const pending = new Array<Promise<unknown> | undefined>(plan.nodes.length);

  const run = (index: number): Promise<unknown> => {
    const started = pending[index];
    if (started) return started;
    const node = plan.nodes[index];
    const promise = (async () => {
      const inputs = await Promise.all(node.named.map(([, child]) => run(child)));
      await Promise.all(node.unnamed.map(run));
      const deps: Record<string, unknown> = {};
      node.named.forEach(([name], i) => (deps[name] = inputs[i]));
      const value = await provide(node.dependency.fn({ ...base, deps } as never), scope);
      values[index] = value;
      return value;
    })();
    pending[index] = promise;
    return promise;
  };

  await Promise.all(plan.unnamed.map(run));
  const named = await Promise.all(plan.named.map(([, index]) => run(index)));
  const out: Record<string, unknown> = {};
  plan.named.forEach(([name], i) => (out[name] = named[i]));
  return out;
}

async function provide(result: unknown, scope: DependencyScope): Promise<unknown> {
  if (isGenerator(result)) {
    const first = await result.next();
    if (first.done) {
      throw new Error("A generator dependency must yield its value once; it returned without yielding.");
    }
    scope.add(result);
    return first.value;
  }
  return result;
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
