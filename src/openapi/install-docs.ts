import type { App } from "../app.ts";
import type { Request } from "../http/request.ts";
import { INTERNAL_ROUTE } from "../internal/symbols.ts";
import { HTMLResponse, JSONResponse, type Response } from "../responses/response.ts";
import type { AssetServer } from "./docs-assets.ts";
import { documentServers, normalizedRootPath } from "./servers.ts";

type DocsParts = [typeof import("./docs-assets.ts"), typeof import("./docs-pages.ts")];

// The pages and their asset whitelist (which reads the UI packages' versions) load at the first docs request.
let docsParts: Promise<DocsParts> | undefined;

function loadDocsParts(): Promise<DocsParts> {
  return (docsParts ??= Promise.all([import("./docs-assets.ts"), import("./docs-pages.ts")]));
}

/** The URLs the app serves its documents and pages at; `null` where switched off. */
export interface DocsUrls {
  openapiUrl: string | null;
  asyncapiUrl: string | null;
  docsUrl: string | null;
  redocUrl: string | null;
}

/** FastAPI's defaults; `openapiUrl: null` switches both UIs off too (they would have nothing to show). */
export function docsUrls(settings: Partial<DocsUrls>): DocsUrls {
  const pick = (value: string | null | undefined, fallback: string) => (value === undefined ? fallback : value);
  const openapiUrl = pick(settings.openapiUrl, "/openapi.json");
  return {
    openapiUrl,
    asyncapiUrl: pick(settings.asyncapiUrl, "/asyncapi.json"),
    docsUrl: openapiUrl === null ? null : pick(settings.docsUrl, "/docs"),
    redocUrl: openapiUrl === null ? null : pick(settings.redocUrl, "/redoc"),
  };
}

const HIDDEN = { includeInSchema: false, [INTERNAL_ROUTE]: true };

/**
 * Registers the documents and the two UIs, each as the app's settings say. Runs before the user's routes exist, so
 * everything a response needs is computed when first requested (the documents are cached by the app).
 */
export function installDocs(app: App<any, any>): void {
  const urls = docsUrls(app.settings);
  const rootPath = normalizedRootPath(app);
  if (urls.openapiUrl) app.route(["GET"], urls.openapiUrl, HIDDEN, () => new JSONResponse(app.openapi()));
  if (urls.asyncapiUrl) app.route(["GET"], urls.asyncapiUrl, HIDDEN, () => new JSONResponse(app.asyncapi()));
  if (!urls.openapiUrl) return;
  const openapiUrl = rootPath + urls.openapiUrl;
  const asyncapiUrl = urls.asyncapiUrl ? rootPath + urls.asyncapiUrl : null;
  if (urls.docsUrl) installSwaggerUI(app, urls.docsUrl, rootPath, openapiUrl, asyncapiUrl);
  if (urls.redocUrl) installRedoc(app, urls.redocUrl, rootPath, openapiUrl);
}

/** Swagger UI at `docsUrl`, its OAuth2 redirect page beside it, its files under `<docsUrl>/assets/`. */
function installSwaggerUI(app: App<any, any>, docsUrl: string, rootPath: string, openapiUrl: string, asyncapiUrl: string | null): void {
  const base = docsUrl.replace(/\/+$/, "");
  const assetsUrl = `${rootPath}${base}/assets`;
  const oauth2RedirectUrl = `${rootPath}${base}/oauth2-redirect`;
  let page: string | undefined;
  app.route(["GET"], docsUrl, HIDDEN, async () => {
    const [{ ASSET_VERSION }, pages] = await loadDocsParts();
    page ??= pages.swaggerPage({ title: app.title, assetsUrl, openapiUrl, oauth2RedirectUrl, asyncapiUrl, assetVersion: ASSET_VERSION });
    return htmlPage(app, pages.docsContentSecurityPolicy, page);
  });
  app.route(["GET"], `${base}/oauth2-redirect`, HIDDEN, async () => {
    const [{ ASSET_VERSION }, pages] = await loadDocsParts();
    return htmlPage(app, pages.docsContentSecurityPolicy, pages.oauth2RedirectPage(assetsUrl, ASSET_VERSION));
  });
  serveAssets(app, `${base}/assets/{file}`, (parts) => new parts[0].AssetServer(parts[0].SWAGGER_ASSETS));
}

/** ReDoc at `redocUrl`, its files under `<redocUrl>/assets/`. */
function installRedoc(app: App<any, any>, redocUrl: string, rootPath: string, openapiUrl: string): void {
  const base = redocUrl.replace(/\/+$/, "");
  const assetsUrl = `${rootPath}${base}/assets`;
  let page: string | undefined;
  app.route(["GET"], redocUrl, HIDDEN, async () => {
    const [{ ASSET_VERSION }, pages] = await loadDocsParts();
    page ??= pages.redocPage({ title: app.title, assetsUrl, openapiUrl, assetVersion: ASSET_VERSION });
    return htmlPage(app, pages.docsContentSecurityPolicy, page);
  });
  serveAssets(app, `${base}/assets/{file}`, (parts) => new parts[0].AssetServer(parts[0].REDOC_ASSETS));
}

/** The files under `template`; the server (which keeps what it read) is made at the first request. */
function serveAssets(app: App<any, any>, template: string, makeServer: (parts: DocsParts) => AssetServer): void {
  let assets: AssetServer | undefined;
  app.route(["GET"], template, HIDDEN, async ({ path, request }: { path: { file: string }; request: Request }): Promise<Response> => {
    assets ??= makeServer(await loadDocsParts());
    return assets.respond(path.file, request.headers.get("accept-encoding"));
  });
}

function htmlPage(app: App<any, any>, policy: (origins: readonly string[]) => string, html: string): Response {
  return new HTMLResponse(html, { headers: { "content-security-policy": policy(serverOrigins(app)) } });
}

/** Origins of the absolute `servers`, which "Try it out" may call. */
function serverOrigins(app: App<any, any>): string[] {
  const origins = new Set<string>();
  for (const server of documentServers(app)) {
    try {
      origins.add(new URL(String(server.url)).origin);
    } catch {
      // relative: the page's own origin
    }
  }
  return [...origins];
}
