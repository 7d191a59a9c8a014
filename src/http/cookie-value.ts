const ESCAPE = /\\(?:([0-3][0-7][0-7])|(.))/gs;

/**
 * A cookie value as Starlette hands it over: a value sent in double quotes (RFC 6265's quoted form) arrives without
 * them, with Python's `http.cookies` escapes undone (`\"` → `"`, `\\` → `\`, `\054` → `,`).
 */
export function unquoteCookie(value: string): string {
  if (value.length < 2 || value.charCodeAt(0) !== 34 || value.charCodeAt(value.length - 1) !== 34) return value;
  const inner = value.slice(1, -1);
  if (!inner.includes("\\")) return inner;
  return inner.replace(ESCAPE, (_, octal: string | undefined, char: string | undefined) => (octal ? String.fromCharCode(parseInt(octal, 8)) : char!));
}
