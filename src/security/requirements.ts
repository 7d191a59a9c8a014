import type { DepsOption } from "../types.ts";
import { compilePlan, type Overrides } from "../dependencies/plan.ts";
import type { Dependency } from "../dependencies/depends.ts";
import type { SecuritySchemeMeta } from "./scheme.ts";

/** What a route contributes to OpenAPI: scheme definitions and its operation's `security` list. */
export interface RouteSecurity {
  /** `components.securitySchemes` entries, by scheme name. */
  schemes: Record<string, Record<string, unknown>>;
  /** The operation's `security`: one requirement per scheme use, with the scopes required there. */
  requirements: Array<Record<string, string[]>>;
}

const NO_OVERRIDES: Overrides = new Map();

/**
 * The security schemes a route uses, anywhere in its dependency graph (app, router and route level), with the
 * OAuth2 scopes `Security(…, { scopes })` requires along each path. For the OpenAPI generator.
 * @example
 * const { schemes, requirements } = routeSecurity(route.options.deps, route.deps);
 */
export function routeSecurity(routeDeps: DepsOption | undefined, outerDeps: readonly Dependency[]): RouteSecurity {
  const plan = compilePlan(routeDeps, outerDeps, NO_OVERRIDES);
  const schemes: Record<string, Record<string, unknown>> = {};
  const requirements: Array<Record<string, string[]>> = [];
  const seen = new Set<string>();
  for (const node of plan.nodes) {
    const meta = node.dependency.meta.securityScheme as SecuritySchemeMeta | undefined;
    if (!meta) continue;
    schemes[meta.name] = meta.scheme;
    const scopes = [...node.scopes];
    const key = `${meta.name}\0${scopes.join(" ")}`;
    if (seen.has(key)) continue;
    seen.add(key);
    requirements.push({ [meta.name]: scopes });
  }
  return { schemes, requirements };
}
