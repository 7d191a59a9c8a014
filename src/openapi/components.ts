import type { AnySchema } from "../params/schema.ts";
import { isJsonObject, type JsonObject } from "./json.ts";
import { plainJsonSchema, type SchemaSide } from "./schema-source.ts";

/** Keywords whose values are data, not schemas: never searched for `$id` or `$ref`. */
const DATA_KEYWORDS = new Set(["const", "enum", "default", "examples", "example"]);

/**
 * The named schemas of a document. Every schema handed to `use` is converted to plain JSON Schema; each sub-schema
 * that carries an `$id` moves to the components under that name and is replaced by a `$ref`, so a model used by
 * many routes is written once (FastAPI does the same with pydantic models). Local `$defs` move there too.
 */
export class SchemaComponents {
  readonly schemas: Record<string, JsonObject> = {};
  private readonly serialized = new Map<string, string>();
  private readonly referenced = new Set<string>();

  /** @param refPrefix where the components live: `#/components/schemas/` in OpenAPI and AsyncAPI alike. */
  constructor(private readonly refPrefix = "#/components/schemas/") {}

  /** The document form of `schema` (as clients send it, or as the server answers): named parts replaced by references. */
  use(schema: AnySchema | JsonObject, side: SchemaSide = "input"): JsonObject {
    const json = plainJsonSchema(schema, side);
    const localNames = this.hoistDefinitions(json);
    return this.visit(json, localNames) as JsonObject;
  }

  /** Registers a schema under a fixed name (FastAPI's `Body_<operation id>` and the validation error models). */
  define(name: string, schema: JsonObject): JsonObject {
    this.register(name, this.visit(schema, new Map()) as JsonObject);
    return this.ref(name);
  }

  ref(name: string): JsonObject {
    this.referenced.add(name);
    return { $ref: `${this.refPrefix}${name}` };
  }

  /** Throws if some `$ref` names a schema that no route registered (it would dangle in the document). */
  assertResolved(): void {
    for (const name of this.referenced) {
      if (!(name in this.schemas)) {
        throw new Error(
          `A schema references "${name}", but no schema with $id "${name}" is used by any route. ` +
            `Use the schema itself where the reference is, or use it in some route so it is documented.`,
        );
      }
    }
  }

  /** Moves `$defs`/`definitions` out of a root schema; returns local name → component name for its `$ref`s. */
  private hoistDefinitions(root: JsonObject): Map<string, string> {
    const names = new Map<string, string>();
    for (const keyword of ["$defs", "definitions"]) {
      const defs = root[keyword];
      if (!isJsonObject(defs)) continue;
      delete root[keyword];
      for (const local of Object.keys(defs)) names.set(`#/${keyword}/${local}`, componentName(local));
      for (const [local, def] of Object.entries(defs)) {
        if (isJsonObject(def)) this.register(componentName(local), this.visit(def, names) as JsonObject);
      }
    }
    return names;
  }

  private visit(node: unknown, localNames: Map<string, string>): unknown {
    if (Array.isArray(node)) return node.map((item) => this.visit(item, localNames));
    if (!isJsonObject(node)) return node;
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(node)) {
      out[key] = DATA_KEYWORDS.has(key) ? value : this.visit(value, localNames);
    }
    if (typeof out.$ref === "string") out.$ref = this.resolveRef(out.$ref, localNames);
    if (Array.isArray(out.items)) tupleAsPrefixItems(out);
    if (typeof out.$id === "string") {
      const name = componentName(out.$id);
      const { $id: _id, ...body } = out;
      this.register(name, body);
      return this.ref(name);
    }
    return out;
  }

  private resolveRef(ref: string, localNames: Map<string, string>): string {
    const local = localNames.get(ref);
    if (local) return this.ref(local).$ref as string;
    if (ref.startsWith("#")) return ref;
    // A bare name (TypeBox's `t.Ref("Item")`) points at the schema whose `$id` is that name.
    return this.ref(componentName(ref)).$ref as string;
  }

  private register(name: string, schema: JsonObject): void {
    const body = "title" in schema ? schema : { ...schema, title: name };
    const text = JSON.stringify(body);
    const known = this.serialized.get(name);
    if (known !== undefined && known !== text) {
      throw new Error(`Two different schemas share the $id "${name}". Give each model its own $id (components.schemas needs one schema per name).`);
    }
    this.serialized.set(name, text);
    this.schemas[name] = body;
  }
}

/** A component key the specs allow (`^[a-zA-Z0-9._-]+$`): a URL-like `$id` keeps its last segment, minus `.json`. */
export function componentName(id: string): string {
  const last =
    id
      .replace(/[#/]+$/, "")
      .split(/[/#]/)
      .pop() || id;
  return last.replace(/\.json$/, "").replace(/[^A-Za-z0-9._-]/g, "_") || "Schema";
}

/**
 * Draft-07 tuples (`items: [...]`, `additionalItems`), which TypeBox writes, in the 2020-12 dialect of OpenAPI 3.1
 * and AsyncAPI: `prefixItems`, then `items` for what may follow.
 */
function tupleAsPrefixItems(schema: JsonObject): void {
  schema.prefixItems = schema.items;
  if (schema.additionalItems === undefined) delete schema.items;
  else schema.items = schema.additionalItems;
  delete schema.additionalItems;
}
