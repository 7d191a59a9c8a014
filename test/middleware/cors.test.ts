import { test } from "node:test";
import assert from "node:assert/strict";
import { App, cors, type CorsOptions } from "skiffjs";
import { TestClient } from "skiffjs/testing";
import { silent } from "./helpers.ts";

function client(options: CorsOptions): TestClient {
  const app = new App({ logger: silent })
    .get("/", () => "Homepage")
    .get("/vary", ({ response }) => {
      response.headers.set("vary", "Accept-Encoding");
      return "ok";
    });
  app.use(cors(options));
  return new TestClient(app);
}

const allowAll: CorsOptions = {
  allowOrigins: ["*"],
  allowHeaders: ["*"],
  allowMethods: ["*"],
  exposeHeaders: ["X-Status"],
  allowCredentials: true,
};

test("allow all with credentials: a preflight echoes origin and requested headers", async () => {
  const res = await client(allowAll).options("/", {
    headers: { origin: "https://example.org", "access-control-request-method": "GET", "access-control-request-headers": "X-Example" },
  });
  assert.equal(res.status, 200);
  assert.equal(res.text, "OK");
  assert.equal(res.headers.get("content-type"), "text/plain; charset=utf-8");
  assert.equal(res.headers.get("access-control-allow-origin"), "https://example.org");
  assert.equal(res.headers.get("access-control-allow-headers"), "X-Example");
  assert.equal(res.headers.get("access-control-allow-credentials"), "true");
  assert.equal(res.headers.get("access-control-allow-methods"), "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT");
  assert.equal(res.headers.get("access-control-max-age"), "600");
  assert.equal(res.headers.get("vary"), "Origin");
});

test("allow all: simple requests get '*', the credentialed ones their own origin", async () => {
  const c = client(allowAll);
  const plain = await c.get("/", { headers: { origin: "https://example.org" } });
  assert.equal(plain.status, 200);
  assert.equal(plain.json(), "Homepage");
  assert.equal(plain.headers.get("access-control-allow-origin"), "*");
  assert.equal(plain.headers.get("access-control-expose-headers"), "X-Status");
  assert.equal(plain.headers.get("access-control-allow-credentials"), "true");
  assert.equal(plain.headers.get("vary"), null);

  const withAuth = await c.get("/", { headers: { origin: "https://example.org", authorization: "Bearer x" } });
  assert.equal(withAuth.headers.get("access-control-allow-origin"), "https://example.org");
  assert.equal(withAuth.headers.get("vary"), "Origin");

  const withCookie = await c.get("/", { headers: { origin: "https://example.org", cookie: "a=1" } });
  assert.equal(withCookie.headers.get("access-control-allow-origin"), "https://example.org");

  const noOrigin = await c.get("/");
  assert.equal(noOrigin.headers.get("access-control-allow-origin"), null);
  assert.equal(noOrigin.headers.get("access-control-expose-headers"), null);
});

test("allow all without credentials: preflight answers '*' and no Vary", async () => {
  const res = await client({ allowOrigins: ["*"], allowHeaders: ["*"] }).options("/", {
    headers: { origin: "https://example.org", "access-control-request-method": "GET" },
  });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("access-control-allow-origin"), "*");
  assert.equal(res.headers.get("vary"), null);
  assert.equal(res.headers.get("access-control-allow-headers"), null);
  assert.equal(res.headers.get("access-control-allow-methods"), "GET");
});

const specific: CorsOptions = {
  allowOrigins: ["https://example.org"],
  allowHeaders: ["X-Example", "Content-Type"],
  allowMethods: ["GET", "PUT"],
  maxAge: 5,
};

test("specific origins: an allowed preflight lists the safelisted and allowed headers, sorted", async () => {
  const res = await client(specific).options("/", {
    headers: {
      origin: "https://example.org",
      "access-control-request-method": "PUT",
      "access-control-request-headers": "X-Example, content-type",
    },
  });
  assert.equal(res.status, 200);
  assert.equal(res.text, "OK");
  assert.equal(res.headers.get("access-control-allow-origin"), "https://example.org");
  assert.equal(res.headers.get("access-control-allow-headers"), "Accept, Accept-Language, Content-Language, Content-Type, X-Example");
  assert.equal(res.headers.get("access-control-allow-methods"), "GET, PUT");
  assert.equal(res.headers.get("access-control-max-age"), "5");
  assert.equal(res.headers.get("vary"), "Origin");
  assert.equal(res.headers.get("access-control-allow-credentials"), null);
});

test("specific origins: a foreign preflight is a 400 naming every failure", async () => {
  const c = client(specific);
  const all = await c.options("/", {
    headers: { origin: "https://another.org", "access-control-request-method": "POST", "access-control-request-headers": "X-Nope" },
  });
  assert.equal(all.status, 400);
  assert.equal(all.text, "Disallowed CORS origin, method, headers");
  assert.equal(all.headers.get("access-control-allow-origin"), null);
  assert.equal(all.headers.get("vary"), "Origin");

  const method = await c.options("/", { headers: { origin: "https://example.org", "access-control-request-method": "DELETE" } });
  assert.equal(method.status, 400);
  assert.equal(method.text, "Disallowed CORS method");
  assert.equal(method.headers.get("access-control-allow-origin"), "https://example.org");

  const headers = await c.options("/", {
    headers: { origin: "https://example.org", "access-control-request-method": "GET", "access-control-request-headers": "X-Example, X-Other" },
  });
  assert.equal(headers.text, "Disallowed CORS headers");
});

test("specific origins: simple requests echo an allowed origin and add to Vary; others get nothing", async () => {
  const c = client(specific);
  const allowed = await c.get("/vary", { headers: { origin: "https://example.org" } });
  assert.equal(allowed.headers.get("access-control-allow-origin"), "https://example.org");
  assert.equal(allowed.headers.get("vary"), "Accept-Encoding, Origin");
  const foreign = await c.get("/vary", { headers: { origin: "https://another.org" } });
  assert.equal(foreign.status, 200);
  assert.equal(foreign.headers.get("access-control-allow-origin"), null);
  assert.equal(foreign.headers.get("vary"), "Accept-Encoding");
});

test("OPTIONS without Access-Control-Request-Method is not a preflight: it reaches routing", async () => {
  const res = await client(specific).options("/", { headers: { origin: "https://example.org" } });
  assert.equal(res.status, 405);
  assert.equal(res.headers.get("access-control-allow-origin"), "https://example.org");
});

test("a preflight is answered even for paths without a route", async () => {
  const res = await client(specific).options("/nowhere", {
    headers: { origin: "https://example.org", "access-control-request-method": "GET" },
  });
  assert.equal(res.status, 200);
});

test("allowOriginRegex must match the whole origin", async () => {
  const c = client({ allowOriginRegex: "https://.*\\.example\\.org", allowCredentials: true });
  const ok = await c.get("/", { headers: { origin: "https://api.example.org" } });
  assert.equal(ok.headers.get("access-control-allow-origin"), "https://api.example.org");
  assert.equal(ok.headers.get("access-control-allow-credentials"), "true");
  const suffix = await c.get("/", { headers: { origin: "https://api.example.org.evil.com" } });
  assert.equal(suffix.headers.get("access-control-allow-origin"), null);
  const preflight = await c.options("/", { headers: { origin: "https://api.example.org", "access-control-request-method": "GET" } });
  assert.equal(preflight.status, 200);
  assert.equal(preflight.headers.get("access-control-allow-origin"), "https://api.example.org");
  const foreign = await c.options("/", { headers: { origin: "https://evil.com", "access-control-request-method": "GET" } });
  assert.equal(foreign.text, "Disallowed CORS origin");

  const fromRegExp = client({ allowOriginRegex: /https:\/\/[a-z]+\.test/i });
  const upper = await fromRegExp.get("/", { headers: { origin: "https://APP.test" } });
  assert.equal(upper.headers.get("access-control-allow-origin"), "https://APP.test");
});

test("private network preflights are refused unless allowed", async () => {
  const headers = {
    origin: "https://example.org",
    "access-control-request-method": "GET",
    "access-control-request-private-network": "true",
  };
  const refused = await client(specific).options("/", { headers });
  assert.equal(refused.status, 400);
  assert.equal(refused.text, "Disallowed CORS private-network");
  const allowed = await client({ ...specific, allowPrivateNetwork: true }).options("/", { headers });
  assert.equal(allowed.status, 200);
  assert.equal(allowed.headers.get("access-control-allow-private-network"), "true");
});
