/**
 * pydantic v2's error messages (python mode, as FastAPI renders them), so a Skiff 422 reads like a FastAPI one.
 */
export const MESSAGES = {
  missing: "Field required",
  extra_forbidden: "Extra inputs are not permitted",
  model_attributes_type: "Input should be a valid dictionary or object to extract fields from",
  dict_type: "Input should be a valid dictionary",
  list_type: "Input should be a valid list",
  tuple_type: "Input should be a valid tuple",
  string_type: "Input should be a valid string",
  int_type: "Input should be a valid integer",
  int_parsing: "Input should be a valid integer, unable to parse string as an integer",
  int_parsing_size: "Unable to parse input string as an integer, exceeded maximum size",
  int_from_float: "Input should be a valid integer, got a number with a fractional part",
  float_type: "Input should be a valid number",
  float_parsing: "Input should be a valid number, unable to parse string as a number",
  finite_number: "Input should be a finite number",
  bool_type: "Input should be a valid boolean",
  bool_parsing: "Input should be a valid boolean, unable to interpret input",
  none_required: "Input should be None",
  date_type: "Input should be a valid date",
  datetime_type: "Input should be a valid datetime",
  time_type: "Input should be a valid time",
  date_from_datetime_inexact: "Datetimes provided to dates should have zero time - e.g. be exact dates",
  uuid_type: "UUID input should be a string, bytes or UUID object",
  recursion_loop: "Recursion error - cyclic reference detected",
} as const;

function plural(n: number): string {
  return n === 1 ? "" : "s";
}

export function stringTooShort(min: number): string {
  return `String should have at least ${min} character${plural(min)}`;
}

export function stringTooLong(max: number): string {
  return `String should have at most ${max} character${plural(max)}`;
}

export function itemsTooShort(fieldType: string, min: number, actual: number): string {
  return `${fieldType} should have at least ${min} item${plural(min)} after validation, not ${actual}`;
}

export function itemsTooLong(fieldType: string, max: number, actual: number): string {
  return `${fieldType} should have at most ${max} item${plural(max)} after validation, not ${actual}`;
}

/** Python's `repr()` of a JSON value, as pydantic prints expected literals and enum members. */
export function pyRepr(value: unknown): string {
  if (typeof value === "string") return pyStringRepr(value);
  if (value === null || value === undefined) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  return JSON.stringify(value) ?? String(value);
}

const REPR_ESCAPES: Record<string, string> = { "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t" };
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters repr() escapes
const REPR_SPECIAL = /[\\\n\r\t\x00-\x1f\x7f]/g;

function pyStringRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let body = s.replace(REPR_SPECIAL, (c) => REPR_ESCAPES[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
  if (quote === "'") body = body.replaceAll("'", "\\'");
  return quote + body + quote;
}

/** `'a'`, `'a' or 'b'`, `'a', 'b' or 'c'`: how pydantic lists the allowed values of a literal or enum. */
export function expectedOneOf(values: readonly unknown[]): string {
  const reprs = values.map(pyRepr);
  if (reprs.length <= 1) return reprs[0] ?? "";
  return `${reprs.slice(0, -1).join(", ")} or ${reprs[reprs.length - 1]}`;
}
