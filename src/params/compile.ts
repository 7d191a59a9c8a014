/**
 * Turns a TypeBox/JSON schema into a tree of nodes once, at registration. Shared subschemas compile once
 * (cached by identity); `$ref`s resolve against the schema's `$defs`/`definitions`, every `$id` inside it, and any
 * extra schemas passed as `refs`, so recursive (`Type.Cyclic`) schemas work.
 */
import type { TSchema } from "typebox";
import { fileOptions } from "./schema.ts";
import { report, type Node } from "./run-state.ts";
import { isSchemaObject, type Compiler, type JsonSchema } from "./nodes/compiler.ts";
import { anyNode, bigintNode, booleanNode, nullNode, undefinedNode } from "./nodes/primitive.ts";
import { numberNode } from "./nodes/number.ts";
import { stringNode } from "./nodes/string.ts";
import { literalNode } from "./nodes/literal.ts";
import { objectNode } from "./nodes/object.ts";
import { arrayNode } from "./nodes/array.ts";
import { unionNode } from "./nodes/union.ts";
import { intersectNode } from "./nodes/intersect.ts";
import { fileNode } from "./nodes/file.ts";
import { uncompiledKeywords, withCodec, withRefinements, withTypeBoxCheck } from "./nodes/extensions.ts";

export interface CompileOptions {
  /** Schemas that `$ref`s may name by `$id` besides those inside the schema itself. */
  refs?: readonly TSchema[];
  /** `decode` (default) for request data, `encode` for response data; only matters for TypeBox codecs. */
  direction?: "decode" | "encode";
}

const neverNode: Node = (value, state) => report(state, "never", "No value is allowed here", value);

/** Every schema a `$ref` may name, by `$id`, `$defs` key and JSON pointer. */
function collectDefinitions(root: unknown, refs: readonly TSchema[] = []): Record<string, TSchema> {
  const found: Record<string, TSchema> = Object.create(null);
  const seen = new Set<unknown>();
  const walk = (node: unknown): void => {
    if (typeof node !== "object" || node === null || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) return node.forEach(walk);
    const schema = node as JsonSchema;
    if (typeof schema.$id === "string") found[schema.$id] ??= schema as TSchema;
    for (const defsKey of ["$defs", "definitions"] as const) {
      const defs = schema[defsKey];
      if (!isSchemaObject(defs)) continue;
      for (const [name, def] of Object.entries(defs)) {
        found[name] ??= def as TSchema;
        found[`#/${defsKey}/${name}`] = def as TSchema;
      }
    }
    Object.values(schema).forEach(walk);
  };
  refs.forEach(walk);
  walk(root);
  return found;
}

function buildByType(schema: JsonSchema, type: unknown, compiler: Compiler): Node {
  switch (type) {
    case "string":
      return stringNode(schema);
    case "integer":
      return numberNode(schema, true);
    case "number":
      return numberNode(schema, false);
    case "boolean":
      return booleanNode;
    case "null":
      return nullNode;
    case "object":
      return objectNode(schema, compiler);
    case "array":
      return arrayNode(schema, compiler);
    case "bigint":
      return bigintNode;
    case "undefined":
    case "void":
      return undefinedNode;
    default:
      if (isSchemaObject(schema.properties) || isSchemaObject(schema.patternProperties) || "additionalProperties" in schema) {
        return objectNode(schema, compiler);
      }
      if ("items" in schema || "prefixItems" in schema) return arrayNode(schema, compiler);
      return anyNode;
  }
}

function build(schema: JsonSchema, compiler: Compiler, definitions: Record<string, TSchema>): Node {
  const file = fileOptions(schema);
  if (file) return fileNode(file);
  if (typeof schema.$ref === "string") {
    const target = definitions[schema.$ref];
    if (target === undefined) throw new Error(`Cannot resolve $ref "${schema.$ref}": add the schema it names to "$defs" or give it that "$id"`);
    return compiler.node(target);
  }
  if (Array.isArray(schema.anyOf) || Array.isArray(schema.oneOf)) return unionNode(schema, compiler);
  if (Array.isArray(schema.allOf)) return intersectNode(schema, compiler);
  if ("const" in schema) return literalNode([schema.const], "literal_error");
  if (Array.isArray(schema.enum)) return literalNode(schema.enum, "enum");
  if (Array.isArray(schema.type)) return unionNode({ anyOf: schema.type.map((type) => ({ ...schema, type })) }, compiler);
  return buildByType(schema, schema.type, compiler);
}

function withExtensions(node: Node, schema: JsonSchema, compiler: Compiler, definitions: Record<string, TSchema>): Node {
  let out = node;
  const uncompiled = uncompiledKeywords(schema);
  if (uncompiled.size > 0) out = withTypeBoxCheck(out, schema, uncompiled, definitions);
  if (schema.nullable === true) {
    const inner = out;
    out = (value, state) => (value === null ? null : inner(value, state));
  }
  const refine = schema["~refine"];
  if (Array.isArray(refine) && refine.length > 0) out = withRefinements(out, refine);
  const codec = schema["~codec"];
  if (isSchemaObject(codec) && typeof codec.decode === "function" && typeof codec.encode === "function") {
    out = withCodec(out, codec as { decode: (v: unknown) => unknown; encode: (v: unknown) => unknown }, compiler.direction);
  }
  return out;
}

/** Compiles `root` into a node; throws at registration for a `$ref` that names nothing. */
export function compileSchemaNode(root: unknown, options: CompileOptions = {}): Node {
  const definitions = collectDefinitions(root, options.refs);
  const cache = new Map<object, Node>();
  const compiler: Compiler = {
    direction: options.direction ?? "decode",
    node(schema) {
      if (schema === false) return neverNode;
      if (!isSchemaObject(schema)) return anyNode;
      const cached = cache.get(schema);
      if (cached) return cached;
      // A schema reached again while it compiles (recursion) gets a forwarder to the finished node.
      let finished: Node | undefined;
      cache.set(schema, (value, state) => finished!(value, state));
      finished = withExtensions(build(schema, compiler, definitions), schema, compiler, definitions);
      cache.set(schema, finished);
      return finished;
    },
  };
  return compiler.node(root);
}
