/**
 * JSON request bodies: parsed without letting `__proto__` / `constructor.prototype` keys through (so a later
 * merge or spread cannot poison a prototype), and invalid JSON reported as FastAPI does.
 */
import type { ValidationIssue } from "./issues.ts";
import { locateJsonError } from "./json-error.ts";

export type JsonBodyResult = { ok: true; value: unknown } | { ok: false; issues: ValidationIssue[] };

/**
 * Deepest nesting of arrays and objects accepted in a JSON body or WebSocket message (pydantic's JSON parser has the
 * same limit). Deeper documents are refused before parsing: nothing downstream (validation, a reviver,
 * `JSON.stringify` of an echo) can then run out of stack on them.
 */
export const MAX_JSON_DEPTH = 200;

/** Whether a JSON text nests arrays/objects deeper than `max`. Texts too short to do so are not scanned. */
export function exceedsJsonDepth(text: string, max = MAX_JSON_DEPTH): boolean {
  const n = text.length;
  if (n <= 2 * max || !hasMoreOpeners(text, max)) return false;
  let depth = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      // Jump to the closing quote: one not preceded by an odd run of backslashes.
      for (;;) {
        const end = text.indexOf('"', i + 1);
        if (end === -1) return false;
        let slashes = 0;
        while (text.charCodeAt(end - 1 - slashes) === 92 /* \ */) slashes++;
        i = end;
        if (slashes % 2 === 0) break;
      }
    } else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > max) return true;
    } else if (c === 93 /* ] */ || c === 125 /* } */) {
      depth--;
    }
  }
  return false;
}

/**
 * Whether the text holds more than `max` of `[` and `{` (strings included): nesting deeper than `max` needs that
 * many. Found by indexOf, a native search, so a typical body is cleared in a few calls instead of a scan in JS.
 */
function hasMoreOpeners(text: string, max: number): boolean {
  let count = 0;
  for (let i = text.indexOf("{"); i !== -1; i = text.indexOf("{", i + 1)) if (++count > max) return true;
  for (let i = text.indexOf("["); i !== -1; i = text.indexOf("[", i + 1)) if (++count > max) return true;
  return false;
}

/**
 * `JSON.parse` without prototype-poisoning keys (`__proto__`, `constructor.prototype`), or `undefined` when the text
 * nests deeper than {@link MAX_JSON_DEPTH}. Throws `SyntaxError` for invalid JSON.
 */
export function parseJsonSafely(source: string): { value: unknown } | undefined {
  if (exceedsJsonDepth(source)) return undefined;
  // A reviver is slow, so only texts that could spell a dangerous key pay for it; "\u" covers escaped spellings.
  const risky = source.includes("__proto__") || source.includes("constructor") || source.includes("\\u");
  return { value: risky ? JSON.parse(source, dropPoisonKeys) : JSON.parse(source) };
}

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
  try {
    const parsed = parseJsonSafely(source);
    if (parsed) return { ok: true, value: parsed.value };
    const error = `Nesting is deeper than the limit of ${MAX_JSON_DEPTH} levels`;
    return { ok: false, issues: [{ type: "json_invalid", loc: ["body", 0], msg: "JSON decode error", input: {}, ctx: { error } }] };
  } catch {
    const { pos, msg } = locateJsonError(source);
    return { ok: false, issues: [{ type: "json_invalid", loc: ["body", pos], msg: "JSON decode error", input: {}, ctx: { error: msg } }] };
  }
}
