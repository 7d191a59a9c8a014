import type FindMyWayModule from "find-my-way";
import type { HTTPMethod } from "find-my-way";
import { requireDependency } from "../util/require-dependency.ts";
import { parseTemplate, type ParsedTemplate } from "./template.ts";

const FindMyWay = requireDependency("find-my-way") as typeof FindMyWayModule;

export interface Match<T> {
  route: T;
  /** Raw (decoded, unconverted) router params. */
  params: Record<string, string>;
}

/**
 * The contract between the app and its router: add routes, match a request. One radix tree per table; static
 * segments beat parameters and parameters beat `{x:path}` whatever the registration order (find-my-way's priority).
 */
export class RouteTable<T> {
  private readonly tree = FindMyWay({ caseSensitive: true, ignoreTrailingSlash: false, maxParamLength: 2048 });
  private readonly methodsByPath = new Map<string, Set<string>>();
  private readonly methods = new Set<string>();

  add(method: string, template: string | ParsedTemplate, route: T): ParsedTemplate {
    const parsed = typeof template === "string" ? parseTemplate(template) : template;
    const upper = method.toUpperCase();
    const seen = this.methodsByPath.get(parsed.routerPath) ?? new Set<string>();
    if (seen.has(upper)) {
      throw new Error(`Route ${upper} ${parsed.template} is already registered.`);
    }
    seen.add(upper);
    this.methodsByPath.set(parsed.routerPath, seen);
    this.methods.add(upper);
    // The store carries the route; find-my-way's handler slot is unused.
    this.tree.on(upper as HTTPMethod, parsed.routerPath, noop, { route });
    return parsed;
  }

  has(method: string): boolean {
    return this.methods.has(method);
  }

  find(method: string, path: string): Match<T> | null {
    if (!this.methods.has(method)) return null;
    const found = this.tree.find(method as HTTPMethod, path);
    if (found === null || hasEmptySegment(found.params)) return null;
    return { route: (found.store as { route: T }).route, params: found.params as Record<string, string> };
  }

  /** Every method some route answers for this path: the `Allow` list of a 405. */
  allowedMethods(path: string): string[] {
    const allowed: string[] = [];
    for (const method of this.methods) {
      if (this.find(method, path) !== null) allowed.push(method);
    }
    return allowed;
  }
}

function noop(): void {}

/**
 * find-my-way lets `:name` match nothing (`/users/` for `/users/:id`); Starlette's `{name}` needs at least one
 * character, so such a match is no match (a 404, or the slash redirect when the other form has a route).
 * `{rest:path}` (the `*` param) may be empty, as Starlette's `path` convertor.
 */
function hasEmptySegment(params: Record<string, string | undefined>): boolean {
  for (const name in params) if (params[name] === "" && name !== "*") return true;
  return false;
}
