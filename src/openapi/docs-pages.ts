/**
 * The HTML of the docs pages. They carry no inline script (their settings travel as a JSON data block read by
 * Skiff's own small scripts), so the Content-Security-Policy below can forbid every other host outright.
 */

export interface SwaggerPageSettings {
  title: string;
  /** Where the page's files are served (`/docs/assets`), with `rootPath`. */
  assetsUrl: string;
  openapiUrl: string;
  oauth2RedirectUrl: string;
  /** Lists the WebSocket channels below Swagger UI when set. */
  asyncapiUrl: string | null;
  assetVersion: string;
}

export interface RedocPageSettings {
  title: string;
  assetsUrl: string;
  openapiUrl: string;
  assetVersion: string;
}

export function swaggerPage(settings: SwaggerPageSettings): string {
  const asset = assetLink(settings.assetsUrl, settings.assetVersion);
  const { asyncapiUrl } = settings;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(settings.title)} - Swagger UI</title>
<link rel="stylesheet" href="${asset("swagger-ui.css")}">
${asyncapiUrl ? `<link rel="stylesheet" href="${asset("skiff-websockets.css")}">\n` : ""}<link rel="icon" type="image/png" href="${asset("favicon-32x32.png")}">
</head>
<body>
<div id="swagger-ui"></div>
${asyncapiUrl ? `<section id="skiff-websockets" class="skiff-ws" hidden></section>\n` : ""}${configBlock({ openapiUrl: settings.openapiUrl, oauth2RedirectUrl: settings.oauth2RedirectUrl, asyncapiUrl })}
<script src="${asset("swagger-ui-bundle.js")}"></script>
<script src="${asset("skiff-swagger.js")}"></script>
${asyncapiUrl ? `<script src="${asset("skiff-websockets.js")}"></script>\n` : ""}</body>
</html>
`;
}

export function redocPage(settings: RedocPageSettings): string {
  const asset = assetLink(settings.assetsUrl, settings.assetVersion);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(settings.title)} - ReDoc</title>
<link rel="icon" type="image/png" href="${asset("favicon-32x32.png")}">
<style>body { margin: 0; padding: 0; }</style>
</head>
<body>
<noscript>ReDoc requires Javascript to function. Please enable it to browse the documentation.</noscript>
<div id="redoc-container"></div>
${configBlock({ openapiUrl: settings.openapiUrl })}
<script src="${asset("redoc.standalone.js")}"></script>
<script src="${asset("skiff-redoc.js")}"></script>
</body>
</html>
`;
}

/** The page Swagger UI's OAuth2 flows return to; Swagger's own script finishes the login. */
export function oauth2RedirectPage(assetsUrl: string, assetVersion: string): string {
  return `<!DOCTYPE html>
<html lang="en-US">
<head><title>Swagger UI: OAuth2 Redirect</title></head>
<body>
<script src="${assetLink(assetsUrl, assetVersion)("oauth2-redirect.js")}"></script>
</body>
</html>
`;
}

/**
 * Scripts, styles, fonts and images from this origin only. Requests ("Try it out") may go to this origin and to the
 * absolute `servers` the document lists. Inline styles are allowed: both UIs set them from script.
 */
export function docsContentSecurityPolicy(serverOrigins: readonly string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "worker-src 'self' blob:",
    ["connect-src 'self'", ...serverOrigins].join(" "),
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'self'",
  ].join("; ");
}

function assetLink(assetsUrl: string, version: string): (file: string) => string {
  return (file) => escapeHtml(`${assetsUrl}/${file}?v=${encodeURIComponent(version)}`);
}

/** The page's settings as JSON in a non-executed script element; `<` is escaped so no value can close it. */
function configBlock(config: Record<string, unknown>): string {
  const json = JSON.stringify(config).replace(/</g, "\\u003c");
  return `<script type="application/json" id="skiff-docs-config">${json}</script>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
