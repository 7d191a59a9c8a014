import type { DepsOption } from "../types.ts";
import { Dependency } from "./depends.ts";

/** One node of a compiled dependency graph: the dependency and the indexes of the nodes its deps resolve to. */
export interface PlanNode {
  dependency: Dependency;
  /** Named deps of this dependency → node index. */
  named: Array<[name: string, index: number]>;
  /** Unnamed (side-effect only) deps → node index. */
  unnamed: number[];
}

/**
 * The dependency graph of a route, flattened once at registration into topological order (deps before dependants).
 * Identity decides sharing: a dependency reachable along several paths is one node, resolved once per request.
 */
export interface DependencyPlan {
  nodes: PlanNode[];
  /** Route-level named deps → node index (what `ctx.deps` holds). */
  named: Array<[name: string, index: number]>;
  /** Route-, router- and app-level deps run for their effect. */
  unnamed: number[];
  /** True when some node (after overrides) is async or a generator. */
  isEmpty: boolean;
}

export type Overrides = ReadonlyMap<Dependency<any, any>, Dependency<any, any>>;

export function entriesOf(deps: DepsOption | undefined): { named: Array<[string, Dependency]>; unnamed: Dependency[] } {
  if (!deps) return { named: [], unnamed: [] };
  if (Array.isArray(deps)) return { named: [], unnamed: deps.map(checkDependency) };
  return {
    named: Object.entries(deps as Record<string, Dependency>).map(([name, dep]) => [name, checkDependency(dep, name)]),
    unnamed: [],
  };
}

function checkDependency(dep: unknown, name?: string | number): Dependency {
  if (!(dep instanceof Dependency)) {
    const where = name === undefined ? "" : ` "${String(name)}"`;
    throw new TypeError(`Dependency${where} is not a Depends(...) value. Wrap the function: Depends(fn).`);
  }
  return dep;
}

/**
 * Builds the plan. `overrides` replace a dependency wherever it appears (tests); a cycle is reported with its path.
 */
export function compilePlan(routeDeps: DepsOption | undefined, outerDeps: readonly Dependency[], overrides: Overrides): DependencyPlan {
  const nodes: PlanNode[] = [];
  const indexOf = new Map<Dependency, number>();
  const visiting: Dependency[] = [];

  const visit = (original: Dependency): number => {
    const dep = overrides.get(original) ?? original;
    const known = indexOf.get(dep);
    if (known !== undefined && dep.cache) return known;
    if (visiting.includes(dep)) {
      const cycle = [...visiting.slice(visiting.indexOf(dep)), dep].map((d) => d.name).join(" → ");
      throw new Error(`Dependency cycle: ${cycle}. A dependency cannot depend on itself, directly or indirectly.`);
    }
    visiting.push(dep);
    const { named, unnamed } = entriesOf(dep.spec.deps);
    const node: PlanNode = {
      dependency: dep,
      named: named.map(([name, child]) => [name, visit(child)]),
      unnamed: unnamed.map(visit),
    };
    visiting.pop();
    nodes.push(node);
    const index = nodes.length - 1;
    if (dep.cache) indexOf.set(dep, index);
    return index;
  };

  const { named, unnamed } = entriesOf(routeDeps);
  const plan: DependencyPlan = {
    nodes,
    unnamed: [...outerDeps.map(visit), ...unnamed.map(visit)],
    named: named.map(([name, dep]) => [name, visit(dep)]),
    isEmpty: false,
  };
  plan.isEmpty = nodes.length === 0;
  return plan;
}

/** Every dependency in a plan, for collecting their declared params (validation and OpenAPI). */
export function planDependencies(plan: DependencyPlan): Dependency[] {
  return plan.nodes.map((n) => n.dependency);
}
