/**
 * Finds where and why a JSON text is invalid the way Python's `json` module reports it (FastAPI's `json_invalid`
 * error carries Python's message and character position). Runs only after JSON.parse has failed, so it favours
 * plainness over speed. Messages are those of Python 3.12 and earlier.
 */

export interface JsonSyntaxError {
  /** Position in characters (code points), as Python counts. */
  pos: number;
  msg: string;
}

class Failure {
  constructor(
    readonly index: number,
    readonly msg: string,
  ) {}
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?/y;
const HEX4 = /^[0-9a-fA-F]{4}$/;
const SIMPLE_ESCAPES = new Set(['"', "\\", "/", "b", "f", "n", "r", "t"]);

function isWhitespace(c: string | undefined): boolean {
  return c === " " || c === "\t" || c === "\n" || c === "\r";
}

class Scanner {
  constructor(private readonly s: string) {}

  skip(i: number): number {
    while (isWhitespace(this.s[i])) i++;
    return i;
  }

  /** Returns the index just past the value starting at `i`. */
  value(i: number): number {
    const s = this.s;
    const c = s[i];
    if (c === '"') return this.string(i + 1);
    if (c === "{") return this.object(i + 1);
    if (c === "[") return this.array(i + 1);
    for (const word of ["null", "true", "false"]) if (s.startsWith(word, i)) return i + word.length;
    NUMBER.lastIndex = i;
    if (NUMBER.test(s)) return NUMBER.lastIndex;
    throw new Failure(i, "Expecting value");
  }

  string(start: number): number {
    const s = this.s;
    const begin = start - 1;
    let i = start;
    for (;;) {
      if (i >= s.length) throw new Failure(begin, "Unterminated string starting at");
      const c = s[i]!;
      if (c === '"') return i + 1;
      if (c.charCodeAt(0) <= 0x1f) throw new Failure(i, "Invalid control character at");
      if (c === "\\") {
        const escaped = s[i + 1];
        if (escaped === undefined) throw new Failure(begin, "Unterminated string starting at");
        if (escaped === "u") {
          if (i + 6 >= s.length || !HEX4.test(s.slice(i + 2, i + 6))) throw new Failure(i + 1, "Invalid \\uXXXX escape");
          i += 6;
          continue;
        }
        if (!SIMPLE_ESCAPES.has(escaped)) throw new Failure(i, "Invalid \\escape");
        i += 2;
        continue;
      }
      i++;
    }
  }

  object(start: number): number {
    const s = this.s;
    let i = this.skip(start);
    if (s[i] === "}") return i + 1;
    for (;;) {
      if (s[i] !== '"') throw new Failure(i, "Expecting property name enclosed in double quotes");
      i = this.skip(this.string(i + 1));
      if (s[i] !== ":") throw new Failure(i, "Expecting ':' delimiter");
      i = this.skip(this.value(this.skip(i + 1)));
      if (s[i] === "}") return i + 1;
      if (s[i] !== ",") throw new Failure(i, "Expecting ',' delimiter");
      i = this.skip(i + 1);
    }
  }

  array(start: number): number {
    const s = this.s;
    let i = this.skip(start);
    if (s[i] === "]") return i + 1;
    for (;;) {
      i = this.skip(this.value(i));
      if (s[i] === "]") return i + 1;
      if (s[i] !== ",") throw new Failure(i, "Expecting ',' delimiter");
      i = this.skip(i + 1);
    }
  }
}

function codePointIndex(s: string, index: number): number {
  let pos = index;
  for (let i = 0; i < index - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        pos--;
        i++;
      }
    }
  }
  return pos;
}

/** Python's account of why `text` is not JSON. */
export function locateJsonError(text: string): JsonSyntaxError {
  const scanner = new Scanner(text);
  try {
    const end = scanner.skip(scanner.value(scanner.skip(0)));
    if (end !== text.length) return { pos: codePointIndex(text, end), msg: "Extra data" };
  } catch (error) {
    if (error instanceof Failure) return { pos: codePointIndex(text, error.index), msg: error.msg };
    if (error instanceof RangeError) return { pos: 0, msg: "Expecting value" };
    throw error;
  }
  // Python accepts what JSON.parse does not only for NaN/Infinity, which start where a value was expected.
  return { pos: 0, msg: "Expecting value" };
}
