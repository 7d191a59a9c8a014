/**
 * JSON request bodies: parsed without letting `__proto__` / `constructor.prototype` keys through (so a later
 * merge or spread cannot poison a prototype), and invalid JSON reported as FastAPI does.
 */
import type { ValidationIssue } from "./issues.ts";
import { locateJsonError } from "./json-error.ts";

export type JsonBodyResult = { ok: true; value: unknown } | { ok: false; issues: ValidationIssue[] };

function dropPoisonKeys(key: string, value: unknown): unknown {
  if (key === "__proto__") return undefined;
  if (key === "constructor" && typeof value === "object" && value !== null && Object.hasOwn(value, "prototype")) return undefined;
  return value;
}

/**
 * Parses a JSON body. An empty text is no body (`value: undefined`, for the caller to report `missing` or apply a
 * default), as FastAPI treats an empty request body; a leading BOM is ignored, as Python's bytes decoding does.
 * @example parseJsonBody('{"a":') // { ok: false, issues: [{ type: "json_invalid", loc: ["body", 5], msg: "JSON decode error", input: {}, ctx: { error: "Expecting value" } }] }
 */
export function parseJsonBody(text: string): JsonBodyResult {
  if (text.length === 0) return { ok: true, value: undefined };
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // A reviver is slow, so only texts that could spell a dangerous key pay for it; "\u" covers escaped spellings.
  const risky = source.includes("__proto__") || source.includes("constructor") || source.includes("\\u");
  try {
    return { ok: true, value: risky ? JSON.parse(source, dropPoisonKeys) : JSON.parse(source) };
  } catch {
    const { pos, msg } = locateJsonError(source);
    return { ok: false, issues: [{ type: "json_invalid", loc: ["body", pos], msg: "JSON decode error", input: {}, ctx: { error: msg } }] };
  }
}
