/**
 * UUID text check with the explanations pydantic shows (those of Rust's `uuid` crate): accepted forms are
 * hyphenated, simple (32 hex digits), braced `{…}` and `urn:uuid:…`.
 */

const HYPHENATED = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const SIMPLE = /^[0-9a-fA-F]{32}$/;
const HEX = /^[0-9a-fA-F]$/;
const GROUP_STARTS = [0, 9, 14, 19, 24] as const;
const GROUP_LENGTHS = [8, 4, 4, 4, 12] as const;

function body(text: string): { inner: string; offset: number; simple: boolean } {
  if (text.length >= 2 && text.startsWith("{") && text.endsWith("}")) return { inner: text.slice(1, -1), offset: 1, simple: false };
  if (text.startsWith("urn:uuid:")) return { inner: text.slice(9), offset: 9, simple: false };
  return { inner: text, offset: 0, simple: true };
}

/** Undefined when `text` is a UUID, else the reason it is not. */
export function uuidError(text: string): string | undefined {
  const { inner, offset, simple } = body(text);
  if (HYPHENATED.test(inner) || (simple && SIMPLE.test(inner))) return undefined;
  const encoder = new TextEncoder();
  let byteIndex = 0;
  let hyphens = 0;
  const bounds: number[] = [];
  for (const char of inner) {
    if (char === "-") {
      if (hyphens < 4) bounds.push(byteIndex);
      hyphens++;
    } else if (!HEX.test(char)) {
      return `invalid character: expected an optional prefix of \`urn:uuid:\` followed by [0-9a-fA-F-], found \`${char}\` at ${byteIndex + offset + 1}`;
    }
    byteIndex += char.length === 1 && char.charCodeAt(0) < 0x80 ? 1 : encoder.encode(char).length;
  }
  const totalBytes = encoder.encode(text).length;
  if (hyphens === 0 && simple) return `invalid length: expected length 32 for simple format, found ${totalBytes}`;
  if (hyphens !== 4) return `invalid group count: expected 5, found ${hyphens + 1}`;
  for (let group = 0; group < 4; group++) {
    if (bounds[group] !== GROUP_STARTS[group + 1] - 1) {
      return `invalid group length in group ${group}: expected ${GROUP_LENGTHS[group]}, found ${bounds[group]! - GROUP_STARTS[group]}`;
    }
  }
  return `invalid group length in group 4: expected 12, found ${totalBytes - GROUP_STARTS[4]}`;
}
