import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { gunzipSync } from "node:zlib";
import { App } from "skiffjs";
import { TestClient } from "skiffjs/testing";
import { buildShopApp } from "./shop-app.ts";

const require = createRequire(import.meta.url);

/** Every URL a page's HTML names, for checking that none points at another host. */
function urlsIn(html: string): string[] {
  return [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1].replaceAll("&#38;", "&"));
}

test("/openapi.json and /asyncapi.json serve the app's documents, built after the routes were added", async () => {
  const app = buildShopApp();
  const client = new TestClient(app);
  const openapi = await client.get("/openapi.json");
  assert.equal(openapi.status, 200);
  assert.equal(openapi.headers.get("content-type"), "application/json");
  assert.deepEqual(openapi.json(), app.openapi());
  assert.ok("/items" in openapi.json().paths);
  const asyncapi = await client.get("/asyncapi.json");
  assert.deepEqual(asyncapi.json(), app.asyncapi());
});

test("/docs is Swagger UI from the installed package, titled after the app, linking the AsyncAPI document", async () => {
  const client = new TestClient(buildShopApp());
  const page = await client.get("/docs");
  assert.equal(page.status, 200);
  assert.equal(page.headers.get("content-type"), "text/html; charset=utf-8");
  assert.match(page.text, /<title>Shop - Swagger UI<\/title>/);
  const urls = urlsIn(page.text);
  assert.ok(urls.length >= 5, urls.join(" "));
  for (const url of urls) assert.match(url, /^\/docs\/assets\/[a-z0-9.-]+\?v=/, `${url} is served by the app itself`);
  assert.match(page.text, /"openapiUrl":"\/openapi.json"/);
  assert.match(page.text, /"asyncapiUrl":"\/asyncapi.json"/);
  assert.match(page.text, /"oauth2RedirectUrl":"\/docs\/oauth2-redirect"/);
  const csp = page.headers.get("content-security-policy") ?? "";
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /script-src 'self'(;|$)/);
  assert.match(csp, /font-src 'self' data:/);
});

test("/redoc is ReDoc from the installed package, with no web font or other host", async () => {
  const client = new TestClient(buildShopApp());
  const page = await client.get("/redoc");
  assert.equal(page.status, 200);
  assert.match(page.text, /<title>Shop - ReDoc<\/title>/);
  for (const url of urlsIn(page.text)) assert.match(url, /^\/redoc\/assets\//);
  assert.doesNotMatch(page.text, /fonts\.googleapis|https?:\/\//);
  const init = await client.get(urlsIn(page.text).find((url) => url.includes("skiff-redoc.js"))!);
  assert.match(init.text, /fontFamily/);
  const bundle = await client.get("/redoc/assets/redoc.standalone.js");
  assert.equal(bundle.status, 200);
  assert.equal(bundle.headers.get("content-type"), "text/javascript; charset=utf-8");
  // The package's bundle, less the one image it would fetch from Redocly's CDN.
  const original = readFileSync(require.resolve("redoc/bundles/redoc.standalone.js"), "utf8");
  assert.match(original, /https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini\.svg/);
  assert.equal(bundle.text, original.replaceAll("https://cdn.redoc.ly/redoc/logo-mini.svg", "data:,"));
  assert.doesNotMatch(bundle.text, /cdn\.redoc\.ly/);
});

test("assets: the package's bytes with their content type, gzip on request, cached for good, 404 otherwise", async () => {
  const client = new TestClient(buildShopApp());
  const css = await client.get("/docs/assets/swagger-ui.css");
  assert.equal(css.status, 200);
  assert.equal(css.headers.get("content-type"), "text/css; charset=utf-8");
  assert.equal(css.headers.get("cache-control"), "public, max-age=31536000, immutable");
  const original = readFileSync(require.resolve("swagger-ui-dist/swagger-ui.css"));
  assert.deepEqual(css.body, original);
  const gzipped = await client.get("/docs/assets/swagger-ui.css", { headers: { "accept-encoding": "gzip, br" } });
  assert.equal(gzipped.headers.get("content-encoding"), "gzip");
  assert.deepEqual(gunzipSync(gzipped.body), original);
  const refused = await client.get("/docs/assets/swagger-ui.css", { headers: { "accept-encoding": "gzip;q=0" } });
  assert.equal(refused.headers.get("content-encoding"), null);
  const icon = await client.get("/docs/assets/favicon-32x32.png", { headers: { "accept-encoding": "gzip" } });
  assert.equal(icon.headers.get("content-type"), "image/png");
  assert.equal(icon.headers.get("content-encoding"), null);
  for (const path of [
    "/docs/assets/package.json",
    "/docs/assets/..%2F..%2Fpackage.json",
    "/docs/assets/toString",
    "/docs/assets/redoc.standalone.js",
    "/redoc/assets/swagger-ui-bundle.js",
  ]) {
    const response = await client.get(path);
    assert.equal(response.status, 404, path);
  }
  for (const path of ["/docs/assets/%2e%2e", "/docs/assets/../../package.json", "/docs/assets/%2e%2e%2f%2e%2e%2fpackage.json"]) {
    const response = await client.get(path);
    assert.notEqual(response.status, 200, path);
    assert.doesNotMatch(response.text, /"name": "skiffjs"/, path);
  }
  const head = await client.head("/docs/assets/skiff-swagger.js");
  assert.equal(head.status, 200);
  assert.equal(head.body.length, 0);
});

test("/docs/oauth2-redirect serves Swagger UI's redirect page", async () => {
  const client = new TestClient(buildShopApp());
  const page = await client.get("/docs/oauth2-redirect");
  assert.equal(page.status, 200);
  const script = urlsIn(page.text)[0];
  assert.match(script, /^\/docs\/assets\/oauth2-redirect\.js\?v=/);
  const js = await client.get(script);
  assert.deepEqual(js.body, readFileSync(require.resolve("swagger-ui-dist/oauth2-redirect.js")));
});

test("null switches each off; openapiUrl: null switches off both UIs; the channel list only with an AsyncAPI URL", async () => {
  const statuses = async (app: App<any, any>) => {
    const client = new TestClient(app);
    const out: Record<string, number> = {};
    for (const path of [
      "/openapi.json",
      "/asyncapi.json",
      "/docs",
      "/docs/assets/swagger-ui.css",
      "/docs/oauth2-redirect",
      "/redoc",
      "/redoc/assets/redoc.standalone.js",
    ]) {
      out[path] = (await client.get(path)).status;
    }
    return out;
  };
  assert.deepEqual(await statuses(new App({ openapiUrl: null })), {
    "/openapi.json": 404,
    "/asyncapi.json": 200,
    "/docs": 404,
    "/docs/assets/swagger-ui.css": 404,
    "/docs/oauth2-redirect": 404,
    "/redoc": 404,
    "/redoc/assets/redoc.standalone.js": 404,
  });
  assert.deepEqual(await statuses(new App({ docsUrl: null, asyncapiUrl: null })), {
    "/openapi.json": 200,
    "/asyncapi.json": 404,
    "/docs": 404,
    "/docs/assets/swagger-ui.css": 404,
    "/docs/oauth2-redirect": 404,
    "/redoc": 200,
    "/redoc/assets/redoc.standalone.js": 200,
  });
  const noChannels = await new TestClient(new App({ asyncapiUrl: null })).get("/docs");
  assert.doesNotMatch(noChannels.text, /skiff-websockets/);
  assert.match(noChannels.text, /"asyncapiUrl":null/);
});

test("custom URLs and rootPath: pages point at the prefixed document and assets", async () => {
  const app = new App({
    title: 'A <b>&</b> "title"',
    rootPath: "/api",
    docsUrl: "/swagger",
    redocUrl: "/reference",
    openapiUrl: "/spec.json",
    asyncapiUrl: "/events.json",
  });
  const client = new TestClient(app);
  const page = await client.get("/swagger");
  assert.match(page.text, /<title>A &#60;b&#62;&#38;&#60;\/b&#62; &#34;title&#34; - Swagger UI<\/title>/);
  assert.match(page.text, /"openapiUrl":"\/api\/spec.json"/);
  assert.match(page.text, /"asyncapiUrl":"\/api\/events.json"/);
  assert.match(page.text, /"oauth2RedirectUrl":"\/api\/swagger\/oauth2-redirect"/);
  for (const url of urlsIn(page.text)) assert.match(url, /^\/api\/swagger\/assets\//);
  assert.equal((await client.get("/swagger/assets/swagger-ui-bundle.js")).status, 200);
  const redoc = await client.get("/reference");
  assert.match(redoc.text, /"openapiUrl":"\/api\/spec.json"/);
  assert.equal((await client.get("/spec.json")).json().openapi, "3.1.0");
  assert.equal((await client.get("/events.json")).json().asyncapi, "3.0.0");
});

test("a title cannot close the settings block: `<` is escaped inside it", async () => {
  const app = new App({ title: "x", openapiUrl: "/</script><script>alert(1)</script>.json" });
  const page = await new TestClient(app).get("/docs");
  assert.equal(page.text.match(/<\/script>/g)?.length, 4);
  assert.match(page.text, /\\u003c\/script>/);
});

test("absolute servers may be called by Try it out: their origins join connect-src", async () => {
  const app = new App({ servers: [{ url: "https://api.example.com/v1" }, { url: "/local" }] });
  const page = await new TestClient(app).get("/docs");
  assert.match(page.headers.get("content-security-policy") ?? "", /connect-src 'self' https:\/\/api\.example\.com;/);
});
