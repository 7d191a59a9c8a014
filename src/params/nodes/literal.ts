/**
 * `const`, `enum` and unions of literals: one membership test, with pydantic's `literal_error` / `enum` wording.
 * Outside a union's strict pass, strings are also read as the numbers or booleans listed (query values are text).
 */
import { isDeepStrictEqual } from "node:util";
import { expectedOneOf } from "../messages.ts";
import { report, type Node } from "../run-state.ts";
import { parseBoolText, parseFloatText } from "../string-parsing.ts";

export function literalNode(values: readonly unknown[], type: "literal_error" | "enum"): Node {
  const expected = expectedOneOf(values);
  const msg = `Input should be ${expected}`;
  const ctx = { expected };
  const allowed = new Set(values);
  const hasNumbers = values.some((v) => typeof v === "number");
  const hasBooleans = values.some((v) => typeof v === "boolean");
  const structured = values.filter((v) => typeof v === "object" && v !== null);
  return (value, state) => {
    if (allowed.has(value)) return value;
    if (!state.strict && typeof value === "string") {
      if (hasNumbers) {
        const n = parseFloatText(value);
        if (n !== undefined && allowed.has(n)) return n;
      }
      if (hasBooleans) {
        const b = parseBoolText(value);
        if (b !== undefined && allowed.has(b)) return b;
      }
    }
    if (structured.length > 0 && typeof value === "object" && value !== null) {
      const match = structured.find((v) => isDeepStrictEqual(v, value));
      if (match !== undefined) return structuredClone(match);
    }
    return report(state, type, msg, value, ctx);
  };
}
