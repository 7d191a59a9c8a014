import { createReadStream, type Stats } from "node:fs";
import type { Request } from "../../http/request.ts";
import { Response } from "../../responses/response.ts";
import { mediaTypeOf } from "./mime.ts";

/**
 * A file as a response: type from its extension, `content-length`, `etag`, `last-modified`, and 304 when the
 * client's copy is current. The file is opened only when the body is read (a HEAD or 304 never opens it).
 */
export function fileResponse(request: Request, path: string, stats: Stats, status = 200): Response {
  const etag = `"${stats.size.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}"`;
  const lastModified = stats.mtime.toUTCString();
  if (status === 200 && isNotModified(request, etag, stats.mtime)) {
    return new Response(null, { status: 304, headers: { etag, "last-modified": lastModified } });
  }
  const response = new Response(readFile(path, stats.size), { status, mediaType: mediaTypeOf(path) });
  response.headers.set("content-length", String(stats.size));
  response.headers.set("etag", etag);
  response.headers.set("last-modified", lastModified);
  return response;
}

/** RFC 9110 §13.1: `If-None-Match` (weak comparison) decides when present, else `If-Modified-Since`. */
function isNotModified(request: Request, etag: string, mtime: Date): boolean {
  const ifNoneMatch = request.headers.get("if-none-match");
  if (ifNoneMatch !== null) {
    return ifNoneMatch.split(",").some((tag) => {
      const trimmed = tag.trim();
      return trimmed === "*" || trimmed.replace(/^W\//, "") === etag;
    });
  }
  const ifModifiedSince = request.headers.get("if-modified-since");
  if (ifModifiedSince === null) return false;
  const since = Date.parse(ifModifiedSince);
  return !Number.isNaN(since) && Math.floor(mtime.getTime() / 1000) <= Math.floor(since / 1000);
}

// Capped at the size that was announced: a file growing while it is sent must not overrun content-length.
async function* readFile(path: string, size: number): AsyncGenerator<Buffer> {
  if (size === 0) return;
  yield* createReadStream(path, { start: 0, end: size - 1 });
}
