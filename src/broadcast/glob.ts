// Redis PSUBSCRIBE glob semantics, so a pattern matches the same channels on memory:// as on redis://:
// `*` any run, `?` one character, `[abc]` / `[^abc]` / `[a-z]` a class, `\x` a literal x.

/**
 * Compiles a Redis-style glob into a matcher.
 * @example globMatcher("room:*")("room:lobby") // true
 */
export function globMatcher(pattern: string): (channel: string) => boolean {
  const regex = new RegExp(`^${globToRegExpSource(pattern)}$`, "s");
  return (channel) => regex.test(channel);
}

function globToRegExpSource(pattern: string): string {
  let out = "";
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === "*") out += ".*";
    else if (ch === "?") out += ".";
    else if (ch === "\\" && i + 1 < pattern.length) out += escapeRegExp(pattern[++i]);
    else if (ch === "[") {
      const cls = readClass(pattern, i);
      if (cls) {
        out += cls.source;
        i = cls.end;
      } else {
        out += "\\[";
      }
    } else out += escapeRegExp(ch);
  }
  return out;
}

function readClass(pattern: string, start: number): { source: string; end: number } | undefined {
  let i = start + 1;
  let negate = false;
  if (pattern[i] === "^") {
    negate = true;
    i++;
  }
  let body = "";
  for (; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === "]") return { source: `[${negate ? "^" : ""}${body}]`, end: i };
    if (ch === "\\" && i + 1 < pattern.length) {
      body += escapeClassChar(pattern[++i]);
    } else if (pattern[i + 1] === "-" && i + 2 < pattern.length && pattern[i + 2] !== "]") {
      let [from, to] = [ch, pattern[i + 2]];
      if (from > to) [from, to] = [to, from];
      body += `${escapeClassChar(from)}-${escapeClassChar(to)}`;
      i += 2;
    } else {
      body += escapeClassChar(ch);
    }
  }
  return undefined;
}

function escapeRegExp(ch: string): string {
  return ch.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

function escapeClassChar(ch: string): string {
  return ch.replace(/[\]\\^-]/g, "\\$&");
}

/** Escapes glob metacharacters so `text` matches only itself (used for the Redis key prefix). */
export function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, "\\$&");
}
