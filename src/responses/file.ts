import { createReadStream, type Stats } from "node:fs";
import { stat } from "node:fs/promises";
import type { Request } from "../http/request.ts";
import { Response } from "./response.ts";
import { mediaTypeFor } from "./media-types.ts";
import { isNotModified, requestedRange, weakEtag } from "./file-conditions.ts";

/**
 * Options of `new FileResponse(path, options)`.
 */
export interface FileResponseOptions {
  /** Offered as the download name: `content-disposition: attachment; filename=…` (RFC 5987 when not ASCII). */
  filename?: string;
  /** `attachment` (default) asks the browser to download; `inline` to display. Sent only with `filename`. */
  disposition?: "attachment" | "inline";
  /** Default: guessed from the extension of `filename`, else of the path. */
  mediaType?: string;
  headers?: Record<string, string | string[]>;
  status?: number;
}

/**
 * Streams a file from disk (Starlette's `FileResponse`) with `content-length`, `last-modified`, a weak `etag`,
 * `304` for a matching `If-None-Match`/`If-Modified-Since`, a single `Range` (`206`, or `416` when unsatisfiable)
 * and HEAD without opening the file. A missing file is a server error (500, logged), as in Starlette: check first
 * when the path comes from the client.
 * @example
 * app.get("/report", () => new FileResponse("./out/report.pdf", { filename: "Q3 report.pdf" }));
 */
export class FileResponse extends Response {
  readonly path: string;

  constructor(path: string, options: FileResponseOptions = {}) {
    super(null, { status: options.status, headers: options.headers, mediaType: options.mediaType ?? mediaTypeFor(options.filename ?? path) });
    this.path = path;
    // Streams the whole file should the response be written without being prepared.
    this.body = readFile(path, 0, Infinity);
    if (options.filename !== undefined && !this.headers.has("content-disposition")) {
      this.headers.set("content-disposition", contentDisposition(options.disposition ?? "attachment", options.filename));
    }
  }

  /** Stats the file and answers the request's conditions and range. Called by Skiff before the head is written. */
  async prepare(request: Request): Promise<void> {
    const stats = await statFile(this.path);
    // A middleware that re-encoded the body (compression) owns the length; ranges no longer apply to it.
    if (this.headers.has("content-encoding")) return;
    const etag = this.headers.get("etag") ?? weakEtag(stats);
    this.headers.set("etag", etag);
    if (!this.headers.has("last-modified")) this.headers.set("last-modified", stats.mtime.toUTCString());
    this.headers.set("accept-ranges", "bytes");
    const conditional = this.status === 200 && (request.method === "GET" || request.method === "HEAD");
    if (conditional && isNotModified(request.headers, etag, stats.mtime)) {
      this.status = 304;
      this.body = null;
      return;
    }
    const range = conditional ? requestedRange(request.headers, stats.size, etag, stats.mtime) : undefined;
    if (range === "unsatisfiable") {
      this.status = 416;
      this.body = null;
      this.headers.set("content-range", `bytes */${stats.size}`);
      this.headers.delete("content-type");
      this.headers.delete("content-disposition");
      return;
    }
    const { start, end } = range ?? { start: 0, end: stats.size - 1 };
    if (range) {
      this.status = 206;
      this.headers.set("content-range", `bytes ${start}-${end}/${stats.size}`);
    }
    this.headers.set("content-length", String(end - start + 1));
    this.body = stats.size === 0 ? new Uint8Array(0) : readFile(this.path, start, end);
  }
}

async function statFile(path: string): Promise<Stats> {
  let stats: Stats;
  try {
    stats = await stat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new Error(`FileResponse: no file at ${JSON.stringify(path)}`);
    throw error;
  }
  if (!stats.isFile()) throw new Error(`FileResponse: ${JSON.stringify(path)} is not a regular file`);
  return stats;
}

// Opened on the first read, so a HEAD, a 304 or an abandoned response never holds a descriptor. Capped at the
// announced end: a file growing while it is sent must not overrun content-length.
async function* readFile(path: string, start: number, end: number): AsyncGenerator<Buffer> {
  yield* createReadStream(path, { start, end: end === Infinity ? undefined : end });
}

/** RFC 6266: an ASCII `filename` for every client, plus RFC 5987 `filename*` when the name is not plain ASCII. */
export function contentDisposition(type: "attachment" | "inline", filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "\\$&");
  if (!/[^\x20-\x7e]/.test(filename)) return `${type}; filename="${ascii}"`;
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
