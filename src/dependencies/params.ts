import type { ValidationIssue } from "../params/issues.ts";
import { compileExtractors, type Extractor, type ParamTarget } from "../http/param-extractors.ts";
import type { HTTPConnection } from "../http/connection.ts";
import type { Dependency } from "./depends.ts";
import type { DependencyPlan, PlanNode } from "./plan.ts";

/** A dependency's own validated params, per location it declares (the others stay undefined). */
export type OwnParams = Partial<ParamTarget>;

/**
 * Validates one dependency's declared params against the request, appending issues in declaration order
 * (path, query, header, cookie). `undefined` when they are invalid: the dependency must not run.
 */
export type ParamsCheck = (request: HTTPConnection, issues: ValidationIssue[]) => OwnParams | undefined;

// A dependency used by many routes is compiled once.
const compiled = new WeakMap<Dependency<any, any>, ParamsCheck | null>();

/** The compiled check of a dependency's params; `undefined` when it declares none. */
export function dependencyParams(dep: Dependency<any, any>): ParamsCheck | undefined {
  let check = compiled.get(dep);
  if (check === undefined) {
    const extractors = compileExtractors(dep.spec);
    check = extractors.length === 0 ? null : checkWith(extractors);
    compiled.set(dep, check);
  }
  return check ?? undefined;
}

function checkWith(extractors: Extractor[]): ParamsCheck {
  return (request, issues) => {
    const before = issues.length;
    const own = { path: request.pathParams } as ParamTarget;
    for (const extract of extractors) extract(own, request, issues);
    return issues.length === before ? own : undefined;
  };
}

/**
 * The outcome of checking every dependency's params of a plan: which nodes must not run (their params, or those of
 * a dependency below them, are invalid) and each node's own validated values.
 */
export interface CheckedPlan {
  failed: Uint8Array | undefined;
  own: Array<OwnParams | undefined> | undefined;
}

/**
 * Checks the params of every dependency in plan order, so issues come out as FastAPI lists them: a dependency's
 * deps before it, outer deps first, each in declaration order. A dependency whose deps failed is still checked
 * (its own issues are reported too) but will not run. Validation has no side effects, so doing it all before the
 * first dependency runs answers the same as FastAPI's check-just-before-running.
 */
export function checkPlanParams(plan: DependencyPlan, request: HTTPConnection, issues: ValidationIssue[]): CheckedPlan {
  const { nodes } = plan;
  const checked: CheckedPlan = { failed: undefined, own: undefined };
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i]!;
    let ok = checked.failed === undefined || !dependsOnFailed(node, checked.failed);
    if (node.params !== undefined) {
      const own = node.params(request, issues);
      if (own === undefined) ok = false;
      else (checked.own ??= new Array(nodes.length))[i] = own;
    }
    if (!ok) (checked.failed ??= new Uint8Array(nodes.length))[i] = 1;
  }
  return checked;
}

function dependsOnFailed(node: PlanNode, failed: Uint8Array): boolean {
  for (const [, child] of node.named) if (failed[child] === 1) return true;
  for (const child of node.unnamed) if (failed[child] === 1) return true;
  return false;
}
