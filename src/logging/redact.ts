/**
 * What never reaches a log line: credentials in headers and secrets in query strings, wherever a caller puts them
 * (`{ headers }`, `{ req: { headers } }`, `{ query }`, a URL string).
 */

export const CENSOR = "[redacted]";

const SENSITIVE_HEADERS = ["authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key"];
const SENSITIVE_PARAM = /(?:token|password|passwd|secret|api[-_]?key)$/i;

/** pino `redact` paths: top level and one object down (`req.headers`, `res.headers`, `request.query`, …). */
export const REDACT_PATHS: string[] = [
  ...SENSITIVE_HEADERS.flatMap((h) => [prop(h), `headers${index(h)}`, `*.headers${index(h)}`]),
  ...["token", "password", "access_token", "refresh_token", "client_secret", "api_key"].flatMap((p) => [p, `*.${p}`, `query.${p}`, `*.query.${p}`]),
];

function prop(name: string): string {
  return /^[a-z_]+$/.test(name) ? name : `["${name}"]`;
}

function index(name: string): string {
  return /^[a-z_]+$/.test(name) ? `.${name}` : `["${name}"]`;
}

export function isSensitiveHeader(name: string): boolean {
  return SENSITIVE_HEADERS.includes(name.toLowerCase());
}

export function isSensitiveParam(name: string): boolean {
  return SENSITIVE_PARAM.test(name);
}

/** A query string (without `?`) with the values of secret-looking parameters replaced. */
export function redactSearch(search: string): string {
  if (!search) return search;
  return search
    .split("&")
    .map((pair) => {
      const eq = pair.indexOf("=");
      const name = eq === -1 ? pair : pair.slice(0, eq);
      return eq !== -1 && isSensitiveParam(safeDecode(name)) ? `${name}=${CENSOR}` : pair;
    })
    .join("&");
}

/** A URL (absolute or a path) with its secret query values replaced. */
export function redactUrl(url: string): string {
  const q = url.indexOf("?");
  if (q === -1) return url;
  const hash = url.indexOf("#", q);
  const search = hash === -1 ? url.slice(q + 1) : url.slice(q + 1, hash);
  return `${url.slice(0, q + 1)}${redactSearch(search)}${hash === -1 ? "" : url.slice(hash)}`;
}

/** A copy of a header object with credentials replaced. */
export function redactHeaders(headers: Iterable<[string, string]> | Record<string, unknown>): Record<string, unknown> {
  const entries = Symbol.iterator in headers ? [...(headers as Iterable<[string, string]>)] : Object.entries(headers);
  const out: Record<string, unknown> = {};
  for (const [name, value] of entries) out[name] = isSensitiveHeader(name) ? CENSOR : value;
  return out;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    return text;
  }
}
