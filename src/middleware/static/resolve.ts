import { realpath, stat } from "node:fs/promises";
import type { Stats } from "node:fs";
import { join, sep } from "node:path";

export interface Found {
  path: string;
  stats: Stats;
}

/**
 * Maps the undecoded URL path below a mount to a file or directory inside `root` (already a real path), or `null`.
 * Refused, whatever the encoding: `..` segments, backslashes, NUL, malformed escapes, and symlinks that lead out
 * of the root.
 */
export async function resolveInside(root: string, urlPath: string): Promise<Found | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes("\0") || decoded.includes("\\")) return null;
  const segments = decoded.split("/").filter((s) => s !== "" && s !== ".");
  if (segments.includes("..")) return null;
  return lookup(root, join(root, ...segments));
}

/** A path inside the root, checked again after symlinks are resolved. */
export async function lookup(root: string, candidate: string): Promise<Found | null> {
  try {
    const real = await realpath(candidate);
    if (real !== root && !real.startsWith(root.endsWith(sep) ? root : root + sep)) return null;
    return { path: real, stats: await stat(real) };
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === "ENOENT" || code === "ENOTDIR" || code === "ENAMETOOLONG" || code === "ELOOP" || code === "EACCES";
}
