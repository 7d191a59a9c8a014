import type { Node } from "../run-state.ts";

/** A plain JSON Schema object as the node builders read it (TypeBox schemas are such objects). */
export type JsonSchema = Record<string, unknown>;

/** What node builders need from the compiler: compiled children (cached, so shared subschemas compile once). */
export interface Compiler {
  node(schema: unknown): Node;
  /** Which way TypeBox codecs run: decode for request data, encode for responses. */
  readonly direction: "decode" | "encode";
}

export function isSchemaObject(value: unknown): value is JsonSchema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
