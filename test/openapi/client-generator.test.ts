// An independent generator (openapi-typescript-codegen) turns Skiff's document into a TypeScript client, and that
// client — with code using it — type-checks. (openapi-typescript itself needs the TypeScript 5 JS API, which the
// TypeScript 7 compiler this project uses does not ship.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { generate } from "openapi-typescript-codegen";
import { REPO_ROOT } from "../helpers/cli.ts";
import { buildShopApp } from "./shop-app.ts";

test("a client generated from the OpenAPI document type-checks", async () => {
  const dir = mkdtempSync(join(REPO_ROOT, "test", ".tmp-codegen-"));
  try {
    const app = buildShopApp();
    await generate({ input: app.openapi() as never, output: join(dir, "client"), httpClient: "fetch", useOptions: true });
    writeFileSync(
      join(dir, "use.ts"),
      `import { DefaultService, ItemsService } from "./client/index";\nexport const services = [DefaultService, ItemsService];\n`,
    );
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          module: "ESNext",
          moduleResolution: "Bundler",
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          lib: ["ES2023", "DOM"],
          types: [],
        },
        include: ["**/*.ts"],
      }),
    );
    const tsc = spawnSync(process.execPath, [join(REPO_ROOT, "node_modules/typescript/bin/tsc"), "-p", join(dir, "tsconfig.json")], {
      encoding: "utf8",
      timeout: 300_000,
    });
    assert.equal(tsc.status, 0, tsc.stdout + tsc.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
