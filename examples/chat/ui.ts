// The browser UI: static files from ./public, and ./ui/app.ts bundled with esbuild (the typed `skiffjs/client`
// included) on first request. Nothing is fetched from another host.
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { APIRouter, Response, staticFiles, type Middleware } from "skiffjs";

const PUBLIC_DIR = fileURLToPath(new URL("./public", import.meta.url));
const ENTRY = fileURLToPath(new URL("./ui/app.ts", import.meta.url));

/** Serves index.html and style.css at `/`. */
export function publicFiles(): Middleware {
  return staticFiles("/", PUBLIC_DIR, { html: true });
}

async function bundle(debug: boolean): Promise<string> {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    format: "esm",
    target: "es2022",
    minify: !debug,
    sourcemap: debug ? "inline" : false,
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0]!.text;
}

/** `/app.js`, built once (lazily, so apps without a browser never pay for it). */
export function uiRouter(debug: boolean) {
  let built: Promise<string> | undefined;
  return new APIRouter().get("/app.js", { includeInSchema: false }, async () => {
    built ??= bundle(debug).catch((error) => {
      built = undefined;
      throw error;
    });
    return new Response(await built, { mediaType: "text/javascript", headers: { "cache-control": "no-cache" } });
  });
}
