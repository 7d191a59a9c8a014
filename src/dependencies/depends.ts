import type { DependencyContext, DepsOption } from "../types.ts";
import type { ParamShape, AnySchema, ShapeInferInput } from "../params/schema.ts";

/** What a dependency declares: params validated like a route's (and documented on every route using it), and deps. */
export interface DependencySpec {
  path?: ParamShape;
  query?: ParamShape;
  headers?: ParamShape;
  cookies?: ParamShape;
  body?: AnySchema;
  deps?: DepsOption;
}

/**
 * Options of `Depends(fn, options)`.
 */
export interface DependsOptions {
  /** Resolve once per request and share the value (default). `false` calls it every time it is needed. */
  cache?: boolean;
}

/** The value a dependency function gives: what it returns, resolves to, or (for a generator) yields first. */
export type Provided<R> = R extends AsyncGenerator<infer Y, unknown, unknown> ? Y : R extends Generator<infer Y, unknown, unknown> ? Y : Awaited<R>;

export type DependencyFn<S extends DependencySpec, R> = (ctx: DependencyContext<S>) => R;

/**
 * Type-level only: what a dependency adds to the typed client's view of a route that uses it, directly or through
 * other dependencies. Each part is optional; `never` (or absent) means "nothing". Parts of one dependency graph are
 * kept as a union (one member per dependency that contributes) and merged only at the route (src/types.ts).
 * - `path`/`query`/`headers`/`cookies`: the client's input for the params the dependency declares;
 * - `form`: a form body the dependency reads itself (`OAuth2PasswordRequestForm`);
 * - `errors`: statuses the dependency can answer with, and their bodies (security schemes: 401).
 */
export interface ClientPart {
  path?: object;
  query?: object;
  headers?: object;
  cookies?: object;
  form?: object;
  errors?: object;
}

type SpecInput<S, K extends string> = S extends { readonly [Q in K]: infer X extends ParamShape } ? ShapeInferInput<X> : never;
/** The client part of a spec's own params (`never` when it declares none). */
type OwnClientPart<S> = S extends { path: object } | { query: object } | { headers: object } | { cookies: object }
  ? { path: SpecInput<S, "path">; query: SpecInput<S, "query">; headers: SpecInput<S, "headers">; cookies: SpecInput<S, "cookies"> }
  : never;
/** One dependency's parts (`unknown`, the default, carries none: e.g. a `Dependency<User, any>` annotation). */
type PartsOf<D> = D extends { readonly __client: infer C } ? (unknown extends C ? never : C) : never;
/** The parts of every dependency in a `deps` option (record or list), each already including its own deps' parts. */
export type DepsClientParts<D> = PartsOf<D extends readonly unknown[] ? D[number] : D[keyof D]>;
/**
 * The parts a `Depends(spec, fn)` carries: its own params plus everything its deps carry. Computed once where the
 * dependency is declared, so a route only looks one level down however deep the graph is.
 */
export type SpecClientParts<S> = OwnClientPart<S> | (S extends { deps: infer D } ? DepsClientParts<D> : never);

/**
 * A declared dependency. Created by `Depends`; identity matters: the same object used in several places is resolved
 * once per request.
 */
export class Dependency<T = unknown, S extends DependencySpec = DependencySpec, C = unknown> {
  declare readonly __provides: T;
  /** Type-level only: the `ClientPart`s this dependency (and its deps) add to a route's typed client. */
  declare readonly __client: C;
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
  withScopes(scopes: readonly string[]): Dependency<T, S, C> {
    const scoped = Object.create(Object.getPrototypeOf(this)) as Dependency<T, S, C>;
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
export function Depends<const S extends DependencySpec, R>(
  spec: S,
  fn: DependencyFn<S, R>,
  options?: DependsOptions,
): Dependency<Provided<R>, S, SpecClientParts<S>>;
export function Depends(
  specOrFn: DependencySpec | DependencyFn<DependencySpec, unknown>,
  fnOrOptions?: DependencyFn<DependencySpec, unknown> | DependsOptions,
  options?: DependsOptions,
): Dependency<unknown, DependencySpec> {
  if (typeof specOrFn === "function") return new Dependency(refuseClass(specOrFn), {}, fnOrOptions as DependsOptions | undefined);
  if (typeof fnOrOptions !== "function") {
    throw new TypeError("Depends(spec, fn) needs the function after the spec: Depends({ query: { … } }, (ctx) => …).");
  }
  return new Dependency(refuseClass(fnOrOptions), specOrFn, options);
}

/**
 * FastAPI's `Depends(SomeClass)` has no twin: a class cannot be called without `new`, and its parameters' types are
 * gone at run time. TypeScript refuses it; plain JavaScript learns it here, at declaration, not as a 500 per request.
 */
function refuseClass<F extends (...args: never[]) => unknown>(fn: F): F {
  if (!/^class\b/.test(Function.prototype.toString.call(fn))) return fn;
  const name = fn.name || "SomeClass";
  throw new TypeError(
    `Depends(${name}) got a class, which cannot be called without \`new\`: declare its parameters and return an instance, e.g. Depends({ query: { … } }, ({ query }) => new ${name}(…)).`,
  );
}
