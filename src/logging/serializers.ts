import { HTTPConnection } from "../http/connection.ts";
import { redactHeaders, redactUrl } from "./redact.ts";

interface RequestLike {
  method?: string;
  url?: unknown;
  path?: string;
  headers?: unknown;
  raw?: { url?: string; headers?: unknown };
}

/**
 * pino serializers for the objects people log: a Skiff `Request`, a Node `IncomingMessage` or a URL become small,
 * redacted summaries — never the socket, never the `Authorization` header, never `?token=`.
 */
export const serializers = {
  req: serializeRequest,
  request: serializeRequest,
  url: (value: unknown) => (typeof value === "string" || value instanceof URL ? redactUrl(String(value)) : value),
  headers: serializeHeaders,
};

/**
 * `{ headers: request.headers }` logs a `RequestHeaders` (or a Fetch `Headers`, a response's headers): redaction
 * paths see only plain objects, so these are turned into a redacted plain object here.
 */
function serializeHeaders(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  const raw = (value as { raw?: unknown }).raw;
  if (typeof raw === "object" && raw !== null && !Array.isArray(raw)) return redactHeaders(raw as Record<string, unknown>);
  if (Symbol.iterator in value) return redactHeaders(value as Iterable<[string, string]>);
  return redactHeaders(value as Record<string, unknown>);
}

function serializeRequest(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (value instanceof HTTPConnection) {
    // A Skiff Request (or a WebSocket's handshake, whose Node message is gone once accepted): its head has it all.
    return { method: value.method, url: redactUrl(value.head.target), headers: redactHeaders(value.head.headers as Record<string, unknown>) };
  }
  const request = value as RequestLike;
  const raw = request.raw ?? request;
  const url = typeof raw.url === "string" ? raw.url : typeof request.url === "string" ? request.url : request.path;
  const headers = raw.headers && typeof raw.headers === "object" ? redactHeaders(raw.headers as Record<string, unknown>) : undefined;
  return { method: request.method, url: url === undefined ? undefined : redactUrl(String(url)), headers };
}
