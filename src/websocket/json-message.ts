import type { ValidationIssue } from "../params/issues.ts";
import { MAX_JSON_DEPTH, parseJsonSafely } from "../params/json.ts";
import { MAX_CLOSE_REASON_BYTES, truncateUtf8 } from "./close-codes.ts";

/** The outcome of reading one message as JSON: the value, or the close code and reason that explain why not. */
export type JsonReadResult = { ok: true; value: unknown } | { ok: false; code: number; reason: string };

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Parse a text message, or a binary one holding UTF-8 JSON, as HTTP bodies are parsed: `__proto__` and
 * `constructor.prototype` keys dropped. Bad UTF-8 or bad JSON → 1007; nesting deeper than 200 levels → 1008.
 */
export function parseJsonMessage(data: string | Uint8Array): JsonReadResult {
  let text: string;
  if (typeof data === "string") text = data;
  else {
    try {
      text = strictUtf8.decode(data);
    } catch {
      return { ok: false, code: 1007, reason: "invalid JSON: binary message is not UTF-8" };
    }
  }
  try {
    const parsed = parseJsonSafely(text);
    if (parsed) return { ok: true, value: parsed.value };
    return { ok: false, code: 1008, reason: `JSON nested deeper than ${MAX_JSON_DEPTH} levels` };
  } catch (error) {
    return { ok: false, code: 1007, reason: truncateUtf8(`invalid JSON: ${(error as Error).message}`) };
  }
}

/**
 * A close reason (≤ 123 UTF-8 bytes) naming the first invalid field, e.g.
 * `invalid message: text: Field required (+1 more)`.
 */
export function describeIssuesForClose(issues: readonly ValidationIssue[]): string {
  const first = issues[0];
  if (!first) return "invalid message";
  const field = fieldPath(first.loc);
  const more = issues.length > 1 ? ` (+${issues.length - 1} more)` : "";
  const head = `invalid message: ${field ? `${field}: ` : ""}`;
  // Keep the field name and the count whole; only the free-text message is shortened.
  const budget = MAX_CLOSE_REASON_BYTES - Buffer.byteLength(head + more, "utf8");
  if (budget < 8) return truncateUtf8(head + first.msg + more);
  return head + truncateUtf8(first.msg, budget) + more;
}

/** `loc` without its leading location ("body"/"message"): the message is the whole payload. */
export function fieldPath(loc: readonly (string | number)[]): string {
  const path = loc.length > 0 && (loc[0] === "body" || loc[0] === "message") ? loc.slice(1) : loc;
  return path.map(String).join(".");
}

/** `JSON.stringify` that writes `Set`s as arrays and `Map`s as objects, as Skiff's HTTP responses do. */
export function stringifyJson(value: unknown, method: string): string {
  const text = JSON.stringify(value, (_key, item: unknown) => {
    if (item instanceof Set) return [...item];
    if (item instanceof Map) return Object.fromEntries(item);
    return item;
  });
  if (text === undefined) {
    throw new TypeError(
      `${method} cannot send ${typeof value === "undefined" ? "undefined" : typeof value} as JSON; pass an object, array, string, number, boolean or null`,
    );
  }
  return text;
}

/** A value's kind for error messages: `null`, `string`, or an object's class name. */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "object") return (value as object).constructor?.name ?? "object";
  return typeof value;
}
