import type { DepsOption } from "../types.ts";
import { Dependency } from "./depends.ts";
import { SecurityScopes, securityScopesValue } from "./scopes.ts";
import { dependencyParams, type ParamsCheck } from "./params.ts";

/** One node of a compiled dependency graph: the dependency and the indexes of the nodes its deps resolve to. */
export interface PlanNode {
  /** The dependency to call (overrides already applied). */
  dependency: Dependency;
  /** Named deps of this dependency → node index. */
  named: Array<[name: string, index: number]>;
  /** Unnamed (side-effect only) deps → node index. */
  unnamed: number[];
  /** Security scopes accumulated from the route down to this node. */
  scopes: readonly string[];
  /** Validates the params the dependency declares; absent when it declares none. */
  params: ParamsCheck | undefined;
}

/**
 * The dependency graph of a route, flattened once at registration into topological order (deps before dependants),
 * which is also FastAPI's order: outer deps first, each dependency after its own deps, in declaration order.
 * Identity decides sharing: a dependency reachable along several paths is one node, resolved once per request.
 */
export interface DependencyPlan {
  nodes: PlanNode[];
  /** App-, include- and router-level deps, outermost first: each finishes before the next level starts. */
  outer: number[];
  /** The route's own unnamed deps (run for their effect). */
  unnamed: number[];
  /** The route's named deps → node index (what `ctx.deps` holds). */
  named: Array<[name: string, index: number]>;
  /** No dependency at all: the route can skip resolution entirely. */
  isEmpty: boolean;
}

export type Overrides = ReadonlyMap<Dependency<any, any>, Dependency<any, any>>;

export function entriesOf(deps: DepsOption | undefined): { named: Array<[string, Dependency]>; unnamed: Dependency[] } {
  if (!deps) return { named: [], unnamed: [] };
  if (Array.isArray(deps)) return { named: [], unnamed: deps.map((dep, i) => checkDependency(dep, i)) };
  return {
    named: Object.entries(deps as Record<string, Dependency>).map(([name, dep]) => [name, checkDependency(dep, name)]),
    unnamed: [],
  };
}

function checkDependency(dep: unknown, name: string | number): Dependency {
  if (!(dep instanceof Dependency)) {
    const where = typeof name === "number" ? ` at index ${name}` : ` "${name}"`;
    const hint = typeof dep === "function" ? " Wrap the function: Depends(fn)." : " Use Depends(fn) or a security scheme such as HTTPBearer().";
    throw new TypeError(`Dependency${where} is not a Depends(...) value.${hint}`);
  }
  return dep;
}

/**
 * Builds the plan. `overrides` replace a dependency wherever it appears (tests); a cycle is reported with its path.
 */
export function compilePlan(routeDeps: DepsOption | undefined, outerDeps: readonly Dependency[], overrides: Overrides): DependencyPlan {
  const nodes: PlanNode[] = [];
  // Keyed by dependency, then by the scope set it was reached with (FastAPI caches per (call, scopes) too).
  const indexOf = new Map<Dependency, Map<string, number>>();
  const visiting: Dependency[] = [];

  const add = (node: PlanNode, key: string, cache: boolean): number => {
    nodes.push(node);
    const index = nodes.length - 1;
    if (cache) {
      const byScopes = indexOf.get(node.dependency) ?? new Map<string, number>();
      byScopes.set(key, index);
      indexOf.set(node.dependency, byScopes);
    }
    return index;
  };

  const visit = (used: Dependency, inherited: readonly string[]): number => {
    const scopes = used.scopes.length === 0 ? inherited : mergeScopes(inherited, used.scopes);
    const key = scopes.join(" ");
    if (used.origin === SecurityScopes) return visitScopes(scopes, key);
    const dep = overrides.get(used) ?? overrides.get(used.origin) ?? used.origin;
    const known = indexOf.get(dep)?.get(key);
    if (known !== undefined && dep.cache) return known;
    if (visiting.includes(dep)) {
      const cycle = [...visiting.slice(visiting.indexOf(dep)), dep].map((d) => d.name).join(" → ");
      throw new Error(`Dependency cycle: ${cycle}. A dependency cannot depend on itself, directly or indirectly.`);
    }
    visiting.push(dep);
    const { named, unnamed } = entriesOf(dep.spec.deps);
    const node: PlanNode = {
      dependency: dep,
      named: named.map(([name, child]) => [name, visit(child, scopes)]),
      unnamed: unnamed.map((child) => visit(child, scopes)),
      scopes,
      params: dependencyParams(dep),
    };
    visiting.pop();
    return add(node, key, dep.cache);
  };

  const scopeNodes = new Map<string, number>();
  const visitScopes = (scopes: readonly string[], key: string): number => {
    const known = scopeNodes.get(key);
    if (known !== undefined) return known;
    const value = securityScopesValue(scopes);
    const index = add({ dependency: new Dependency(() => value, {}), named: [], unnamed: [], scopes, params: undefined }, key, false);
    scopeNodes.set(key, index);
    return index;
  };

  const { named, unnamed } = entriesOf(routeDeps);
  const outer = outerDeps.map((dep) => visit(dep, []));
  const plan: DependencyPlan = {
    nodes,
    outer,
    unnamed: unnamed.map((dep) => visit(dep, [])),
    named: named.map(([name, dep]) => [name, visit(dep, [])]),
    isEmpty: false,
  };
  plan.isEmpty = nodes.length === 0;
  return plan;
}

function mergeScopes(outer: readonly string[], own: readonly string[]): string[] {
  const merged = [...outer];
  for (const scope of own) if (!merged.includes(scope)) merged.push(scope);
  return merged;
}

/** Every dependency in a plan, for collecting their declared params (validation and OpenAPI). */
export function planDependencies(plan: DependencyPlan): Dependency[] {
  return plan.nodes.map((n) => n.dependency);
}
