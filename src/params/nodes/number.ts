/** `integer` and `number` schemas, with pydantic's lax coercion (strings, booleans) and bound errors. */
import { MESSAGES } from "../messages.ts";
import { INVALID, report, type Node, type RunState } from "../run-state.ts";
import { MAX_INT_TEXT_LENGTH, parseFloatText, parseIntText } from "../string-parsing.ts";

export interface Bound {
  /** False when `n` breaks the bound; NaN breaks every bound, as in pydantic. */
  holds: (n: number) => boolean;
  type: string;
  msg: string;
  ctx: Record<string, number>;
}

type Limit = number | bigint;

export type NumberSchema = {
  minimum?: Limit;
  maximum?: Limit;
  exclusiveMinimum?: Limit | boolean;
  exclusiveMaximum?: Limit | boolean;
  multipleOf?: Limit;
};

/** TypeBox allows BigInt limits; compared with numbers they are plain numbers. */
function limit<T>(value: T | bigint): T | number {
  return typeof value === "bigint" ? Number(value) : value;
}

function isMultipleOf(n: number, of: number, integer: boolean): boolean {
  if (integer) return n % of === 0;
  // pydantic's float tolerance: a remainder within a billionth of the value counts as zero.
  const rem = n % of;
  const threshold = Math.abs(n) / 1e9;
  return !(Math.abs(rem) > threshold && Math.abs(rem - of) > threshold);
}

/** The bounds in pydantic's checking order: multiple_of, le, lt, ge, gt. */
export function boundsOf(schema: NumberSchema, integer: boolean): Bound[] {
  const bounds: Bound[] = [];
  const multipleOf = limit(schema.multipleOf);
  const maximum = limit(schema.maximum);
  const minimum = limit(schema.minimum);
  let lt = limit(schema.exclusiveMaximum);
  let gt = limit(schema.exclusiveMinimum);
  let le = maximum;
  let ge = minimum;
  // Draft 4 spelled exclusivity as a boolean beside maximum/minimum.
  if (lt === true) [lt, le] = [maximum, undefined];
  if (gt === true) [gt, ge] = [minimum, undefined];
  if (typeof multipleOf === "number") {
    bounds.push({
      holds: (n) => isMultipleOf(n, multipleOf, integer),
      type: "multiple_of",
      msg: `Input should be a multiple of ${multipleOf}`,
      ctx: { multiple_of: multipleOf },
    });
  }
  if (typeof le === "number")
    bounds.push({ holds: (n) => n <= le, type: "less_than_equal", msg: `Input should be less than or equal to ${le}`, ctx: { le } });
  if (typeof lt === "number") bounds.push({ holds: (n) => n < lt, type: "less_than", msg: `Input should be less than ${lt}`, ctx: { lt } });
  if (typeof ge === "number")
    bounds.push({ holds: (n) => n >= ge, type: "greater_than_equal", msg: `Input should be greater than or equal to ${ge}`, ctx: { ge } });
  if (typeof gt === "number") bounds.push({ holds: (n) => n > gt, type: "greater_than", msg: `Input should be greater than ${gt}`, ctx: { gt } });
  return bounds;
}

function checkBounds(n: number, input: unknown, bounds: Bound[], state: RunState): unknown {
  for (const bound of bounds) {
    if (!bound.holds(n)) return report(state, bound.type, bound.msg, input, bound.ctx);
  }
  return n;
}

/**
 * Integers beyond ±(2^53 − 1) cannot be held exactly by a JS number (`99999999999999999999` reads as
 * `100000000000000000000`): refused, naming the limit, where pydantic (with Python's unbounded ints) accepts them.
 */
function unsafe(n: number, input: unknown, state: RunState): typeof INVALID {
  if (n > 0)
    return report(state, "less_than_equal", `Input should be less than or equal to ${Number.MAX_SAFE_INTEGER}`, input, {
      le: Number.MAX_SAFE_INTEGER,
    });
  return report(state, "greater_than_equal", `Input should be greater than or equal to ${Number.MIN_SAFE_INTEGER}`, input, {
    ge: Number.MIN_SAFE_INTEGER,
  });
}

function toInteger(value: unknown, state: RunState): number | typeof INVALID {
  if (typeof value === "number") {
    if (Number.isSafeInteger(value)) return value;
    if (Number.isInteger(value)) return unsafe(value, value, state);
    if (state.strict) return report(state, "int_type", MESSAGES.int_type, value);
    if (!Number.isFinite(value)) return report(state, "finite_number", MESSAGES.finite_number, value);
    return report(state, "int_from_float", MESSAGES.int_from_float, value);
  }
  if (state.strict) return report(state, "int_type", MESSAGES.int_type, value);
  if (typeof value === "string") {
    if (value.length > MAX_INT_TEXT_LENGTH) return report(state, "int_parsing_size", MESSAGES.int_parsing_size, value);
    const parsed = parseIntText(value);
    if (parsed === undefined) return report(state, "int_parsing", MESSAGES.int_parsing, value);
    return Number.isSafeInteger(parsed) ? parsed : unsafe(parsed, value, state);
  }
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "bigint") return Number.isSafeInteger(Number(value)) ? Number(value) : unsafe(Number(value), value, state);
  return report(state, "int_type", MESSAGES.int_type, value);
}

function toFloat(value: unknown, state: RunState): number | typeof INVALID {
  if (typeof value === "number") return value;
  if (state.strict) return report(state, "float_type", MESSAGES.float_type, value);
  if (typeof value === "string") {
    const parsed = parseFloatText(value);
    return parsed === undefined ? report(state, "float_parsing", MESSAGES.float_parsing, value) : parsed;
  }
  if (typeof value === "boolean") return value ? 1 : 0;
  return report(state, "float_type", MESSAGES.float_type, value);
}

export function numberNode(schema: NumberSchema, integer: boolean): Node {
  const bounds = boundsOf(schema, integer);
  const convert = integer ? toInteger : toFloat;
  if (bounds.length === 0) return convert;
  return (value, state) => {
    const n = convert(value, state);
    return n === INVALID ? INVALID : checkBounds(n, value, bounds, state);
  };
}
