/**
 * pydantic's lax parsing of strings into numbers and booleans (what makes `?limit=10` an integer).
 * Each returns undefined when the string is not acceptable.
 */

const INT_TEXT = /^[+-]?\d+$/;
const INT_WITH_ZERO_DECIMALS = /^([+-]?\d+)\.0*$/;
const FLOAT_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const FLOAT_WITH_UNDERSCORES = /^[+-]?\d+(?:_\d+)*(?:\.\d+(?:_\d+)*)?(?:[eE][+-]?\d+(?:_\d+)*)?$/;
const FLOAT_SPECIAL = /^([+-]?)(inf|infinity|nan)$/i;

/** pydantic refuses to parse integers longer than this many characters (Python's int-string limit). */
export const MAX_INT_TEXT_LENGTH = 4300;

export function parseIntText(text: string): number | undefined {
  const s = text.trim();
  if (INT_TEXT.test(s)) return Number(s) + 0;
  const zeroDecimals = INT_WITH_ZERO_DECIMALS.exec(s);
  if (zeroDecimals) return Number(zeroDecimals[1]) + 0;
  return undefined;
}

export function parseFloatText(text: string): number | undefined {
  const s = text.trim();
  if (FLOAT_TEXT.test(s)) return Number(s);
  const special = FLOAT_SPECIAL.exec(s);
  if (special) {
    if (special[2]!.toLowerCase() === "nan") return NaN;
    return special[1] === "-" ? -Infinity : Infinity;
  }
  if (FLOAT_WITH_UNDERSCORES.test(s)) return Number(s.replaceAll("_", ""));
  return undefined;
}

const TRUE_WORDS = new Set(["1", "on", "t", "true", "y", "yes"]);
const FALSE_WORDS = new Set(["0", "off", "f", "false", "n", "no"]);

export function parseBoolText(text: string): boolean | undefined {
  const s = text.toLowerCase();
  if (TRUE_WORDS.has(s)) return true;
  if (FALSE_WORDS.has(s)) return false;
  return undefined;
}
