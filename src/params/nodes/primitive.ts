/** Boolean, null, bigint, undefined and unconstrained schemas. */
import { MESSAGES } from "../messages.ts";
import { report, type Node } from "../run-state.ts";
import { parseBoolText, parseIntText } from "../string-parsing.ts";

export const booleanNode: Node = (value, state) => {
  if (typeof value === "boolean") return value;
  if (state.strict) return report(state, "bool_type", MESSAGES.bool_type, value);
  if (typeof value === "string") {
    const parsed = parseBoolText(value);
    return parsed === undefined ? report(state, "bool_parsing", MESSAGES.bool_parsing, value) : parsed;
  }
  if (typeof value === "number") {
    if (value === 1) return true;
    if (value === 0) return false;
    return report(state, "bool_parsing", MESSAGES.bool_parsing, value);
  }
  return report(state, "bool_type", MESSAGES.bool_type, value);
};

export const nullNode: Node = (value, state) => (value === null ? null : report(state, "none_required", MESSAGES.none_required, value));

export const undefinedNode: Node = (value, state) =>
  value === undefined ? undefined : report(state, "none_required", MESSAGES.none_required, value);

export const anyNode: Node = (value) => value;

export const bigintNode: Node = (value, state) => {
  if (typeof value === "bigint") return value;
  if (!state.strict && typeof value === "number" && Number.isInteger(value)) return BigInt(value);
  if (!state.strict && typeof value === "string") {
    if (parseIntText(value) === undefined) return report(state, "int_parsing", MESSAGES.int_parsing, value);
    return BigInt(value.trim().replace(/\.0*$/, ""));
  }
  return report(state, "int_type", MESSAGES.int_type, value);
};
