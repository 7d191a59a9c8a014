/**
 * `t`, the schema builder: TypeBox's `Type` (JSON Schema values with static types) plus `t.File()`. The scalar and
 * container builders are re-typed to keep their options in the type, so `InferInput` can see which properties
 * carry a `default` and make them optional for clients.
 */
import Type from "typebox";
import type {
  StaticDecode,
  StaticEncode,
  TAny,
  TArray,
  TArrayOptions,
  TBoolean,
  TEnum,
  TEnumValue,
  TInteger,
  TLiteral,
  TLiteralValue,
  TNumber,
  TNumberOptions,
  TObject,
  TObjectOptions,
  TProperties,
  TSchema,
  TSchemaOptions,
  TString,
  TStringOptions,
  TUnion,
  TUnknown,
  TUnsafe,
} from "typebox";
import type { UploadFile } from "./upload-file.ts";
import { extraTypes, type ExtraTypeBuilders } from "./extra-types.ts";
import type { StandardSchemaV1 } from "./standard-schema.ts";

export type { TSchema } from "typebox";
export type { StandardSchemaV1 } from "./standard-schema.ts";

/** What `t.File()` accepts: a size limit in bytes and the allowed media types (`"image/*"` wildcards work). */
export interface FileOptions {
  maxSize?: number;
  contentType?: string | string[];
  description?: string;
}

export const FILE_MARKER = "~skiffFile";

export type TFile = TUnsafe<UploadFile> & { type: "string"; format: "binary" };

function File(options: FileOptions = {}): TFile {
  const { description } = options;
  const schema = Type.Unsafe<UploadFile>({ type: "string", format: "binary", ...(description ? { description } : {}) });
  // Hidden like TypeBox's own `~` keys: it survives Optional/Array wrapping and never reaches JSON output.
  Object.defineProperty(schema, FILE_MARKER, { value: { ...options }, enumerable: false, configurable: true, writable: true });
  return schema as TFile;
}

/** The options of a `t.File()` schema, or undefined for any other schema. */
export function fileOptions(schema: unknown): FileOptions | undefined {
  if (typeof schema !== "object" || schema === null) return undefined;
  return (schema as Record<string, FileOptions | undefined>)[FILE_MARKER];
}

export function isFileSchema(schema: unknown): boolean {
  return fileOptions(schema) !== undefined;
}

interface EnumOfValues {
  <const Values extends TEnumValue[], O extends TSchemaOptions = {}>(values: readonly [...Values], options?: O): TEnum<Values> & NoInfer<O>;
}

/** TypeBox builders whose options are kept in the returned type. */
interface OptionsKeepingBuilders {
  String<O extends TStringOptions = {}>(options?: O): TString & NoInfer<O>;
  Number<O extends TNumberOptions = {}>(options?: O): TNumber & NoInfer<O>;
  Integer<O extends TNumberOptions = {}>(options?: O): TInteger & NoInfer<O>;
  Boolean<O extends TSchemaOptions = {}>(options?: O): TBoolean & NoInfer<O>;
  Array<Items extends TSchema, O extends TArrayOptions = {}>(items: Items, options?: O): TArray<Items> & NoInfer<O>;
  Object<P extends TProperties, O extends TObjectOptions = {}>(properties: P, options?: O): TObject<P> & NoInfer<O>;
  Literal<const V extends TLiteralValue, O extends TSchemaOptions = {}>(value: V, options?: O): TLiteral<V> & NoInfer<O>;
  Union<Types extends TSchema[], O extends TSchemaOptions = {}>(anyOf: [...Types], options?: O): TUnion<Types> & NoInfer<O>;
  Enum: EnumOfValues & typeof Type.Enum;
  Unknown<O extends TSchemaOptions = {}>(options?: O): TUnknown & NoInfer<O>;
  Any<O extends TSchemaOptions = {}>(options?: O): TAny & NoInfer<O>;
  /** A multipart file field: `{ type: "string", format: "binary" }` in docs, an `UploadFile` in the handler. */
  File(options?: FileOptions): TFile;
}

export type SchemaBuilder = Omit<typeof Type, keyof OptionsKeepingBuilders | keyof ExtraTypeBuilders> & OptionsKeepingBuilders & ExtraTypeBuilders;

/**
 * The schema builder.
 * @example
 * const Item = t.Object({ name: t.String(), price: t.Number({ minimum: 0 }), tags: t.Array(t.String(), { default: [] }) });
 */
export const t: SchemaBuilder = { ...Type, File, ...extraTypes(Type) } as unknown as SchemaBuilder;

/** A schema Skiff accepts: a TypeBox/JSON schema or any Standard Schema (Zod, Valibot, ArkType…). */
export type AnySchema = TSchema | StandardSchemaV1;

/** Params declared per location: `query: { q: t.String(), limit: t.Integer({ default: 10 }) }`. */
export type ParamShape = { readonly [name: string]: AnySchema };

/** The value a handler receives: defaults filled, codecs decoded. */
export type Infer<S> = S extends StandardSchemaV1 ? StandardSchemaV1.InferOutput<S> : S extends TSchema ? StaticDecode<S> : unknown;

type Simplify<T> = { [K in keyof T]: T[K] } & {};

type IsOptionalSchema<S> = S extends { "~optional": true } ? true : false;
type HasDefault<S> = S extends { default: unknown } ? true : false;
type InputOptionalKeys<P> = { [K in keyof P]: IsOptionalSchema<P[K]> extends true ? K : HasDefault<P[K]> extends true ? K : never }[keyof P];

/** Object input: properties that are Optional or carry a `default` may be left out by the client. */
type ObjectInput<P extends TProperties> = Simplify<
  { [K in Exclude<keyof P, InputOptionalKeys<P>>]: StaticEncode<P[K]> } & { [K in InputOptionalKeys<P>]?: StaticEncode<P[K]> }
>;

/** What a client may send (or a handler may return for a `response` schema): defaulted properties are optional. */
export type InferInput<S> = S extends StandardSchemaV1
  ? StandardSchemaV1.InferInput<S>
  : S extends TObject<infer P extends TProperties>
    ? ObjectInput<P>
    : S extends TSchema
      ? StaticEncode<S>
      : unknown;

type StandardMayBeUndefined<S, Io extends "input" | "output"> = S extends StandardSchemaV1
  ? undefined extends (Io extends "input" ? StandardSchemaV1.InferInput<S> : StandardSchemaV1.InferOutput<S>)
    ? true
    : false
  : false;

type OutputOptionalKeys<Shape> = {
  [K in keyof Shape]: IsOptionalSchema<Shape[K]> extends true ? K : StandardMayBeUndefined<Shape[K], "output"> extends true ? K : never;
}[keyof Shape];

type InputOptionalShapeKeys<Shape> = {
  [K in keyof Shape]: IsOptionalSchema<Shape[K]> extends true
    ? K
    : HasDefault<Shape[K]> extends true
      ? K
      : StandardMayBeUndefined<Shape[K], "input"> extends true
        ? K
        : never;
}[keyof Shape];

/** The handler's view of a param shape: Optional params may be absent, defaulted ones are always there. */
export type ShapeInfer<Shape> = Simplify<
  { [K in Exclude<keyof Shape, OutputOptionalKeys<Shape>>]: Infer<Shape[K]> } & { [K in OutputOptionalKeys<Shape>]?: Infer<Shape[K]> }
>;

/** A client's view of a param shape: Optional and defaulted params may be left out. */
export type ShapeInferInput<Shape> = Simplify<
  { [K in Exclude<keyof Shape, InputOptionalShapeKeys<Shape>>]: InferInput<Shape[K]> } & {
    [K in InputOptionalShapeKeys<Shape>]?: InferInput<Shape[K]>;
  }
>;
