import { test } from "node:test";
import assert from "node:assert/strict";
import { App, OAuth2PasswordRequestForm } from "skiffjs";

test("a route taking OAuth2PasswordRequestForm documents its urlencoded body (inline, as Skiff writes route forms)", () => {
  const app = new App().post("/token", { deps: { form: OAuth2PasswordRequestForm() } }, function login({ deps }) {
    return { access_token: deps.form.username, token_type: "bearer" };
  });
  const doc = app.openapi() as any;
  const body = doc.paths["/token"].post.requestBody;
  assert.equal(body.required, true);
  const schema = body.content["application/x-www-form-urlencoded"].schema;
  assert.ok(schema.required.includes("username") && schema.required.includes("password"));
  assert.equal(schema.properties.password.format, "password");
  assert.deepEqual(Object.keys(schema.properties).sort(), ["client_id", "client_secret", "grant_type", "password", "scope", "username"]);
});
