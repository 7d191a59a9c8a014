import { test } from "node:test";
import assert from "node:assert/strict";
import { App, HTMLResponse, SkiffError, securityHeaders, type SecurityHeadersOptions } from "skiffjs";
import { TestClient } from "skiffjs/testing";
import { silent } from "./helpers.ts";

function clientWith(options?: SecurityHeadersOptions): TestClient {
  const app = new App({ logger: silent })
    .get("/page", () => new HTMLResponse("<h1>hi</h1>"))
    .get(
      "/own-policy",
      () => new HTMLResponse("<p>embeddable</p>", { headers: { "content-security-policy": "frame-ancestors *", "x-frame-options": "ALLOWALL" } }),
    );
  app.use(securityHeaders(options));
  return new TestClient(app);
}

const HELMET_CSP =
  "default-src 'self'; base-uri 'self'; font-src 'self' https: data:; form-action 'self'; frame-ancestors 'self'; img-src 'self' data:; " +
  "object-src 'none'; script-src 'self'; script-src-attr 'none'; style-src 'self' https: 'unsafe-inline'; upgrade-insecure-requests";

test("securityHeaders(): helmet's default headers on pages, JSON and error answers alike", async () => {
  const client = clientWith();
  for (const path of ["/page", "/missing"]) {
    const res = await client.get(path);
    assert.deepEqual(
      {
        csp: res.headers.get("content-security-policy"),
        coop: res.headers.get("cross-origin-opener-policy"),
        corp: res.headers.get("cross-origin-resource-policy"),
        oac: res.headers.get("origin-agent-cluster"),
        referrer: res.headers.get("referrer-policy"),
        hsts: res.headers.get("strict-transport-security"),
        nosniff: res.headers.get("x-content-type-options"),
        dns: res.headers.get("x-dns-prefetch-control"),
        download: res.headers.get("x-download-options"),
        frame: res.headers.get("x-frame-options"),
        crossDomain: res.headers.get("x-permitted-cross-domain-policies"),
        xss: res.headers.get("x-xss-protection"),
        coep: res.headers.get("cross-origin-embedder-policy"),
      },
      {
        csp: HELMET_CSP,
        coop: "same-origin",
        corp: "same-origin",
        oac: "?1",
        referrer: "no-referrer",
        hsts: "max-age=31536000; includeSubDomains",
        nosniff: "nosniff",
        dns: "off",
        download: "noopen",
        frame: "SAMEORIGIN",
        crossDomain: "none",
        xss: "0",
        coep: null,
      },
      path,
    );
  }
});

test("securityHeaders(): a header the route set itself is kept", async () => {
  const res = await clientWith().get("/own-policy");
  assert.equal(res.headers.get("content-security-policy"), "frame-ancestors *");
  assert.equal(res.headers.get("x-frame-options"), "ALLOWALL");
  assert.equal(res.headers.get("x-content-type-options"), "nosniff");
});

test("securityHeaders(): every header can be changed or left out", async () => {
  const res = await clientWith({
    contentSecurityPolicy: {
      directives: { connectSrc: ["'self'", "wss://chat.example"], "img-src": "'self'", upgradeInsecureRequests: null, frameAncestors: ["'none'"] },
    },
    crossOriginEmbedderPolicy: "require-corp",
    crossOriginOpenerPolicy: false,
    crossOriginResourcePolicy: "same-site",
    originAgentCluster: false,
    referrerPolicy: ["no-referrer", "strict-origin-when-cross-origin"],
    strictTransportSecurity: { maxAge: 63_072_000, preload: true },
    xContentTypeOptions: false,
    xDnsPrefetchControl: "on",
    xDownloadOptions: false,
    xFrameOptions: "DENY",
    xPermittedCrossDomainPolicies: false,
    xXssProtection: false,
  }).get("/page");
  const csp = res.headers.get("content-security-policy")!;
  assert.match(csp, /(^|; )connect-src 'self' wss:\/\/chat\.example(;|$)/);
  assert.match(csp, /(^|; )img-src 'self'(;|$)/);
  assert.match(csp, /(^|; )frame-ancestors 'none'(;|$)/);
  assert.doesNotMatch(csp, /upgrade-insecure-requests/);
  assert.equal(res.headers.get("cross-origin-embedder-policy"), "require-corp");
  assert.equal(res.headers.get("cross-origin-opener-policy"), null);
  assert.equal(res.headers.get("cross-origin-resource-policy"), "same-site");
  assert.equal(res.headers.get("origin-agent-cluster"), null);
  assert.equal(res.headers.get("referrer-policy"), "no-referrer,strict-origin-when-cross-origin");
  assert.equal(res.headers.get("strict-transport-security"), "max-age=63072000; includeSubDomains; preload");
  assert.equal(res.headers.get("x-content-type-options"), null);
  assert.equal(res.headers.get("x-dns-prefetch-control"), "on");
  assert.equal(res.headers.get("x-download-options"), null);
  assert.equal(res.headers.get("x-frame-options"), "DENY");
  assert.equal(res.headers.get("x-permitted-cross-domain-policies"), null);
  assert.equal(res.headers.get("x-xss-protection"), null);
});

test("securityHeaders(): a policy of one's own, report-only, or none at all", async () => {
  const own = await clientWith({ contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], scriptSrc: ["'self'"] } } }).get(
    "/page",
  );
  assert.equal(own.headers.get("content-security-policy"), "default-src 'none'; script-src 'self'");
  const reportOnly = await clientWith({ contentSecurityPolicy: { reportOnly: true } }).get("/page");
  assert.equal(reportOnly.headers.get("content-security-policy"), null);
  assert.equal(reportOnly.headers.get("content-security-policy-report-only"), HELMET_CSP);
  const none = await clientWith({ contentSecurityPolicy: false, strictTransportSecurity: false, referrerPolicy: false }).get("/page");
  for (const name of ["content-security-policy", "strict-transport-security", "referrer-policy"]) assert.equal(none.headers.get(name), null, name);
  assert.equal(none.headers.get("x-frame-options"), "SAMEORIGIN");
});

test("securityHeaders(): mistakes are refused when the app is built, naming what to fix", () => {
  const cases: [SecurityHeadersOptions, RegExp][] = [
    [{ contentSecurityPolicy: { directives: { scriptSrc: ["self"] } } }, /script-src source "self" must be quoted: "'self'"/],
    [{ contentSecurityPolicy: { directives: { imgSrc: ["'self'; script-src *"] } } }, /img-src source .* without spaces, ';' or ','/],
    [{ contentSecurityPolicy: { directives: { imgSrc: [] } } }, /img-src needs at least one source/],
    [{ contentSecurityPolicy: { directives: { "img src": ["'self'"] } } }, /"img src" is not a Content-Security-Policy directive name/],
    [{ contentSecurityPolicy: { directives: { defaultSrc: null } } }, /needs a default-src directive/],
    [{ strictTransportSecurity: { maxAge: -1 } }, /maxAge must be a non-negative integer/],
    [{ referrerPolicy: [] }, /referrerPolicy needs at least one policy/],
  ];
  for (const [options, message] of cases) {
    assert.throws(
      () => securityHeaders(options),
      (error: unknown) => error instanceof SkiffError && error.code === "SKIFF_INVALID_OPTION" && message.test(error.message),
    );
  }
});

test("securityHeaders(): WebSocket handshakes are not touched", async () => {
  const app = new App({ logger: silent }).websocket("/ws", async (ws) => {
    await ws.accept();
    await ws.sendText("open");
    await ws.close();
  });
  app.use(securityHeaders());
  const client = new TestClient(app);
  const ws = await client.websocketConnect("/ws");
  assert.equal(await ws.receiveText(), "open");
});
