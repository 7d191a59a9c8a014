import { test } from "node:test";
import assert from "node:assert/strict";
import {
  APIKeyCookie,
  APIKeyHeader,
  APIKeyQuery,
  Depends,
  HTTPBasic,
  HTTPBearer,
  OAuth2PasswordBearer,
  OAuth2PasswordRequestForm,
  Security,
} from "skiffjs";
import { routeSecurity } from "../../src/security/index.ts";

test("each scheme carries the OpenAPI securityScheme FastAPI emits, under FastAPI's default name", () => {
  const meta = (dep: { meta: Record<string, unknown> }) => dep.meta.securityScheme;
  assert.deepEqual(meta(HTTPBearer()), { name: "HTTPBearer", scheme: { type: "http", scheme: "bearer" } });
  assert.deepEqual(meta(HTTPBearer({ bearerFormat: "JWT", description: "A JWT" })), {
    name: "HTTPBearer",
    scheme: { type: "http", description: "A JWT", scheme: "bearer", bearerFormat: "JWT" },
  });
  assert.deepEqual(meta(HTTPBasic({ realm: "ignored in OpenAPI" })), { name: "HTTPBasic", scheme: { type: "http", scheme: "basic" } });
  assert.deepEqual(meta(OAuth2PasswordBearer({ tokenUrl: "/token" })), {
    name: "OAuth2PasswordBearer",
    scheme: { type: "oauth2", flows: { password: { scopes: {}, tokenUrl: "/token" } } },
  });
  assert.deepEqual(meta(OAuth2PasswordBearer({ tokenUrl: "token", scopes: { me: "Read me" }, refreshUrl: "/refresh" })), {
    name: "OAuth2PasswordBearer",
    scheme: { type: "oauth2", flows: { password: { refreshUrl: "/refresh", scopes: { me: "Read me" }, tokenUrl: "token" } } },
  });
  assert.deepEqual(meta(APIKeyHeader({ name: "X-API-Key" })), { name: "APIKeyHeader", scheme: { type: "apiKey", in: "header", name: "X-API-Key" } });
  assert.deepEqual(meta(APIKeyQuery({ name: "api_key" })), { name: "APIKeyQuery", scheme: { type: "apiKey", in: "query", name: "api_key" } });
  assert.deepEqual(meta(APIKeyCookie({ name: "session", schemeName: "Session" })), {
    name: "Session",
    scheme: { type: "apiKey", in: "cookie", name: "session" },
  });
  assert.equal(meta(OAuth2PasswordRequestForm()), undefined);
});

test("Security() records its scopes on the scheme's meta; routeSecurity collects schemes and scopes along the graph", () => {
  const oauth2 = OAuth2PasswordBearer({ tokenUrl: "/token", scopes: { me: "Me", items: "Items" } });
  const key = APIKeyHeader({ name: "x-key" });
  const direct = Security(oauth2, { scopes: ["me"] });
  assert.deepEqual((direct.meta.securityScheme as { scopes: string[] }).scopes, ["me"]);
  assert.equal(oauth2.meta.securityScheme && (oauth2.meta.securityScheme as { scopes?: string[] }).scopes, undefined, "the original is untouched");

  const currentUser = Depends({ deps: { token: oauth2 } }, ({ deps }) => deps.token);
  const { schemes, requirements } = routeSecurity({ user: Security(currentUser, { scopes: ["items", "me"] }) }, [key]);
  assert.deepEqual(schemes, {
    APIKeyHeader: { type: "apiKey", in: "header", name: "x-key" },
    OAuth2PasswordBearer: { type: "oauth2", flows: { password: { scopes: { me: "Me", items: "Items" }, tokenUrl: "/token" } } },
  });
  assert.deepEqual(requirements, [{ APIKeyHeader: [] }, { OAuth2PasswordBearer: ["items", "me"] }]);
});
