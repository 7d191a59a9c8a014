import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { HTTPException } from "../http/exceptions.ts";
import { Response } from "../responses/response.ts";

const require = createRequire(import.meta.url);

interface AssetFile {
  /** Absolute path, resolved on first use. */
  path: () => string;
  mediaType: string;
  /** A change to the file's text before it is served (once, then kept). */
  rewrite?: (text: string) => string;
}

/**
 * Where a UI package's files are: the copy the build puts beside this module in dist/ (so users install neither
 * package), or, running from source in the repo, the package itself (a devDependency).
 */
function vendorDir(pkg: string): string {
  const copied = fileURLToPath(new URL(`./vendor/${pkg}/`, import.meta.url));
  return existsSync(copied) ? copied : dirname(require.resolve(`${pkg}/package.json`));
}

function fromPackage(pkg: string, file: string, mediaType: string, rewrite?: AssetFile["rewrite"]): AssetFile {
  return { path: () => join(vendorDir(pkg), file), mediaType, rewrite };
}

/**
 * ReDoc's sidebar footer always shows an image from Redocly's CDN; the only request the bundle makes to another
 * host. An empty data URL fails to decode, and ReDoc then hides the image (its `onError`).
 */
export function withoutRedoclyLogo(text: string): string {
  return text.replaceAll("https://cdn.redoc.ly/redoc/logo-mini.svg", "data:,");
}

function ownAsset(file: string, mediaType: string): AssetFile {
  return { path: () => fileURLToPath(new URL(`./assets/${file}`, import.meta.url)), mediaType };
}

const JS = "text/javascript; charset=utf-8";
const CSS = "text/css; charset=utf-8";
const PNG = "image/png";

/** Every file the Swagger UI page may load: nothing else is served from its assets folder. */
export const SWAGGER_ASSETS: Readonly<Record<string, AssetFile>> = {
  "swagger-ui.css": fromPackage("swagger-ui-dist", "swagger-ui.css", CSS),
  "swagger-ui-bundle.js": fromPackage("swagger-ui-dist", "swagger-ui-bundle.js", JS),
  "oauth2-redirect.js": fromPackage("swagger-ui-dist", "oauth2-redirect.js", JS),
  "favicon-32x32.png": fromPackage("swagger-ui-dist", "favicon-32x32.png", PNG),
  "skiff-swagger.js": ownAsset("swagger-init.js", JS),
  "skiff-websockets.js": ownAsset("websocket-channels.js", JS),
  "skiff-websockets.css": ownAsset("websocket-channels.css", CSS),
};

/** Every file the ReDoc page may load. */
export const REDOC_ASSETS: Readonly<Record<string, AssetFile>> = {
  "redoc.standalone.js": fromPackage("redoc", "bundles/redoc.standalone.js", JS, withoutRedoclyLogo),
  "favicon-32x32.png": fromPackage("swagger-ui-dist", "favicon-32x32.png", PNG),
  "skiff-redoc.js": ownAsset("redoc-init.js", JS),
};

/** The installed UI versions: part of each asset URL, so browsers may cache assets for good. */
export const ASSET_VERSION = [readVersion("swagger-ui-dist"), readVersion("redoc"), readVersion("skiffjs", "../../package.json")].join("-");

function readVersion(pkg: string, relative?: string): string {
  try {
    const path = relative ? fileURLToPath(new URL(relative, import.meta.url)) : join(vendorDir(pkg), "package.json");
    return String((JSON.parse(readFileSync(path, "utf8")) as { version?: string }).version ?? "0");
  } catch {
    return "0";
  }
}

interface LoadedAsset {
  body: Buffer;
  gzipped?: Buffer;
}

/**
 * Serves whitelisted files, each read from disk once and kept (gzipped too, when the client takes gzip: the two
 * bundles are over a megabyte each). A name outside the whitelist is a 404, so no path can reach other files.
 * @throws HTTPException 404 for any other name.
 */
export class AssetServer {
  private readonly loaded = new Map<AssetFile, LoadedAsset>();

  constructor(private readonly files: Readonly<Record<string, AssetFile>>) {}

  respond(name: string, acceptEncoding: string | null): Response {
    const file = Object.hasOwn(this.files, name) ? this.files[name] : undefined;
    if (!file) throw new HTTPException(404, "Not Found");
    const asset = this.load(file);
    const headers: Record<string, string> = {
      "cache-control": "public, max-age=31536000, immutable",
      "x-content-type-options": "nosniff",
      vary: "accept-encoding",
    };
    const compressible = file.mediaType !== PNG;
    if (compressible && acceptsGzip(acceptEncoding)) {
      asset.gzipped ??= gzipSync(asset.body);
      return new Response(asset.gzipped, { mediaType: file.mediaType, headers: { ...headers, "content-encoding": "gzip" } });
    }
    return new Response(asset.body, { mediaType: file.mediaType, headers });
  }

  private load(file: AssetFile): LoadedAsset {
    let asset = this.loaded.get(file);
    if (!asset) {
      const bytes = readFileSync(file.path());
      asset = { body: file.rewrite ? Buffer.from(file.rewrite(bytes.toString("utf8"))) : bytes };
      this.loaded.set(file, asset);
    }
    return asset;
  }
}

function acceptsGzip(header: string | null): boolean {
  if (!header) return false;
  return header.split(",").some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(";");
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    return (coding === "gzip" || coding === "*") && (q === undefined || Number(q.slice(2)) > 0);
  });
}
