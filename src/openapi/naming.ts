/**
 * Names FastAPI users expect: summaries from handler names (`read_item` → "Read Item"), operation ids of the form
 * `read_item_items__item_id__get`, and unique keys when two routes would collide.
 */

/** `readItem`, `read_item`, `read-item` → `read_item`. */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .replace(/[^A-Za-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .toLowerCase();
}

/**
 * Python's `name.replace("_", " ").title()`, which FastAPI uses for summaries and pydantic for titles
 * (`read_item` → "Read Item", `user-agent` → "User-Agent"), after splitting camelCase words (`readItem` → "Read Item").
 */
export function titleCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .replace(/_/g, " ")
    .toLowerCase()
    .replace(/(^|[^a-z])([a-z])/g, (_whole, before: string, letter: string) => before + letter.toUpperCase());
}

/** A handler's own name, or undefined for anonymous functions and arrows passed inline. */
export function handlerName(handler: Function | undefined): string | undefined {
  const name = handler?.name;
  if (!name || name === "anonymous" || name.startsWith("bound ")) return undefined;
  return snakeCase(name) || undefined;
}

/** Words of a path for a readable fallback name: `/items/{item_id}` → `items_item_id`, `/` → `root`. */
export function pathWords(openapiPath: string): string {
  return snakeCase(openapiPath) || "root";
}

/** FastAPI's `generate_unique_id`: name, then the path with every non-word character as `_`, then the method. */
export function fastapiOperationId(name: string, openapiPath: string, method: string): string {
  return `${name}${openapiPath.replace(/\W/g, "_")}_${method.toLowerCase()}`;
}

/** Hands out names, appending `_2`, `_3`… to repeats, so ids stay unique and stable in registration order. */
export class UniqueNames {
  private readonly taken = new Set<string>();

  claim(name: string): string {
    let candidate = name;
    for (let n = 2; this.taken.has(candidate); n++) candidate = `${name}_${n}`;
    this.taken.add(candidate);
    return candidate;
  }
}

/** Pydantic titles every field after its name (`item_id` → "Item Id"); a reference or a titled schema keeps its own. */
export function withTitle<S extends { [key: string]: unknown }>(schema: S, name: string): S {
  return "title" in schema || "$ref" in schema ? schema : { ...schema, title: titleCase(name) };
}
