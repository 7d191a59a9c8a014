import { Dependency } from "./depends.ts";

/**
 * `app.dependencyOverrides`: a Map from a dependency to its replacement. Each change bumps `version`, so routes
 * recompile their dependency plan once after a change instead of on every request.
 * @example
 * app.dependencyOverrides.set(realDb, Depends(function* () { yield fakeDb; }));
 * app.dependencyOverrides.set(currentUser, () => ({ id: 1, name: "test" }));
 * app.dependencyOverrides.delete(realDb); // or .clear()
 */
export class DependencyOverrides extends Map<Dependency<any, any>, Dependency<any, any>> {
  version = 0;

  /** The replacement may be another `Depends(...)` or a plain function (called with the same context). */
  override set(original: Dependency<any, any>, replacement: Dependency<any, any> | ((ctx: any) => unknown)): this {
    if (!(original instanceof Dependency)) {
      throw new TypeError("dependencyOverrides.set(original, replacement): the original must be the Depends(...) value routes use.");
    }
    if (typeof replacement !== "function" && !(replacement instanceof Dependency)) {
      throw new TypeError("dependencyOverrides.set(original, replacement): the replacement must be a Depends(...) value or a function.");
    }
    super.set(original, typeof replacement === "function" ? new Dependency(replacement, {}) : replacement);
    // Map's constructor may call set() before this class's fields exist.
    this.version = (this.version ?? 0) + 1;
    return this;
  }

  override delete(original: Dependency<any, any>): boolean {
    const removed = super.delete(original);
    if (removed) this.version++;
    return removed;
  }

  override clear(): void {
    if (this.size === 0) return;
    super.clear();
    this.version++;
  }
}
