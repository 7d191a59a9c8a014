import type { DependencyContext, DepsOption } from "../types.ts";
import type { ParamShape, AnySchema } from "../params/schema.ts";

/** What a dependency declares: params validated like a route's (and documented on every route using it), and deps. */
export interface DependencySpec {
  path?: ParamShape;
  query?: ParamShape;
  headers?: ParamShape;
  cookies?: ParamShape;
  body?: AnySchema;
  deps?: DepsOption;
}

export interface DependsOptions {
  /** Resolve once per request and share the value (default). `false` calls it every time it is needed. */
  cache?: boolean;
}

/** The value a dependency function gives: what it returns, resolves to, or (for a generator) yields first. */
export type Provided<R> = R extends AsyncGenerator<infer Y, unknown, unknown>
  ? Y
  : R extends Generator<infer Y, unknown, unknown>
    ? Y
    : Awaited<R>;

export type DependencyFn<S extends DependencySpec, R> = (ctx: DependencyContext<S>) => R;

/**
 * A declared dependency. Created by `Depends`; identity matters: the same object used in several places is resolved
 * once per request.
 */
export class Dependency<T = unknown, S extends DependencySpec = DependencySpec> {
  declare readonly __provides: T;
  readonly fn: DependencyFn<S, unknown>;
  readonly spec: S;
  readonly cache: boolean;
  /**
   * Security scopes this use of the dependency requires (set by `Security(dep, { scopes })`); they accumulate down
   * the graph into `SecurityScopes` and the operation's OpenAPI `security`.
   */
  readonly scopes: readonly string[] = [];
  /** The dependency this one stands for: overrides and the per-request cache see through `Security()` wrappers. */
  readonly origin: Dependency<any, any> = this;
  /** Extra metadata for security schemes and the like (read by the OpenAPI generator). */
  meta: Record<string, unknown> = {};
  private readonly site: { stack?: string };

  constructor(fn: DependencyFn<S, unknown>, spec: S, options: DependsOptions = {}) {
    if (typeof fn !== "function") throw new TypeError("Depends() needs a function to call.");
    this.fn = fn;
    this.spec = spec ?? ({} as S);
    this.cache = options.cache ?? true;
    // V8 formats a captured stack only when it is read, so this costs nothing unless a message needs the site.
    this.site = {};
    Error.captureStackTrace(this.site, Dependency);
  }

  /** The function's name, or where the dependency was declared when the function is anonymous. */
  get name(): string {
    return this.fn.name || `anonymous dependency (${declarationSite(this.site.stack)})`;
  }

  /** This dependency, requiring `scopes` in addition (what `Security(dep, { scopes })` returns). */
  withScopes(scopes: readonly string[]): Dependency<T, S> {
    const scoped = Object.create(Object.getPrototypeOf(this)) as Dependency<T, S>;
    Object.assign(scoped, this, { scopes: [...this.scopes, ...scopes], origin: this.origin });
    return scoped;
  }
}

/** The first stack frame outside Skiff's own dependency and security modules. */
function declarationSite(stack: string | undefined): string {
  const frames = (stack ?? "").split("\n").slice(1);
  const user = frames.find((line) => !/[\\/]src[\\/](?:dependencies|security)[\\/]/.test(line)) ?? frames[0] ?? "";
  const location = /\(?((?:file:\/\/)?[^\s()]+:\d+:\d+)\)?\s*$/.exec(user.trim());
  return location ? `declared at ${location[1].replace(/^file:\/\//, "")}` : "declared at an unknown place";
}

/**
 * Declares a dependency (FastAPI's `Depends`). The function may return a value, a promise, or be a generator whose
 * first `yield` is the value and whose rest is teardown, run after the response is sent.
 * @example
 * const db = Depends(async function* () { const c = await pool.connect(); try { yield c; } finally { c.release(); } });
 * const currentUser = Depends({ headers: { authorization: t.String() }, deps: { db } }, ({ headers, deps }) =>
 *   deps.db.findUser(headers.authorization));
 * app.get("/me", { deps: { user: currentUser } }, ({ deps }) => deps.user);
 */
export function Depends<R>(fn: DependencyFn<{}, R>, options?: DependsOptions): Dependency<Provided<R>, {}>;
export function Depends<const S extends DependencySpec, R>(spec: S, fn: DependencyFn<S, R>, options?: DependsOptions): Dependency<Provided<R>, S>;
export function Depends(
  specOrFn: DependencySpec | DependencyFn<DependencySpec, unknown>,
  fnOrOptions?: DependencyFn<DependencySpec, unknown> | DependsOptions,
  options?: DependsOptions,
): Dependency<unknown, DependencySpec> {
  if (typeof specOrFn === "function") return new Dependency(specOrFn, {}, fnOrOptions as DependsOptions | undefined);
  if (typeof fnOrOptions !== "function") {
    throw new TypeError("Depends(spec, fn) needs the function after the spec: Depends({ query: { … } }, (ctx) => …).");
  }
  return new Dependency(fnOrOptions, specOrFn, options);
}
