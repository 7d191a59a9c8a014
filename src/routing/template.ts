/**
 * Path templates: `/items/{item_id:int}` → the router's syntax plus the per-parameter converters, computed once at
 * registration. Convertors follow Starlette's: str (default), int, float, uuid, path.
 */

export type Convertor = "str" | "int" | "float" | "uuid" | "path";

export interface TemplateParam {
  name: string;
  convertor: Convertor;
}

export interface ParsedTemplate {
  /** The template as written (prefixes applied). */
  template: string;
  /** The OpenAPI form: convertors dropped (`/items/{item_id}`). */
  openapiPath: string;
  /** The pattern handed to the radix router. */
  routerPath: string;
  params: TemplateParam[];
  /** True when some parameter needs converting from its string form. */
  converts: boolean;
}

const PATTERNS: Record<Exclude<Convertor, "str" | "path">, string> = {
  // At most 15 digits: every such number is a safe integer. A longer one would be rounded (…993 read as …992,
  // another record) or become Infinity, so it does not match: 404.
  int: "^[0-9]{1,15}$",
  float: "^[0-9]+[.]?[0-9]*$",
  uuid: "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
};

const PARAM = /\{([A-Za-z_][A-Za-z0-9_]*)(?::([a-z]+))?\}/g;

export function parseTemplate(template: string): ParsedTemplate {
  if (!template.startsWith("/")) {
    throw new Error(`Route path "${template}" must start with "/".`);
  }
  const params: TemplateParam[] = [];
  let routerPath = "";
  let openapiPath = "";
  let last = 0;
  for (const match of template.matchAll(PARAM)) {
    const [whole, name, rawConvertor] = match;
    const convertor = (rawConvertor ?? "str") as Convertor;
    if (!["str", "int", "float", "uuid", "path"].includes(convertor)) {
      throw new Error(`Unknown convertor "${rawConvertor}" in "${template}": use str, int, float, uuid or path.`);
    }
    if (params.some((p) => p.name === name)) {
      throw new Error(`Duplicated parameter name "${name}" in "${template}".`);
    }
    const start = match.index;
    const staticPart = template.slice(last, start);
    routerPath += escapeStatic(staticPart);
    openapiPath += staticPart;
    last = start + whole.length;
    if (convertor === "path") {
      if (last !== template.length) {
        throw new Error(`A {${name}:path} parameter must end the path template "${template}".`);
      }
      routerPath += "*";
    } else if (convertor === "str") {
      routerPath += `:${name}`;
    } else {
      routerPath += `:${name}(${PATTERNS[convertor]})`;
    }
    openapiPath += `{${name}}`;
    params.push({ name, convertor });
  }
  const rest = template.slice(last);
  routerPath += escapeStatic(rest);
  openapiPath += rest;
  return {
    template,
    openapiPath,
    routerPath,
    params,
    converts: params.some((p) => p.convertor === "int" || p.convertor === "float" || p.convertor === "path"),
  };
}

/** find-my-way treats `:` and `*` in static text as syntax; a doubled colon is its escape. */
function escapeStatic(text: string): string {
  if (text.includes("*")) throw new Error(`"*" is not allowed in a path template ("${text}").`);
  return text.replaceAll(":", "::");
}

/**
 * Turns the router's raw string params into the template's types, in place. Called per request only for templates
 * whose params need it (`converts`).
 */
export function convertParams(params: Record<string, string>, template: ParsedTemplate): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { name, convertor } of template.params) {
    if (convertor === "path") out[name] = params["*"] ?? "";
    else if (convertor === "int" || convertor === "float") out[name] = Number(params[name]);
    else out[name] = params[name];
  }
  return out;
}

export function joinPaths(prefix: string, path: string): string {
  if (!prefix) return path;
  if (prefix.endsWith("/")) throw new Error(`A prefix must not end with "/" (got "${prefix}").`);
  if (!prefix.startsWith("/")) throw new Error(`A prefix must start with "/" (got "${prefix}").`);
  return prefix + path;
}
