// Declarations of a user's app: `tsc --declaration` on a module exporting `app` writes a clean .d.ts (every type
// `typeof app` names is exported from skiffjs), and a separate package compiles its typed client against that .d.ts
// and Skiff's own declarations with `skipLibCheck: false`, under NodeNext and bundler resolution alike.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { createWorkspace, projectOptions, tscBin, type Workspace } from "../../bench/types/workspace.ts";

const read = (name: string) => readFileSync(new URL(name, import.meta.url), "utf8");
const bundler = { module: "ESNext", moduleResolution: "bundler" };

/** `error TS…` lines of a tsc run on the project. */
function compile(project: string): string[] {
  const run = spawnSync(process.execPath, [tscBin, "-p", join(project, "tsconfig.json"), "--singleThreaded"], { encoding: "utf8", timeout: 300_000 });
  return `${run.stdout}${run.stderr}`.split("\n").filter((line) => /error TS\d+/.test(line));
}

let workspace: Workspace;
before(() => {
  workspace = createWorkspace();
});
after(() => workspace?.dispose());

/** Compiles declarations/server.ts with declaration emit; returns the errors and the emitted server.d.ts. */
function emitServer(name: string, options: Record<string, unknown> = {}): { errors: string[]; declarations: string } {
  const project = workspace.project(
    name,
    { "server.ts": read("./declarations/server.ts") },
    {
      noEmit: false,
      declaration: true,
      emitDeclarationOnly: true,
      allowImportingTsExtensions: false,
      outDir: "out",
      ...options,
    },
  );
  const errors = compile(project);
  return { errors, declarations: errors.length === 0 ? readFileSync(join(project, "out/server.d.ts"), "utf8") : "" };
}

/** A client package holding only the server's .d.ts and declarations/consumer.ts, checked with skipLibCheck off. */
function compileConsumer(name: string, serverDeclarations: string, options: Record<string, unknown> = {}): string[] {
  const project = workspace.project(name, { "helpers.ts": read("./helpers.ts") });
  mkdirSync(join(project, "declarations"));
  writeFileSync(join(project, "declarations/server.d.ts"), serverDeclarations);
  writeFileSync(join(project, "declarations/consumer.ts"), read("./declarations/consumer.ts"));
  writeFileSync(
    join(project, "tsconfig.json"),
    JSON.stringify({
      // TypeScript's own lib files are not what this checks.
      compilerOptions: { ...projectOptions, skipLibCheck: false, skipDefaultLibCheck: true, ...options },
      files: ["declarations/consumer.ts", "declarations/server.d.ts"],
    }),
  );
  return compile(project);
}

let serverDeclarations = "";

test("tsc --declaration on a user's app writes its type with names skiffjs exports", () => {
  const { errors, declarations } = emitServer("server-node");
  assert.deepEqual(errors, []);
  assert.match(declarations, /export declare const app: App<import\("skiffjs"\)\.MakeHttpRoute<"get", "\/basic"/);
  assert.doesNotMatch(declarations, /skiffjs\/dist|\/src\//, "types are named through the package's entry, never a file inside it");
  serverDeclarations = declarations;
});

test("a client package compiles against the emitted declarations with skipLibCheck off (NodeNext)", () => {
  assert.ok(serverDeclarations, "needs the declarations of the test above");
  assert.deepEqual(compileConsumer("consumer-node", serverDeclarations), []);
});

test("moduleResolution bundler: the server emits and the client package compiles, skipLibCheck off", () => {
  const { errors, declarations } = emitServer("server-bundler", bundler);
  assert.deepEqual(errors, []);
  assert.deepEqual(compileConsumer("consumer-bundler", declarations, bundler), []);
});
