/**
 * Response headers: a small, Fetch-like map (`get/set/append/delete/has`, iteration) over lowercased names,
 * cheap to create per response. `set-cookie` keeps every value, as HTTP requires.
 */
export class ResponseHeaders {
  private readonly values = new Map<string, string | string[]>();

  constructor(init?: Record<string, string | string[]> | Iterable<[string, string]>) {
    if (!init) return;
    const entries = Symbol.iterator in init ? (init as Iterable<[string, string]>) : Object.entries(init);
    for (const [name, value] of entries) {
      if (Array.isArray(value)) for (const v of value) this.append(name, v);
      else this.append(name, value);
    }
  }

  get(name: string): string | null {
    const value = this.values.get(name.toLowerCase());
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(", ") : value;
  }

  /** Every value of a repeatable header (notably `set-cookie`). */
  getAll(name: string): string[] {
    const value = this.values.get(name.toLowerCase());
    if (value === undefined) return [];
    return Array.isArray(value) ? [...value] : [value];
  }

  set(name: string, value: string): this {
    checkHeader(name, value);
    this.values.set(name.toLowerCase(), String(value));
    return this;
  }

  append(name: string, value: string): this {
    checkHeader(name, value);
    const key = name.toLowerCase();
    const existing = this.values.get(key);
    if (existing === undefined) this.values.set(key, String(value));
    else if (Array.isArray(existing)) existing.push(String(value));
    else this.values.set(key, [existing, String(value)]);
    return this;
  }

  has(name: string): boolean {
    return this.values.has(name.toLowerCase());
  }

  delete(name: string): void {
    this.values.delete(name.toLowerCase());
  }

  get size(): number {
    return this.values.size;
  }

  *entries(): IterableIterator<[string, string]> {
    for (const [name, value] of this.values) {
      if (Array.isArray(value)) for (const v of value) yield [name, v];
      else yield [name, value];
    }
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }

  /**
   * `[name, value, name, value, …]`, a shape `ServerResponse.writeHead` takes (Node then skips its own walk over an
   * object's keys), leaving out `content-length` and `content-type` when asked: the writer decides those.
   */
  toList(omitLength: boolean, omitType: boolean): (string | string[])[] {
    const out: (string | string[])[] = [];
    for (const [name, value] of this.values) {
      if ((omitLength && name === "content-length") || (omitType && name === "content-type")) continue;
      out.push(name, value);
    }
    return out;
  }
}

// Header injection guard: a CR or LF in a value would let a client-controlled string split the response.
function checkHeader(name: string, value: string): void {
  const text = String(value);
  if (text.includes("\r") || text.includes("\n") || INVALID_NAME.test(name)) {
    throw new TypeError(`Invalid header ${JSON.stringify(name)}: names and values must not contain CR or LF.`);
  }
}

const INVALID_NAME = /[\r\n:\s]/;
