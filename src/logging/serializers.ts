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
};

function serializeRequest(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  const request = value as RequestLike;
  const raw = request.raw ?? request;
  const url = typeof raw.url === "string" ? raw.url : typeof request.url === "string" ? request.url : request.path;
  const headers = raw.headers && typeof raw.headers === "object" ? redactHeaders(raw.headers as Record<string, unknown>) : undefined;
  return { method: request.method, url: url === undefined ? undefined : redactUrl(String(url)), headers };
}
