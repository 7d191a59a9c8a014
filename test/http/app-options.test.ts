import { test } from "node:test";
import assert from "node:assert/strict";
import { App, SkiffError, SkiffOptionError } from "skiffjs";

test("a typo'd option fails at new App(), naming it and the option meant", () => {
  assert.throws(
    () => new App({ openapiVerison: "3.0.3" } as never),
    (error: unknown) =>
      error instanceof SkiffOptionError &&
      error instanceof SkiffError &&
      error.code === "SKIFF_INVALID_OPTION" &&
      error.message === 'new App(): unknown option "openapiVerison" (did you mean "openapiVersion"?).',
  );
});

test("a value of the wrong kind fails at new App(), saying what it must be", () => {
  assert.throws(() => new App({ openapiVersion: "3.2" as never }), /option "openapiVersion" must be one of "3.1.0", "3.0.3" \(got "3.2"\)/);
  assert.throws(() => new App({ docsUrl: "docs" }), /option "docsUrl" must be a path starting with "\/", or null \(got "docs"\)/);
  assert.throws(() => new App({ bodyLimit: -1 }), /option "bodyLimit" must be a positive integer \(got -1\)/);
  assert.throws(() => new App({ debug: "yes" as never }), /option "debug" must be true or false/);
});

test("valid options, null docs URLs and undefined values are accepted", () => {
  const app = new App({ title: "Shop", docsUrl: null, redocUrl: undefined, openapiVersion: "3.0.3", logLevel: "warning", bodyLimit: 1024 });
  assert.equal(app.title, "Shop");
});
