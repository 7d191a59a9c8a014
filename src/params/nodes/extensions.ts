/**
 * Layers around a compiled node: TypeBox refinements (`Type.Refine`) and codecs (`Type.Codec`), and TypeBox's own
 * validator for the JSON Schema keywords Skiff does not compile itself (`not`, `if`/`then`/`else`, `contains`…).
 */
import { Validator } from "typebox/compile";
import type { TSchema } from "typebox";
import { INVALID, report, type Node, type PathSegment, type RunState } from "../run-state.ts";
import type { JsonSchema } from "./compiler.ts";
import { SchemaIssue } from "../extra-types.ts";

const COMPILED_KEYWORDS = new Set([
  "type",
  "properties",
  "required",
  "additionalProperties",
  "unevaluatedProperties",
  "patternProperties",
  "minProperties",
  "maxProperties",
  "items",
  "prefixItems",
  "additionalItems",
  "minItems",
  "maxItems",
  "uniqueItems",
  "minLength",
  "maxLength",
  "pattern",
  "format",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
  "enum",
  "const",
  "anyOf",
  "oneOf",
  "allOf",
  "$ref",
  "$defs",
  "definitions",
  "$id",
  "$schema",
  "$comment",
  "$anchor",
  "title",
  "description",
  "default",
  "examples",
  "example",
  "deprecated",
  "readOnly",
  "writeOnly",
  "nullable",
  "contentMediaType",
  "contentEncoding",
  "discriminator",
  "xml",
  "externalDocs",
]);

/** Keywords this schema uses that only TypeBox's validator understands. */
export function uncompiledKeywords(schema: JsonSchema): Set<string> {
  const found = new Set<string>();
  for (const key of Object.keys(schema)) {
    if (!COMPILED_KEYWORDS.has(key) && !key.startsWith("~") && !key.startsWith("x-")) found.add(key);
  }
  return found;
}

function segmentsOf(pointer: string, root: unknown): PathSegment[] {
  if (pointer === "") return [];
  const segments: PathSegment[] = [];
  let current: unknown = root;
  for (const raw of pointer.slice(1).split("/")) {
    const key = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    const segment = Array.isArray(current) ? Number(key) : key;
    segments.push(segment);
    current = typeof current === "object" && current !== null ? (current as Record<PathSegment, unknown>)[segment] : undefined;
  }
  return segments;
}

function valueAt(root: unknown, segments: PathSegment[]): unknown {
  let current = root;
  for (const segment of segments)
    current = typeof current === "object" && current !== null ? (current as Record<PathSegment, unknown>)[segment] : undefined;
  return current;
}

function reportAt(state: RunState, segments: PathSegment[], type: string, msg: string, input: unknown): void {
  for (const s of segments) state.path.push(s);
  report(state, type, msg, input);
  state.path.length -= segments.length;
}

export function withTypeBoxCheck(node: Node, schema: JsonSchema, keywords: Set<string>, context: Record<string, TSchema>): Node {
  let validator: Validator;
  try {
    validator = new Validator(context, schema as TSchema);
  } catch {
    return node;
  }
  return (value, state) => {
    const out = node(value, state);
    if (out === INVALID || validator.Check(out)) return out;
    let failed = false;
    for (const error of validator.Errors(out)) {
      if (!keywords.has(error.keyword)) continue;
      const segments = segmentsOf(error.instancePath, out);
      reportAt(state, segments, error.keyword, error.message, valueAt(out, segments));
      failed = true;
    }
    return failed ? INVALID : out;
  };
}

interface Refinement {
  check: (value: unknown) => boolean;
  error: string | ((value: unknown) => string);
}

/** A failed refinement reads like a pydantic validator raising ValueError (FastAPI renders its ctx as `{}`). */
export function withRefinements(node: Node, refinements: Refinement[]): Node {
  return (value, state) => {
    const out = node(value, state);
    if (out === INVALID) return out;
    for (const refinement of refinements) {
      if (refinement.check(out)) continue;
      const message = typeof refinement.error === "function" ? refinement.error(out) : refinement.error;
      return report(state, "value_error", `Value error, ${message}`, value, { error: {} });
    }
    return out;
  };
}

interface Codec {
  decode: (value: unknown) => unknown;
  encode: (value: unknown) => unknown;
}

function codecError(state: RunState, value: unknown, error: unknown): typeof INVALID {
  if (error instanceof SchemaIssue) return report(state, error.type, error.message, value);
  const message = error instanceof Error ? error.message : String(error);
  return report(state, "value_error", `Value error, ${message}`, value, { error: {} });
}

/** Request data is validated then decoded; response data is encoded then validated. */
export function withCodec(node: Node, codec: Codec, direction: "decode" | "encode"): Node {
  if (direction === "decode") {
    return (value, state) => {
      const out = node(value, state);
      if (out === INVALID) return out;
      try {
        return codec.decode(out);
      } catch (error) {
        return codecError(state, value, error);
      }
    };
  }
  return (value, state) => {
    let encoded: unknown;
    try {
      encoded = codec.encode(value);
    } catch (error) {
      return codecError(state, value, error);
    }
    return node(encoded, state);
  };
}
