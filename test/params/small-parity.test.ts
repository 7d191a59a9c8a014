import { test } from "node:test";
import assert from "node:assert/strict";
import { App, JSONResponse, RequestValidationError, t } from "skiffjs";
import { TestClient } from "skiffjs/testing";

test("a quoted cookie value arrives unquoted, its escapes undone (RFC 6265, as Starlette)", async () => {
  const app = new App().get("/", { cookies: { session: t.String(), plain: t.String() } }, ({ cookies }) => cookies);
  const res = await new TestClient(app).get("/", { headers: { cookie: 'session="abc def"; plain=x' } });
  assert.deepEqual(res.json(), { session: "abc def", plain: "x" });
  const escaped = await new TestClient(app).get("/", { headers: { cookie: 'session="a\\"b\\054c"; plain="' } });
  assert.deepEqual(escaped.json(), { session: 'a"b,c', plain: '"' });
});

test("request.cookies shows the unquoted value too", async () => {
  const app = new App().get("/", ({ request }) => request.cookies.theme ?? null);
  assert.equal((await new TestClient(app).get("/", { headers: { cookie: 'theme="dark"' } })).json(), "dark");
});

// FastAPI's docs_src header_params with convert_underscores=False: `strange_header` is read as written.
test("a header param with convertUnderscores: false reads only the header named as written", async () => {
  const app = new App().get("/items/", { headers: { strange_header: t.Optional(t.String({ convertUnderscores: false })) } }, ({ headers }) => ({
    strange_header: headers.strange_header ?? null,
  }));
  const client = new TestClient(app);
  assert.deepEqual((await client.get("/items/", { headers: { strange_header: "FastAPI test" } })).json(), { strange_header: "FastAPI test" });
  assert.deepEqual((await client.get("/items/", { headers: { "strange-header": "FastAPI test" } })).json(), { strange_header: null });
  const doc = (await client.get("/openapi.json")).json() as {
    paths: Record<string, { get: { parameters: Array<{ name: string; schema: object }> } }>;
  };
  const [parameter] = doc.paths["/items/"]!.get.parameters;
  assert.equal(parameter!.name, "strange_header");
  assert.equal(JSON.stringify(parameter!.schema).includes("convertUnderscores"), false);
});

test("by default an underscored header param is documented under its hyphenated name, as FastAPI", async () => {
  const app = new App().get("/items/", { headers: { user_agent: t.Optional(t.String()) } }, ({ headers }) => headers.user_agent ?? null);
  const client = new TestClient(app);
  assert.equal((await client.get("/items/", { headers: { "user-agent": "skiff" } })).json(), "skiff");
  const doc = (await client.get("/openapi.json")).json() as { paths: Record<string, { get: { parameters: Array<{ name: string }> } }> };
  assert.equal(doc.paths["/items/"]!.get.parameters[0]!.name, "user-agent");
});

// FastAPI's docs_src handling_errors: a handler that echoes the body it could not validate.
test("RequestValidationError carries the received body for handlers that echo it", async () => {
  const app = new App().post("/items/", { body: t.Object({ title: t.String(), size: t.Integer() }) }, ({ body }) => body);
  app.exceptionHandler(RequestValidationError, (_request, error) => new JSONResponse({ detail: error.issues, body: error.body }, { status: 422 }));
  const client = new TestClient(app);
  const res = await client.post("/items/", { json: { title: "towel", size: "XL" } });
  assert.equal(res.status, 422);
  assert.deepEqual(res.json(), {
    detail: [
      { type: "int_parsing", loc: ["body", "size"], msg: "Input should be a valid integer, unable to parse string as an integer", input: "XL" },
    ],
    body: { title: "towel", size: "XL" },
  });
  const broken = await client.post("/items/", { body: '{"title": ', headers: { "content-type": "application/json" } });
  assert.equal((broken.json() as { body: unknown }).body, '{"title": ');
});
