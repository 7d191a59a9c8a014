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
  /** Extra metadata for security schemes and the like (read by the OpenAPI generator). */
  meta: Record<string, unknown> = {};

  constructor(fn: DependencyFn<S, unknown>, spec: S, options: DependsOptions = {}) {
    if (typeof fn !== "function") throw new TypeError("Depends() needs a function to call.");
    this.fn = fn;
    this.spec = spec;
    this.cache = options.cache ?? true;
  }

  get name(): string {
    return this.fn.name || "anonymous dependency";
  }
}

/**
 * Declares a dependency (FastAPI's `Depends`).
 * @example
 * const currentUser = Depends({ headers: { authorization: t.String() } }, ({ headers }) => findUser(headers.authorization));
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
  return new Dependency(fnOrOptions as DependencyFn<DependencySpec, unknown>, specOrFn, options);
}
