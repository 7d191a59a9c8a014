// `skiffjs/client` bundles alone: nothing from the server runtime (only src/client and the runtime-neutral src/util),
// no dependencies, a few kilobytes.
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { test } from "node:test";
import { build } from "esbuild";

test("the minified bundle holds only src/client (and src/util) and stays small", async (t) => {
  const result = await build({
    entryPoints: [fileURLToPath(new URL("../../src/client/index.ts", import.meta.url))],
    bundle: true,
    minify: true,
    format: "esm",
    write: false,
    metafile: true,
    platform: "neutral",
    absWorkingDir: fileURLToPath(new URL("../../", import.meta.url)),
  });
  const inputs = Object.keys(result.metafile.inputs);
  assert.deepEqual(
    inputs.filter((file) => !file.startsWith("src/client/") && !file.startsWith("src/util/")),
    [],
  );
  const code = result.outputFiles[0]!.contents;
  t.diagnostic(`${code.byteLength} bytes minified, ${gzipSync(code).byteLength} gzipped, from ${inputs.length} files`);
  assert.ok(code.byteLength < 8 * 1024, `${code.byteLength} bytes`);
});
