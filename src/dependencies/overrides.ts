import { Dependency } from "./depends.ts";

/**
 * `app.dependencyOverrides`: a Map from a dependency to its replacement. Each change bumps `version`, so routes
 * recompile their dependency plan once after a change instead of on every request.
 */
export class DependencyOverrides extends Map<Dependency<any, any>, Dependency<any, any>> {
  version = 0;

  /** The replacement may be another `Depends(...)` or a plain function (called with the same context). */
  override set(original: Dependency<any, any>, replacement: Dependency<any, any> | ((ctx: any) => unknown)): this {
    super.set(original, typeof replacement === "function" ? new Dependency(replacement, {}) : replacement);
    this.version = (this.version ?? 0) + 1;
    return this;
  }

  override delete(original: Dependency<any, any>): boolean {
    const removed = super.delete(original);
    if (removed) this.version++;
    return removed;
  }

  override clear(): void {
    super.clear();
    this.version++;
  }
}
