import type { App } from "../app.ts";
import type { JsonObject } from "./json.ts";

/**
 * The `servers` list: the app's `servers`, with `rootPath` first when the app is served under a prefix (as FastAPI
 * does with `root_path`), so "Try it out" calls the prefixed URL.
 */
export function documentServers(app: App<any, any>): JsonObject[] {
  const servers: JsonObject[] = (app.settings.servers ?? []).map((server) => ({ ...server }));
  const rootPath = normalizedRootPath(app);
  if (rootPath && !servers.some((server) => server.url === rootPath)) servers.unshift({ url: rootPath });
  return servers;
}

/** `rootPath` without a trailing slash (`""` when the app is served at the root). */
export function normalizedRootPath(app: App<any, any>): string {
  return (app.settings.rootPath ?? "").replace(/\/+$/, "");
}
