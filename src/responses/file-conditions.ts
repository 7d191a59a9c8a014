import type { Stats } from "node:fs";
import type { RequestHeaders } from "../http/request-headers.ts";

/** A weak validator from size and mtime: cheap, and honest that it does not hash the bytes. */
export function weakEtag(stats: Stats): string {
  return `W/"${stats.size.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}"`;
}

/** RFC 9110 §13.1: `If-None-Match` (weak comparison) decides when present, else `If-Modified-Since`. */
export function isNotModified(headers: RequestHeaders, etag: string, mtime: Date): boolean {
  const ifNoneMatch = headers.get("if-none-match");
  if (ifNoneMatch !== null) {
    const ours = opaque(etag);
    return ifNoneMatch.split(",").some((tag) => tag.trim() === "*" || opaque(tag.trim()) === ours);
  }
  const since = Date.parse(headers.get("if-modified-since") ?? "");
  return !Number.isNaN(since) && seconds(mtime.getTime()) <= seconds(since);
}

export type ByteRange = { start: number; end: number } | "unsatisfiable" | undefined;

/**
 * The single byte range a request asks for (`bytes=a-b`, `bytes=a-`, `bytes=-n`), clamped to the file; undefined
 * when the whole file should be sent: no Range, a malformed or multi-range one (which RFC 9110 lets a server
 * ignore), or an `If-Range` that no longer matches.
 */
export function requestedRange(headers: RequestHeaders, size: number, etag: string, mtime: Date): ByteRange {
  const header = headers.get("range");
  if (header === null || size === 0 || !ifRangeHolds(headers.get("if-range"), etag, mtime)) return undefined;
  const match = /^bytes=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!match || (match[1] === "" && match[2] === "")) return undefined;
  if (match[1] === "") {
    const suffix = Number(match[2]);
    return suffix === 0 ? "unsatisfiable" : { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === "" ? Infinity : Number(match[2]);
  if (end < start) return undefined;
  if (start >= size) return "unsatisfiable";
  return { start, end: Math.min(end, size - 1) };
}

// If-Range needs a strong match: a weak etag never satisfies it, a date must equal last-modified exactly.
function ifRangeHolds(ifRange: string | null, etag: string, mtime: Date): boolean {
  if (ifRange === null) return true;
  const value = ifRange.trim();
  if (value.startsWith('"') || value.startsWith("W/")) return !etag.startsWith("W/") && value === etag;
  const date = Date.parse(value);
  return !Number.isNaN(date) && seconds(date) === seconds(mtime.getTime());
}

function opaque(tag: string): string {
  return tag.startsWith("W/") ? tag.slice(2) : tag;
}

function seconds(ms: number): number {
  return Math.floor(ms / 1000);
}
