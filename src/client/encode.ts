/**
 * Turning call options into a URL, headers and a body the way the server reads them back: path params
 * percent-encoded, query arrays as repeated keys, dates as ISO 8601, numbers and booleans as their text.
 */

/** One scalar as the server's string coercion expects it (`undefined`/`null` mean "leave it out"). */
export function scalar(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** `/items/{item_id}` + `{ item_id: 5 }` → `/items/5`; a missing param is an error, not a literal `{item_id}`. */
export function fillPath(template: string, params: Record<string, unknown> = {}): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = scalar(params[name]);
    if (value === undefined) throw new TypeError(`Missing path parameter "${name}" for ${template}`);
    return encodeURIComponent(value);
  });
}

/** Appends each entry; arrays repeat the key (`?tag=a&tag=b`), which is how the server fills array params. */
export function appendEntries(target: URLSearchParams | FormData, values: Record<string, unknown> | undefined): void {
  for (const [key, value] of Object.entries(values ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (typeof Blob !== "undefined" && item instanceof Blob) (target as FormData).append(key, item);
      else {
        const text = scalar(item);
        if (text !== undefined) target.append(key, text);
      }
    }
  }
}

export function queryString(query: Record<string, unknown> | undefined): string {
  const params = new URLSearchParams();
  appendEntries(params, query);
  const text = params.toString();
  return text && `?${text}`;
}

/** `a=1; b=2` for a `cookie` header (servers and Node clients; browsers send their own cookies instead). */
export function cookieHeader(cookies: Record<string, unknown> | undefined): string | undefined {
  const pairs: string[] = [];
  for (const [name, value] of Object.entries(cookies ?? {})) {
    const text = scalar(value);
    if (text !== undefined) pairs.push(`${name}=${encodeURIComponent(text)}`);
  }
  return pairs.length > 0 ? pairs.join("; ") : undefined;
}

/** Headers from the client's defaults and the call's own (the call wins); `undefined` values are skipped. */
export function mergeHeaders(...sources: (HeadersInit | Record<string, unknown> | undefined)[]): Headers {
  const headers = new Headers();
  for (const source of sources) {
    if (source === undefined) continue;
    const entries = source instanceof Headers || Array.isArray(source) ? [...new Headers(source as HeadersInit)] : Object.entries(source);
    for (const [name, value] of entries) {
      const text = scalar(value);
      if (text !== undefined) headers.set(name, text);
    }
  }
  return headers;
}

/** A form body: URL-encoded, or multipart as soon as a value is a `Blob`/`File`. */
export function formBody(form: Record<string, unknown>): URLSearchParams | FormData {
  const hasFile = Object.values(form).some((v) => (Array.isArray(v) ? v : [v]).some((x) => typeof Blob !== "undefined" && x instanceof Blob));
  const body = hasFile ? new FormData() : new URLSearchParams();
  appendEntries(body, form);
  return body;
}
