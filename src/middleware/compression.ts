import { isBodyless } from "../responses/write.ts";
import type { Response } from "../responses/response.ts";
import type { Middleware } from "./compose.ts";
import { negotiateEncoding } from "./accept-encoding.ts";
import { compressBody, compressStream, type EncoderSettings, type Encoding } from "./encoders.ts";
import { addVary } from "./vary.ts";

/**
 * Options of `compression()`, `gzip()` and `brotli()`.
 */
export interface CompressionOptions {
  /** Codings offered, preferred first when the client weighs them equally. Default `["br", "gzip"]`. */
  encodings?: readonly Encoding[];
  /** Bodies smaller than this many bytes are sent as they are. Default 500. */
  minimumSize?: number;
  /** gzip level, 1 (fast) to 9 (small). Default 6. */
  compressLevel?: number;
  /** Brotli quality, 0 to 11. Default 4. */
  brotliQuality?: number;
  /** Content types (prefixes) never compressed. Default `["text/event-stream"]`. */
  excludedContentTypes?: readonly string[];
}

/**
 * Compresses responses with brotli or gzip, as the client's `Accept-Encoding` allows (Starlette's `GZipMiddleware`,
 * extended to brotli). Small bodies, `text/event-stream`, already-encoded and partial (206) responses pass untouched;
 * streamed bodies are compressed chunk by chunk and lose their `content-length`.
 * @example app.use(compression({ minimumSize: 1000 }))
 */
export function compression(options: CompressionOptions = {}): Middleware {
  const encodings = options.encodings ?? ["br", "gzip"];
  const minimumSize = options.minimumSize ?? 500;
  const excluded = options.excludedContentTypes ?? ["text/event-stream"];
  // 6 and 4, not the maxima: the last few percent of size cost several times the CPU on every dynamic response.
  const settings: EncoderSettings = { gzipLevel: options.compressLevel ?? 6, brotliQuality: options.brotliQuality ?? 4 };

  return async (request, next) => {
    const response = await next(request);
    if (!isCandidate(response, excluded)) return response;
    const { body } = response;
    const whole = typeof body === "string" || body instanceof Uint8Array;
    const size = whole ? byteLength(body) : Number(response.headers.get("content-length") ?? Number.NaN);
    if (size < minimumSize) return response;
    addVary(response.headers, "Accept-Encoding");
    const encoding = negotiateEncoding(request.headers.get("accept-encoding"), encodings);
    if (encoding === null) return response;
    if (whole) {
      response.body = await compressBody(encoding, body, settings);
    } else if (request.method !== "HEAD") {
      response.body = compressStream(encoding, body as AsyncIterable<string | Uint8Array>, settings);
    }
    response.headers.set("content-encoding", encoding);
    response.headers.delete("content-length");
    weakenEtag(response);
    return response;
  };
}

/**
 * gzip only (Starlette's `GZipMiddleware`).
 * @example app.use(gzip({ minimumSize: 500, compressLevel: 9 }))
 */
export function gzip(options: Omit<CompressionOptions, "encodings" | "brotliQuality"> = {}): Middleware {
  return compression({ ...options, encodings: ["gzip"] });
}

/**
 * Brotli only.
 * @example app.use(brotli({ brotliQuality: 5 }))
 */
export function brotli(options: Omit<CompressionOptions, "encodings" | "compressLevel"> = {}): Middleware {
  return compression({ ...options, encodings: ["br"] });
}

function isCandidate(response: Response, excluded: readonly string[]): boolean {
  if (response.body === null || isBodyless(response.status) || response.status === 206) return false;
  const headers = response.headers;
  if (headers.has("content-encoding") || headers.has("content-range")) return false;
  if (/\bno-transform\b/i.test(headers.get("cache-control") ?? "")) return false;
  const type = headers.get("content-type") ?? "";
  return !excluded.some((prefix) => type.startsWith(prefix));
}

function byteLength(body: string | Uint8Array): number {
  return typeof body === "string" ? Buffer.byteLength(body) : body.byteLength;
}

// A strong ETag names the identity bytes; the compressed bytes differ, so it may only claim weak equivalence.
function weakenEtag(response: Response): void {
  const etag = response.headers.get("etag");
  if (etag && !etag.startsWith("W/")) response.headers.set("etag", `W/${etag}`);
}
