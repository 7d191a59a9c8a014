import { type Stats, realpathSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { HTTPException } from "../http/exceptions.ts";
import type { Request } from "../http/request.ts";
import { RedirectResponse, type Response } from "../responses/response.ts";
import type { Middleware } from "./compose.ts";
import { FileResponse } from "../responses/file.ts";
import { lookup, resolveInside } from "./static/resolve.ts";

/**
 * Options of `staticFiles(mountPath, directory, options)`.
 */
export interface StaticFilesOptions {
  /** Serve `index.html` for directories and `404.html` for misses (a static site). Default false. */
  html?: boolean;
}

/**
 * Serves the files under `directory` at `mountPath` (FastAPI's `app.mount("/static", StaticFiles(directory=…))`).
 * GET and HEAD only; served as `FileResponse`s: content type from the extension, `etag`/`last-modified` with 304s,
 * ranges. No request can reach
 * outside the directory — not with `..`, `%2e%2e`, backslashes, NUL or a symlink pointing out: those are 404s.
 * Mounted at "/", requests that match no file go on to the routes.
 * @example app.use(staticFiles("/static", "./public"), staticFiles("/", "./site", { html: true }))
 */
export function staticFiles(mountPath: string, directory: string, options: StaticFilesOptions = {}): Middleware {
  const mount = mountPath.replace(/\/+$/, "");
  if (mount !== "" && !mount.startsWith("/")) throw new TypeError(`staticFiles mount path must start with "/" (got ${JSON.stringify(mountPath)}).`);
  const root = realRoot(directory);
  const html = options.html ?? false;
  // Mounted at "/", the files share the URL space with the routes: what is not a file belongs to them.
  const fallthrough = mount === "";

  return async (request, next) => {
    const path = request.path;
    if (path !== mount && !path.startsWith(`${mount}/`)) return next(request);
    if (request.method !== "GET" && request.method !== "HEAD") {
      if (fallthrough) return next(request);
      return request.app.renderError(new HTTPException(405, "Method Not Allowed", { allow: "GET, HEAD" }), request);
    }
    const rest = path.slice(mount.length);
    const found = await resolveInside(root, rest);
    if (found?.stats.isFile()) return new FileResponse(found.path);
    if (found?.stats.isDirectory() && html) {
      const index = await lookup(root, join(found.path, "index.html"));
      if (index?.stats.isFile()) {
        if (!path.endsWith("/")) return redirectToSlash(request);
        return new FileResponse(index.path);
      }
    }
    const missed = fallthrough ? await next(request) : null;
    if (missed !== null && missed.status !== 404) return missed;
    if (html) {
      const page = await lookup(root, join(root, "404.html"));
      if (page?.stats.isFile()) return new FileResponse(page.path, { status: 404 });
    }
    return missed ?? request.app.renderError(new HTTPException(404, "Not Found"), request);
  };
}

function realRoot(directory: string): string {
  const absolute = resolve(directory);
  let stats: Stats;
  try {
    stats = statSync(absolute);
  } catch {
    throw new Error(`staticFiles directory "${directory}" does not exist (resolved to ${absolute}).`);
  }
  if (!stats.isDirectory()) throw new Error(`staticFiles directory "${directory}" is not a directory.`);
  return realpathSync(absolute);
}

function redirectToSlash(request: Request): Response {
  const raw = request.head.target;
  const q = raw.indexOf("?");
  return new RedirectResponse(`${request.path}/${q === -1 ? "" : raw.slice(q)}`);
}
