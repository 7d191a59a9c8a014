import type { TSchema } from "typebox";
import type { Validator } from "../params/issues.ts";
import { compileValidator } from "../params/validator.ts";

/**
 * The validator `MessageRouter` uses by default: Skiff's own (FastAPI-shaped issues), with `loc` starting at
 * `"message"`.
 */
export function compileMessageValidator(schema: TSchema): Validator {
  return compileValidator(schema, ["message"]);
}
