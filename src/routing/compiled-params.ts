import type { DepsOption } from "../types.ts";
import type { Dependency } from "../dependencies/depends.ts";
import { compilePlan, type DependencyPlan, type Overrides } from "../dependencies/plan.ts";
import { checkPlanParams, type CheckedPlan } from "../dependencies/params.ts";
import { compileExtractors, type Extractor, type ParamTarget, type Shapes } from "../http/param-extractors.ts";
import type { ValidationIssue } from "../params/issues.ts";
import type { HTTPConnection } from "../http/connection.ts";

/**
 * What HTTP and WebSocket routes compile alike, once at registration: the extractors of the params the route
 * declares and its dependency plan. The app's route registry (`AppRoutes`) rebuilds every plan when
 * `dependencyOverrides` change.
 */
export class CompiledParams {
  readonly extractors: readonly Extractor[];
  plan: DependencyPlan;
  readonly #routeDeps: DepsOption | undefined;
  readonly #outerDeps: readonly Dependency[];
  /** Why the overrides make no plan (a cycle): each request of the route fails with it until they change. */
  #broken: unknown = undefined;

  constructor(shapes: Shapes & { deps?: DepsOption }, outerDeps: readonly Dependency[], overrides: Overrides) {
    this.#routeDeps = shapes.deps;
    this.#outerDeps = outerDeps;
    this.plan = compilePlan(shapes.deps, outerDeps, overrides);
    this.extractors = compileExtractors(shapes);
  }

  /** The plan again, with the overrides as they are now. */
  recompile(overrides: Overrides): void {
    try {
      this.plan = compilePlan(this.#routeDeps, this.#outerDeps, overrides);
      this.#broken = undefined;
    } catch (error) {
      this.#broken = error;
    }
  }

  /**
   * Validates every dependency's params, then the route's own into `target`, collecting the issues in FastAPI's
   * order. Gives the outcome per dependency, or `undefined` for a route without dependencies.
   */
  check(target: ParamTarget, request: HTTPConnection, issues: ValidationIssue[]): CheckedPlan | undefined {
    if (this.#broken !== undefined) throw this.#broken;
    const checked = this.plan.isEmpty ? undefined : checkPlanParams(this.plan, request, issues);
    for (const extract of this.extractors) extract(target, request, issues);
    return checked;
  }
}
