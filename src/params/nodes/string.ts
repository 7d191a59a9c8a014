/** `string` schemas: type, format, then pydantic's constraint order (min length, max length, pattern). */
import { MESSAGES, stringTooLong, stringTooShort } from "../messages.ts";
import { INVALID, report, type Node } from "../run-state.ts";
import { formatCheck } from "./string-format.ts";

type StringSchema = { minLength?: number; maxLength?: number; pattern?: string | RegExp; format?: string };

/** Length in code points, as Python counts characters; UTF-16 length is an upper bound, so count only near the limit. */
export function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

export function compilePattern(pattern: string | RegExp): { regex: RegExp; source: string } {
  if (pattern instanceof RegExp) return { regex: new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, "")), source: pattern.source };
  try {
    return { regex: new RegExp(pattern, "u"), source: pattern };
  } catch {
    return { regex: new RegExp(pattern), source: pattern };
  }
}

/** Handlers may return Dates for date/date-time fields; they are sent as ISO strings, as pydantic serialises them. */
function fromDate(value: Date, format: string | undefined): string | undefined {
  if (Number.isNaN(value.getTime())) return undefined;
  if (format === "date-time") return value.toISOString();
  if (format === "date") return value.toISOString().slice(0, 10);
  return undefined;
}

export function stringNode(schema: StringSchema): Node {
  const { minLength: min, maxLength: max, format } = schema;
  const pattern = schema.pattern === undefined ? undefined : compilePattern(schema.pattern);
  const patternMsg = pattern && `String should match pattern '${pattern.source}'`;
  const patternCtx = pattern && { pattern: pattern.source };
  const checkFormat = formatCheck(format);
  const minMsg = min === undefined ? "" : stringTooShort(min);
  const maxMsg = max === undefined ? "" : stringTooLong(max);
  return (value, state) => {
    let s: string;
    if (typeof value === "string") s = value;
    else {
      const fromDateValue = value instanceof Date ? fromDate(value, format) : undefined;
      if (fromDateValue === undefined) return report(state, "string_type", MESSAGES.string_type, value);
      s = fromDateValue;
    }
    if (checkFormat !== undefined) {
      const checked = checkFormat(s, state);
      if (checked === INVALID) return INVALID;
      s = checked;
    }
    if (min !== undefined && (s.length < min || (s.length < min * 2 && codePoints(s) < min))) {
      return report(state, "string_too_short", minMsg, value, { min_length: min });
    }
    if (max !== undefined && s.length > max && codePoints(s) > max) {
      return report(state, "string_too_long", maxMsg, value, { max_length: max });
    }
    if (pattern !== undefined && !pattern.regex.test(s)) return report(state, "string_pattern_mismatch", patternMsg!, value, patternCtx);
    return s;
  };
}
