import { cookieHeader, fillPath, formBody, mergeHeaders, queryString } from "./encode.ts";
import type { ClientOptions } from "./options.ts";

/** The untyped shape of a call's options (the typed surface is in types.ts). */
export interface RawCallOptions {
  path?: Record<string, unknown>;
  query?: Record<string, unknown>;
  headers?: Record<string, unknown>;
  cookies?: Record<string, unknown>;
  json?: unknown;
  form?: Record<string, unknown>;
  signal?: AbortSignal;
  init?: RequestInit;
}

export interface RawResult {
  ok: boolean;
  status: number;
  data: unknown;
  error: unknown;
  response: Response;
}

/** `http://host:8000/` + `/items/5` → `http://host:8000/items/5`; a base path (`/api`) is kept. */
export function joinUrl(base: string, path: string): string {
  return base.replace(/\/+$/, "") + path;
}

/** Performs one call: builds the request, sends it with the client's `fetch`, decodes the answer. */
export async function request(base: string, client: ClientOptions, method: string, template: string, call: RawCallOptions = {}): Promise<RawResult> {
  const url = joinUrl(base, fillPath(template, call.path)) + queryString(call.query);
  const defaults = typeof client.headers === "function" ? await client.headers() : client.headers;
  const headers = mergeHeaders(defaults, call.headers, { cookie: cookieHeader(call.cookies) });
  let body: BodyInit | undefined;
  if (call.json !== undefined) {
    body = JSON.stringify(call.json);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  } else if (call.form !== undefined) {
    body = formBody(call.form); // fetch sets the content type (and the multipart boundary) itself
  }
  const doFetch = client.fetch ?? globalThis.fetch;
  const response = await doFetch(url, { ...call.init, method: method.toUpperCase(), headers, body, signal: call.signal });
  const payload = await decode(response, method === "head");
  return response.ok
    ? { ok: true, status: response.status, data: payload, error: undefined, response }
    : { ok: false, status: response.status, data: undefined, error: payload, response };
}

/** JSON when the server says so, text otherwise, `undefined` for an empty body (204, HEAD). */
async function decode(response: Response, head: boolean): Promise<unknown> {
  if (head || response.status === 204 || response.status === 304) return undefined;
  const text = await response.text();
  if (text === "") return undefined;
  const type = response.headers.get("content-type") ?? "";
  return /[/+]json\b/i.test(type) ? JSON.parse(text) : text;
}
