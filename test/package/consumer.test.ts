/**
 * Skiff as users get it: the packed tarball installed into new projects (production dependencies only), then used
 * from plain JavaScript, CommonJS, strict TypeScript under both module resolutions, the `skiff` CLI and a browser
 * bundle; publint and arethetypeswrong check the package itself.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import semver from "semver";
import { installConsumer, packTarball, REPO, type Consumer } from "./offline-install.ts";
import { track } from "../helpers/processes.ts";

const FIXTURES = join(import.meta.dirname, "fixtures");
const BIN = (name: string) => join(REPO, "node_modules/.bin", name);
const root = mkdtempSync(join(tmpdir(), "skiff-consumer-"));
let tarball: string;
let project: Consumer;

// Installs and compilers are slow on a loaded machine: generous limits, as nothing here waits on a guess.
const SLOW = { timeout: 300_000 };

before(() => {
  tarball = packTarball(root);
  project = installConsumer(join(root, "project"), tarball);
  cpSync(FIXTURES, project.dir, { recursive: true });
}, SLOW);
after(() => rmSync(root, { recursive: true, force: true }));

test("the production install stays within 30 packages and 25 MB", SLOW, () => {
  const packages = project.run("npm", ["ls", "--all", "--parseable", "--omit=dev"]).trim().split("\n").slice(1);
  const bytes = Number(project.run("du", ["-s", "--block-size=1", "--apparent-size", "node_modules"]).split("\t")[0]);
  console.log(`# production install: ${packages.length} packages, ${(bytes / 1024 / 1024).toFixed(1)} MB`);
  assert.ok(packages.length <= 30, `${packages.length} packages:\n${packages.join("\n")}`);
  assert.ok(bytes <= 25 * 1024 * 1024, `${bytes} bytes`);
  // The README and the guide's first steps quote these figures: they stay true.
  for (const page of ["README.md", "docs/tutorial/first-steps.md"]) {
    const quoted = /(\d+) packages and about (\d+) MB/.exec(readFileSync(join(REPO, page), "utf8"));
    assert.ok(quoted, `${page} quotes the install's size`);
    assert.equal(Number(quoted[1]), packages.length, `${page}: the number of packages`);
    const mb = bytes / 1024 / 1024;
    assert.ok(Math.abs(Number(quoted[2]) - mb) < 1, `${page} says about ${quoted[2]} MB, the install is ${mb.toFixed(1)} MB`);
  }
  // Engines are honest: every package installed accepts the oldest Node Skiff supports.
  const oldest = semver.minVersion(JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")).engines.node)!;
  for (const dir of packages) {
    const { name, engines } = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name: string; engines?: { node?: string } };
    if (engines?.node) assert.ok(semver.satisfies(oldest, engines.node), `${name} wants Node ${engines.node}`);
  }
  const shipped = project.run("ls", ["node_modules/skiffjs"]).trim().split("\n").sort();
  assert.deepEqual(shipped, ["CHANGELOG.md", "LICENSE", "README.md", "bin", "dist", "package.json"]);
});

test("plain JavaScript: node app.mjs serves with app.listen()", SLOW, () => {
  const out = JSON.parse(project.run("node", ["app.mjs"]));
  assert.deepEqual(out.item, [200, { item_id: 5, q: "x", limit: 10 }]);
  assert.deepEqual(out.bad, [422, ["query", "limit"]]);
  assert.deepEqual(out.missing, [404, { detail: "Item not found" }]);
});

test("CommonJS: require() loads every entry point", SLOW, () => {
  const out = JSON.parse(project.run("node", ["app.cjs"]).trim().split("\n").at(-1)!);
  assert.deepEqual(out, { status: 201, body: { name: "hammer" }, broadcast: "function", client: "function" });
});

const STRICT = {
  strict: true,
  skipLibCheck: false,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  verbatimModuleSyntax: true,
  noEmit: true,
  target: "ES2022",
  lib: ["ES2023", "DOM"],
  types: ["node"],
  typeRoots: [join(REPO, "node_modules/@types")],
};

for (const [name, resolution] of [
  ["nodenext", { module: "nodenext", moduleResolution: "nodenext" }],
  ["bundler", { module: "esnext", moduleResolution: "bundler" }],
] as const) {
  test(`strict TypeScript (${name}): no errors, inference intact`, SLOW, () => {
    const config = join(project.dir, `tsconfig.${name}.json`);
    writeFileSync(config, JSON.stringify({ compilerOptions: { ...STRICT, ...resolution }, files: ["main.ts"] }));
    project.run(BIN("tsc"), ["-p", config]);
    // The same project with a type error must fail: the check above is real.
    writeFileSync(join(project.dir, "wrong.ts"), 'import { App } from "skiffjs";\nnew App().get("/{id}", ({ path }) => path.nope);\n');
    writeFileSync(config, JSON.stringify({ compilerOptions: { ...STRICT, ...resolution }, files: ["wrong.ts"] }));
    assert.throws(() => project.run(BIN("tsc"), ["-p", config]), /Property 'nope' does not exist/);
  });
}

/** Starts `skiff run …` in the project, returns the banner's URL (or the failure output) and a stop function. */
async function skiffRun(cwd: string, target: string): Promise<{ url?: string; output: string; stop: () => Promise<void> }> {
  // Tracked: a failed assertion before `stop()` must not leave a server running (its pipes would hold the file open).
  const child = track(spawn(join(cwd, "node_modules/.bin/skiff"), ["run", target, "--port", "0"], { cwd, stdio: ["ignore", "pipe", "pipe"] }));
  let output = "";
  const url = await new Promise<string | undefined>((resolve) => {
    const onData = (chunk: Buffer) => {
      output += chunk;
      const match = /running on (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]);
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", () => resolve(undefined));
  });
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.on("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  };
  return { url, output, stop };
}

test("npx skiff run: a .js app starts without tsx; a .ts app asks for tsx, then runs with it", SLOW, async () => {
  const js = await skiffRun(project.dir, "server.js:app");
  try {
    assert.ok(js.url, js.output);
    assert.deepEqual(await (await fetch(js.url)).json(), { Hello: "World" });
  } finally {
    await js.stop();
  }
  const openapi = JSON.parse(project.run(join(project.dir, "node_modules/.bin/skiff"), ["openapi", "server.js:app"]));
  assert.match(openapi.paths["/"].get.description, /^Says hello: the doc comment becomes/);

  const withoutTsx = await skiffRun(project.dir, "main.ts:app");
  await withoutTsx.stop();
  assert.equal(withoutTsx.url, undefined, "started without tsx installed: is a tsx reachable from a parent folder of the project?");
  assert.match(withoutTsx.output, /needs the "tsx" package: npm install tsx/);

  const withTsx = installConsumer(join(root, "with-tsx"), tarball, ["tsx"]);
  cpSync(FIXTURES, withTsx.dir, { recursive: true });
  const ts = await skiffRun(withTsx.dir, "main.ts:app");
  try {
    assert.ok(ts.url, ts.output);
    assert.deepEqual(await (await fetch(`${ts.url}/items/3`)).json(), { name: "item 3", price: 1, tags: [] });
  } finally {
    await ts.stop();
  }
});

test("skiffjs/client bundles for the browser with no Node built-in, small", SLOW, async () => {
  const result = await build({
    entryPoints: [join(project.dir, "client-entry.mjs")],
    absWorkingDir: project.dir,
    bundle: true,
    minify: true,
    platform: "browser",
    format: "esm",
    write: false,
    metafile: true,
  });
  const inputs = Object.keys(result.metafile.inputs);
  assert.ok(
    inputs.every((input) => !input.startsWith("node:")),
    inputs.join("\n"),
  );
  assert.ok(
    inputs.some((input) => input.includes("skiffjs/dist/client/")),
    inputs.join("\n"),
  );
  const gzipped = gzipSync(result.outputFiles[0]!.contents).length;
  console.log(`# skiffjs/client, minified and gzipped: ${(gzipped / 1024).toFixed(2)} KB`);
  assert.ok(gzipped <= 5 * 1024, `${gzipped} bytes`);
});

test("publint and arethetypeswrong find no problem", SLOW, () => {
  const lint = project.run(BIN("publint"), ["run", REPO, "--strict"]);
  assert.match(lint, /All good!/, lint);
  // ESM only: CommonJS users load it through require(esm), which TypeScript's node16 CJS mode does not model.
  const types = project.run(BIN("attw"), [tarball, "--profile", "esm-only", "--format", "ascii"]); // exits non-zero on a problem
  assert.match(types, /"skiffjs\/client"\s+node16 \(from ESM\): 🟢/, types);
});

test("the tarball carries the docs UIs' licences and no source, tests or tooling", SLOW, () => {
  const listing = project.run("tar", ["-tzf", tarball]).split("\n");
  for (const file of [
    "package/dist/openapi/vendor/redoc/LICENSE",
    "package/dist/openapi/vendor/swagger-ui-dist/LICENSE",
    "package/dist/index.d.ts",
  ]) {
    assert.ok(listing.includes(file), file);
  }
  assert.deepEqual(
    listing.filter((f) => /^package\/(src|test|bench|scripts|\.ci|examples)\//.test(f)),
    [],
  );
  assert.equal(JSON.parse(readFileSync(join(project.dir, "node_modules/skiffjs/package.json"), "utf8")).name, "skiffjs");
});
