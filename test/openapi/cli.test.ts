import { test } from "node:test";
import assert from "node:assert/strict";
import { runCli } from "../helpers/cli.ts";
import { app as hello } from "../../examples/hello/main.ts";
import { assertValidOpenAPI } from "./validators.ts";

test("skiff openapi prints the example's document as JSON, for client generators and CI diffs", async () => {
  const cli = runCli(["openapi", "examples/hello/main.ts:app"]);
  const { code } = await cli.exited;
  assert.equal(code, 0, cli.output());
  const printed = JSON.parse(cli.output()) as { openapi: string; paths: Record<string, any> };
  assert.deepEqual(printed, hello.openapi());
  assert.equal(printed.openapi, "3.1.0");
  assert.deepEqual(Object.keys(printed.paths), ["/", "/print", "/{name}"]);
  assert.equal(printed.paths["/{name}"].get.parameters[0].name, "name");
  await assertValidOpenAPI(printed);
});

test("skiff asyncapi prints the AsyncAPI document", async () => {
  const cli = runCli(["asyncapi", "examples/hello/main.ts:app"]);
  assert.equal((await cli.exited).code, 0, cli.output());
  assert.deepEqual(JSON.parse(cli.output()), hello.asyncapi());
});
