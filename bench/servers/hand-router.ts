// The baselines' hand-made router (node.ts on Node, fetch-raw.ts on Bun and Deno): static paths in one Map, paths
// ending in one `{param}` segment in another, looked up by "METHOD path".

export class HandRouter<Handler> {
  readonly #exact = new Map<string, Handler>(); // "GET /items"
  readonly #withParam = new Map<string, Handler>(); // "GET /items/" + one more segment

  add(method: string, template: string, handler: Handler): void {
    const brace = template.indexOf("{");
    if (brace === -1) this.#exact.set(`${method} ${template}`, handler);
    else this.#withParam.set(`${method} ${template.slice(0, brace)}`, handler);
  }

  /** The handler of a static path. */
  exact(method: string, path: string): Handler | undefined {
    return this.#exact.get(`${method} ${path}`);
  }

  /** The handler of `prefix/{param}` for a path with a non-empty last segment (the param: `paramOf(path)`). */
  withParam(method: string, path: string): Handler | undefined {
    const slash = path.lastIndexOf("/");
    return slash < path.length - 1 ? this.#withParam.get(`${method} ${path.slice(0, slash + 1)}`) : undefined;
  }
}

/** The last segment of a path: the value of its `{param}`. */
export function paramOf(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}
