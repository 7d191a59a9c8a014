// docs/tutorial/metadata.md and static-files.md: each sample answers what its page shows.
import { test } from "node:test";
import assert from "node:assert/strict";
import { TestClient } from "skiffjs/testing";
import { app as metadata } from "../../docs/samples/metadata/main.ts";
import { app as statics } from "../../docs/samples/static-files/main.ts";

test("metadata: the docs URLs move or turn off, the schema carries the app's and the routes' metadata", async () => {
  await using client = new TestClient(metadata);
  assert.equal((await client.get("/documentation")).headers.get("content-type"), "text/html; charset=utf-8");
  for (const moved of ["/docs", "/redoc", "/openapi.json"]) assert.equal((await client.get(moved)).status, 404, moved);

  const schema = (await client.get("/api/v1/openapi.json")).json();
  assert.equal(schema.info.title, "ChimichangApp");
  assert.equal(schema.info.version, "0.0.1");
  assert.match(schema.info.description, /## Items/);
  assert.deepEqual(schema.servers, [{ url: "https://stag.example.com", description: "Staging environment" }]);
  const read = schema.paths["/items/{item_id}"].get;
  assert.deepEqual([read.tags, read.summary, read.description], [["items"], "Read one item", "Every field of the item, with its **tags**."]);
  assert.equal(read.parameters[1].description, "Filter the tags");
  assert.ok(read.responses["404"]);
  assert.equal(schema.paths["/legacy"].get.deprecated, true);
  assert.equal(schema.paths["/internal"], undefined);
  assert.deepEqual((await client.get("/internal")).json(), { ok: true });
});

test("static files: served with a type and an etag, nothing outside the folder", async () => {
  await using client = new TestClient(statics);
  const css = await client.get("/static/style.css");
  assert.equal(css.status, 200);
  assert.equal(css.headers.get("content-type"), "text/css; charset=utf-8");
  assert.match(css.headers.get("etag") ?? "", /^W\/"/);
  assert.equal(css.text, "body { font-family: system-ui; }\n");
  assert.equal((await client.get("/static/style.css", { headers: { "if-none-match": css.headers.get("etag")! } })).status, 304);
  for (const outside of ["/static/../main.ts", "/static/%2e%2e/main.ts", "/static/nope.css"]) {
    assert.equal((await client.get(outside)).status, 404, outside);
  }
  assert.deepEqual((await client.get("/api/hello")).json(), { hello: "world" });
});
