import { fileOptions, type ParamShape } from "../params/schema.ts";
import type { FormLimits } from "./limits.ts";
import type { FileCap } from "./multipart.ts";

/** A declared file field: its per-file cap, and how many files it may take (for the body budget). */
export interface FileField {
  cap: FileCap;
  count: number;
}

type SchemaLike = Record<string, unknown>;

/**
 * Reads each `files` entry: `t.File()`, `t.Optional(t.File())`, `t.Array(t.File())` (or a union holding one).
 * Anything else is a registration error, since text fields belong under `form`.
 */
export function compileFileFields(files: ParamShape, limits: FormLimits): Map<string, FileField> {
  const fields = new Map<string, FileField>();
  for (const [name, schema] of Object.entries(files)) {
    const field = fileFieldOf(schema as unknown as SchemaLike, limits);
    if (!field) throw new TypeError(`files.${name} is not a t.File() schema: declare text fields under \`form\`.`);
    fields.set(name, field);
  }
  return fields;
}

function fileFieldOf(schema: SchemaLike, limits: FormLimits): FileField | undefined {
  const single = fileOptions(schema);
  if (single) return { cap: capOf(single.maxSize, limits), count: 1 };
  const items = schema.items as SchemaLike | undefined;
  const itemOptions = schema.type === "array" && items ? fileOptions(items) : undefined;
  if (itemOptions) {
    const maxItems = typeof schema.maxItems === "number" ? schema.maxItems : limits.maxFiles;
    return { cap: capOf(itemOptions.maxSize, limits), count: Math.min(maxItems, limits.maxFiles) };
  }
  const members = (schema.anyOf ?? schema.oneOf) as SchemaLike[] | undefined;
  for (const member of members ?? []) {
    const field = fileFieldOf(member, limits);
    if (field) return field;
  }
  return undefined;
}

function capOf(maxSize: number | undefined, limits: FormLimits): FileCap {
  return maxSize === undefined ? { maxSize: limits.maxFileSize, limitName: "maxFileSize" } : { maxSize, limitName: "maxSize" };
}
