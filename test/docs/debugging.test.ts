// docs/tutorial/debugging.md: tracebacks in 500s follow SERVICE_NAME, as the page says.
import { test } from "node:test";
import assert from "node:assert/strict";
import { TestClient } from "skiffjs/testing";

/** A fresh copy of the sample, imported with SERVICE_NAME set (the query string makes it a new module). */
async function sampleWith(serviceName: string) {
  process.env.SERVICE_NAME = serviceName;
  try {
    return (await import(`../../docs/samples/debugging/main.ts?service=${serviceName}`))
      .app as typeof import("../../docs/samples/debugging/main.ts").app;
  } finally {
    delete process.env.SERVICE_NAME;
  }
}

test("debugging: a dev service shows the traceback, a production one does not", async () => {
  await using dev = new TestClient(await sampleWith("shop-dev"));
  assert.deepEqual((await dev.get("/")).json(), { answer: 42 });
  const traced = await dev.get("/broken");
  assert.equal(traced.status, 500);
  assert.match(traced.text, /^TypeError: Cannot read properties of undefined \(reading 'length'\)\n\s+at /);
  assert.match(traced.text, /docs\/samples\/debugging\/main\.ts/);

  await using prod = new TestClient(await sampleWith("shop"));
  const hidden = await prod.get("/broken");
  assert.equal(hidden.status, 500);
  assert.equal(hidden.text, "Internal Server Error");
  await using devoted = new TestClient(await sampleWith("devoted-shop")); // "dev" must be a whole segment
  assert.equal((await devoted.get("/broken")).text, "Internal Server Error");
});
