/** The validation engine's public surface, for the App and for users who validate outside routes. */
export { t, fileOptions, isFileSchema, type AnySchema, type FileOptions, type Infer, type InferInput, type ParamShape, type ShapeInfer, type ShapeInferInput, type TFile } from "./schema.ts";
export { UploadFile, type UploadFileInit } from "./upload-file.ts";
export { RequestValidationError, type Location, type ValidationIssue, type ValidationResult, type Validator } from "./issues.ts";
export { compileValidator, compileShape, AsyncSchemaError, type ShapeValidator, type CompileOptions } from "./validator.ts";
export { compileSerializer, type SerializeResult, type Serializer } from "./serializer.ts";
export { parseJsonBody, type JsonBodyResult } from "./json.ts";
export { toJsonSchema, type JsonSchemaObject, type JsonSchemaOptions } from "./json-schema.ts";
export { isStandardSchema, type StandardSchemaV1 } from "./standard-schema.ts";
