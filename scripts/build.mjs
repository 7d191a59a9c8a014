// `npm run build`: src/ into dist/. esbuild bundles the JavaScript (ESM, source maps), tsc emits the declarations
// (with declaration maps), then the docs pages' assets are copied, including the standalone Swagger UI and ReDoc
// bundles, so an installed Skiff needs neither package (nor React) at run time.
//
// Why bundle: Node loads an ES module graph file by file. TypeBox alone is about 400 small modules, Skiff 200; as
// files they cost about 0.5 s of CPU at every start, as a few bundles about a tenth of that. TypeBox is bundled in
// (its schemas are plain objects tagged by string, so a user's own `typebox` import mixes with `t`); every other
// dependency stays a dependency, imported from node_modules, so npm can dedupe and patch it.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { build } from "esbuild";

const require = createRequire(import.meta.url);
const root = join(dirname(new URL(import.meta.url).pathname), "..");
const dist = join(root, "dist");

/** The files the docs pages serve from each UI package, with the licence texts that must travel with them. */
const VENDOR = {
  "swagger-ui-dist": [
    "swagger-ui.css",
    "swagger-ui-bundle.js",
    "swagger-ui-bundle.js.LICENSE.txt",
    "oauth2-redirect.js",
    "favicon-32x32.png",
    "LICENSE",
    "NOTICE",
  ],
  redoc: ["bundles/redoc.standalone.js", "bundles/redoc.standalone.js.LICENSE.txt", "LICENSE"],
};

const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const BUNDLED = new Set(["typebox"]);
const external = [...Object.keys(pkg.dependencies), ...Object.keys(pkg.peerDependencies)].filter((name) => !BUNDLED.has(name));

/**
 * The server side, in one build so every entry shares one copy of each module (chunks under dist/chunks/). Modules
 * loaded on demand (the CLI's reload and workers, the docs assets found next to their own file) are entries too, so
 * they keep their place in dist/ and their `import.meta.url`.
 */
const SERVER_ENTRIES = [
  "index.ts",
  "testing/index.ts",
  "broadcast/index.ts",
  "cli/main.ts",
  "cli/reload.ts",
  "cli/workers.ts",
  "openapi/docs-assets.ts",
  "openapi/docs-pages.ts",
  "forms/read-body.ts",
];

async function bundle() {
  rmSync(dist, { recursive: true, force: true });
  const common = {
    bundle: true,
    format: "esm",
    target: "node20",
    sourcemap: true,
    outbase: join(root, "src"),
    outdir: dist,
    logLevel: "warning",
    legalComments: "inline",
  };
  await build({
    ...common,
    entryPoints: SERVER_ENTRIES.map((entry) => join(root, "src", entry)),
    platform: "node",
    splitting: true,
    chunkNames: "chunks/[name]-[hash]",
    external,
  });
  // The typed client runs in browsers too: its own bundle, sharing no chunk with the server's.
  await build({ ...common, entryPoints: [join(root, "src/client/index.ts")], platform: "neutral", external });
}

function declarations() {
  const tsc = spawnSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", join(root, "tsconfig.build.json")], {
    stdio: "inherit",
  });
  if (tsc.status !== 0) process.exit(tsc.status ?? 1);
}

function filesUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

/**
 * esbuild writes strings, regular expressions and identifiers as ASCII, but keeps doc comments as written, and one
 * "→" in a comment makes Node decode a whole bundle as UTF-8 into a two-byte string: about 13 ms of CPU at every
 * start for the main bundle, against about 4 ms for ASCII (measured with --cpu-prof). So the comments' non-ASCII
 * characters are escaped as `\u2192` text (a comment is never evaluated, and source maps point at the same lines).
 */
function asciiOnly() {
  const comment = /^\s*(\/\/|\/\*|\*)/;
  for (const file of filesUnder(dist).filter((f) => f.endsWith(".js"))) {
    const lines = readFileSync(file, "utf8").split("\n");
    let changed = false;
    lines.forEach((line, index) => {
      if (!/[\u{80}-\u{10ffff}]/u.test(line)) return;
      // Anywhere else (a string or a regular expression), escaping it as text would change what the code does.
      if (!comment.test(line)) throw new Error(`${file}:${index + 1}: a non-ASCII character outside a comment`);
      lines[index] = line.replace(/[\u{80}-\u{10ffff}]/gu, (char) => `\\u{${char.codePointAt(0).toString(16)}}`);
      changed = true;
    });
    if (changed) writeFileSync(file, lines.join("\n"));
  }
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

await bundle();
asciiOnly();
declarations();
rewriteDeclarationSpecifiers();
copyAssets();
console.log("built dist/");
