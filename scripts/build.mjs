// `npm run build`: compiles src/ into dist/ (ESM, declarations, maps), then copies the docs pages' assets, including
// the standalone Swagger UI and ReDoc bundles, so an installed Skiff needs neither package (nor React) at run time.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
const root = join(dirname(new URL(import.meta.url).pathname), "..");
const dist = join(root, "dist");

/** The files the docs pages serve from each UI package, with the licence texts that must travel with them. */
const VENDOR = {
  "swagger-ui-dist": ["swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-bundle.js.LICENSE.txt", "oauth2-redirect.js", "favicon-32x32.png", "LICENSE", "NOTICE"],
  redoc: ["bundles/redoc.standalone.js", "bundles/redoc.standalone.js.LICENSE.txt", "LICENSE"],
};

function compile() {
  rmSync(dist, { recursive: true, force: true });
  const tsc = spawnSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", join(root, "tsconfig.build.json")], { stdio: "inherit" });
  if (tsc.status !== 0) process.exit(tsc.status ?? 1);
}

function filesUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

// tsc rewrites `.ts` specifiers in the JavaScript it emits but keeps them in declarations; consumers need `.js`.
function rewriteDeclarationSpecifiers() {
  const relativeTs = /((?:from|import)\s*\(?\s*["'])(\.{1,2}\/[^"']+)\.ts(["'])/g;
  for (const file of filesUnder(dist).filter((f) => f.endsWith(".d.ts"))) {
    const text = readFileSync(file, "utf8");
    const rewritten = text.replace(relativeTs, "$1$2.js$3");
    if (rewritten !== text) writeFileSync(file, rewritten);
  }
}

function copyAssets() {
  cpSync(join(root, "src/openapi/assets"), join(dist, "openapi/assets"), { recursive: true });
  for (const [pkg, files] of Object.entries(VENDOR)) {
    const from = dirname(require.resolve(`${pkg}/package.json`));
    const to = join(dist, "openapi/vendor", pkg);
    mkdirSync(to, { recursive: true });
    for (const file of files) cpSync(join(from, file), join(to, file));
    const { name, version, license } = JSON.parse(readFileSync(join(from, "package.json"), "utf8"));
    writeFileSync(join(to, "package.json"), `${JSON.stringify({ name, version, license }, null, 2)}\n`);
  }
}

compile();
rewriteDeclarationSpecifiers();
copyAssets();
console.log("built dist/");
