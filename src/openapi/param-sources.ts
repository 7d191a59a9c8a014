import type { Dependency, DependencySpec } from "../dependencies/depends.ts";
import { entriesOf } from "../dependencies/plan.ts";
import type { RouteDefinition } from "../routing/definitions.ts";
import type { DepsOption } from "../types.ts";

/** Something that declares params: the route itself, or one of the dependencies it runs. */
export type ParamSource = DependencySpec & { form?: unknown; files?: unknown };

/**
 * The route's own declarations first, then every dependency it runs — outer (app/router) deps, then the route's,
 * each followed by its own deps, each dependency once (as FastAPI's flat dependant with `skip_repeats`).
 */
export function paramSources(definition: RouteDefinition): ParamSource[] {
  return [definition.options as ParamSource, ...routeDependencies(definition).map(dependencySource)];
}

/** A dependency's params; one that reads the body itself (`OAuth2PasswordRequestForm`) says how in `meta.requestBody`. */
function dependencySource(dep: Dependency): ParamSource {
  const body = dep.meta.requestBody as { mediaType?: string; schema?: unknown } | undefined;
  if (body?.mediaType === "application/x-www-form-urlencoded" && body.schema) return { ...dep.spec, form: body.schema };
  return dep.spec;
}

function routeDependencies(definition: RouteDefinition): Dependency[] {
  const seen = new Set<Dependency>();
  const out: Dependency[] = [];
  const visit = (dep: Dependency) => {
    // `Security(dep, { scopes })` wraps a dependency without changing its params: one dependency, documented once.
    if (seen.has(dep.origin)) return;
    seen.add(dep.origin);
    out.push(dep);
    for (const child of depsOf(dep.spec.deps)) visit(child);
  };
  for (const dep of definition.deps) visit(dep);
  for (const dep of depsOf(definition.options.deps)) visit(dep);
  return out;
}

function depsOf(deps: DepsOption | undefined): Dependency[] {
  const { named, unnamed } = entriesOf(deps);
  return [...unnamed, ...named.map(([, dep]) => dep)];
}
