import { test } from "node:test";
import assert from "node:assert/strict";
import { App, APIRouter, Depends, t } from "skiffjs";
import { buildShopApp } from "./shop-app.ts";

type Doc = { [key: string]: any };

const VALIDATION_ERROR_RESPONSE = {
  description: "Validation Error",
  content: { "application/json": { schema: { $ref: "#/components/schemas/HTTPValidationError" } } },
};

test("the shop's read-item operation is written the way FastAPI writes it", () => {
  const doc: Doc = buildShopApp().openapi();
  assert.equal(doc.openapi, "3.1.0");
  assert.deepEqual(doc.info, { title: "Shop", description: "Items, users and chat.", version: "1.2.0" });
  assert.deepEqual(doc.paths["/items/{item_id}"].get, {
    tags: ["items"],
    summary: "Read one item",
    description: "Reads an item by its id.",
    operationId: "read_item_items__item_id__get",
    parameters: [
      { name: "item_id", in: "path", required: true, schema: { type: "integer", title: "Item Id" } },
      { name: "q", in: "query", required: false, schema: { type: "string", title: "Q" } },
      { name: "limit", in: "query", required: false, schema: { type: "integer", default: 10, minimum: 1, maximum: 100, title: "Limit" } },
      { name: "x-token", in: "header", required: false, schema: { type: "string", title: "X-Token" } },
      { name: "session", in: "cookie", required: false, schema: { type: "string", title: "Session" } },
    ],
    responses: {
      200: { description: "Successful Response", content: { "application/json": { schema: { $ref: "#/components/schemas/Item" } } } },
      404: { description: "Not Found", content: { "application/json": { schema: { $ref: "#/components/schemas/Message" } } } },
      418: { description: "Out of tea" },
      422: VALIDATION_ERROR_RESPONSE,
    },
  });
});

test("paths: convertors dropped, prefixes applied, hidden and docs routes left out, WebSockets elsewhere", () => {
  const doc: Doc = buildShopApp().openapi();
  assert.deepEqual(Object.keys(doc.paths), ["/", "/items/{item_id}", "/items", "/login", "/avatars", "/me", "/v1/users/{user_id}", "/v1/users/"]);
  assert.deepEqual(Object.keys(doc.paths["/items/{item_id}"]), ["get", "delete"]);
  const ids = Object.values(doc.paths as Record<string, Doc>).flatMap((item) => Object.values(item).map((op: Doc) => op.operationId));
  assert.deepEqual(ids, [
    "get_root",
    "read_item_items__item_id__get",
    "delete_item_items__item_id__delete",
    "create_item_items_post",
    "login_login_post",
    "upload_avatar_avatars_post",
    "read_me_me_get",
    "read_user_v1_users__user_id__get",
    "list_users_v1_users__get",
  ]);
});

test("an operation without input has no 422; summaries come from handler names; 204 has no content", () => {
  const doc: Doc = buildShopApp().openapi();
  assert.deepEqual(doc.paths["/"].get, {
    summary: "Get Root",
    operationId: "get_root",
    responses: { 200: { description: "Successful Response", content: { "application/json": { schema: {} } } } },
  });
  const remove = doc.paths["/items/{item_id}"].delete;
  assert.equal(remove.summary, "Delete Item");
  assert.equal(remove.deprecated, true);
  assert.deepEqual(remove.parameters[0].schema, { type: "string", format: "uuid", title: "Item Id" });
  assert.deepEqual(remove.responses["204"], { description: "Successful Response" });
});

test("bodies: JSON model by reference, urlencoded form, multipart files in a Body_<operation id> model", () => {
  const doc: Doc = buildShopApp().openapi();
  const create = doc.paths["/items"].post;
  assert.deepEqual(create.requestBody, { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/Item" } } } });
  assert.deepEqual(Object.keys(create.responses), ["201", "422"]);
  assert.deepEqual(doc.paths["/login"].post.requestBody, {
    required: true,
    content: {
      "application/x-www-form-urlencoded": {
        schema: { type: "object", required: ["username", "password"], properties: { username: { type: "string" }, password: { type: "string" } } },
      },
    },
  });
  assert.deepEqual(doc.paths["/avatars"].post.requestBody, {
    required: true,
    content: { "multipart/form-data": { schema: { $ref: "#/components/schemas/Body_upload_avatar_avatars_post" } } },
  });
  assert.deepEqual(doc.components.schemas.Body_upload_avatar_avatars_post, {
    properties: {
      caption: { type: "string", title: "Caption" },
      avatar: { type: "string", format: "binary", title: "Avatar" },
    },
    type: "object",
    required: ["avatar"],
    title: "Body_upload_avatar_avatars_post",
  });
});

test("routers: tags and prefixes; dependencies' params (nested too) on every operation using them", () => {
  const doc: Doc = buildShopApp().openapi();
  const list = doc.paths["/v1/users/"].get;
  assert.deepEqual(list.tags, ["users"]);
  assert.deepEqual(
    list.parameters.map((p: Doc) => [p.in, p.name, p.required]),
    [
      ["query", "skip", false],
      ["query", "limit", false],
      ["header", "x-tenant", true],
    ],
  );
  assert.deepEqual(list.parameters[2], {
    name: "x-tenant",
    in: "header",
    required: true,
    schema: { type: "string", description: "Tenant id", title: "X-Tenant" },
    description: "Tenant id",
  });
});

test("security schemes: a router's HTTPBearer and an OAuth2 scheme with scopes, as FastAPI writes them", () => {
  const doc: Doc = buildShopApp().openapi();
  assert.deepEqual(doc.paths["/v1/users/"].get.security, [{ HTTPBearer: [] }]);
  assert.deepEqual(doc.paths["/v1/users/{user_id}"].get.security, [{ HTTPBearer: [] }]);
  assert.deepEqual(doc.paths["/me"].get.security, [{ OAuth2PasswordBearer: ["me:read"] }]);
  // The credentials travel in the Authorization header the scheme names, not as a documented parameter.
  assert.equal(doc.paths["/me"].get.parameters, undefined);
  assert.deepEqual(Object.keys(doc.paths["/me"].get.responses), ["200"]);
  assert.deepEqual(doc.components.securitySchemes, {
    OAuth2PasswordBearer: { type: "oauth2", flows: { password: { scopes: { "me:read": "Read your profile" }, tokenUrl: "/token" } } },
    HTTPBearer: { type: "http", scheme: "bearer" },
  });
});

test("components: $id schemas once, by name, sorted, with FastAPI's exact validation error models", () => {
  const doc: Doc = buildShopApp().openapi();
  assert.deepEqual(Object.keys(doc.components.schemas), [
    "Body_upload_avatar_avatars_post",
    "HTTPValidationError",
    "Item",
    "Message",
    "ValidationError",
  ]);
  assert.deepEqual(doc.components.schemas.Item, {
    type: "object",
    required: ["name", "price", "tags"],
    properties: {
      name: { type: "string" },
      price: { type: "number", minimum: 0 },
      tags: { type: "array", items: { type: "string" }, default: [] },
    },
    title: "Item",
  });
  assert.deepEqual(doc.components.schemas.HTTPValidationError, {
    properties: { detail: { items: { $ref: "#/components/schemas/ValidationError" }, type: "array", title: "Detail" } },
    type: "object",
    title: "HTTPValidationError",
  });
  assert.deepEqual(doc.components.schemas.ValidationError, {
    properties: {
      loc: { items: { anyOf: [{ type: "string" }, { type: "integer" }] }, type: "array", title: "Location" },
      msg: { type: "string", title: "Message" },
      type: { type: "string", title: "Error Type" },
      input: { title: "Input" },
      ctx: { type: "object", title: "Context" },
    },
    type: "object",
    required: ["loc", "msg", "type"],
    title: "ValidationError",
  });
});

test("an app without input documents no validation models and no components at all", () => {
  const doc: Doc = new App()
    .get("/", function root() {
      return "hi";
    })
    .openapi();
  assert.deepEqual(doc, {
    openapi: "3.1.0",
    info: { title: "Skiff", version: "0.1.0" },
    paths: {
      "/": {
        get: {
          summary: "Root",
          operationId: "root__get",
          responses: { 200: { description: "Successful Response", content: { "application/json": { schema: {} } } } },
        },
      },
    },
  });
});

test("operation ids stay unique: explicit ids kept, repeats numbered in registration order", () => {
  const app = new App()
    .get("/a", { operationId: "fetch" }, () => 1)
    .get("/b", { operationId: "fetch" }, () => 2)
    .route(["GET", "POST"], "/echo", function echo() {
      return 3;
    });
  const doc: Doc = app.openapi();
  assert.equal(doc.paths["/a"].get.operationId, "fetch");
  assert.equal(doc.paths["/b"].get.operationId, "fetch_2");
  assert.equal(doc.paths["/echo"].get.operationId, "echo_echo_get");
  assert.equal(doc.paths["/echo"].post.operationId, "echo_echo_post");
});

test("an anonymous handler takes its operation id from the summary", () => {
  const doc: Doc = new App().get("/items/{item_id}", { summary: "Fetch the item" }, () => 1).openapi();
  assert.equal(doc.paths["/items/{item_id}"].get.operationId, "fetch_the_item_items__item_id__get");
  assert.equal(doc.paths["/items/{item_id}"].get.summary, "Fetch the item");
});

test("a declared 422 or default response replaces the generated one; declared success responses merge", () => {
  const Problem = t.Object({ title: t.String() });
  const doc: Doc = new App()
    .post("/a", { body: t.Object({ x: t.Integer() }), responses: { 422: { description: "Bad input", schema: Problem } } }, () => 1)
    .post("/b", { body: t.Object({ x: t.Integer() }), responses: { 200: { description: "The created thing" } } }, () => 1)
    .openapi();
  assert.deepEqual(doc.paths["/a"].post.responses["422"], {
    description: "Bad input",
    content: { "application/json": { schema: { type: "object", required: ["title"], properties: { title: { type: "string" } } } } },
  });
  assert.deepEqual(doc.paths["/b"].post.responses["200"], { description: "The created thing", content: { "application/json": { schema: {} } } });
});

test("the document is rebuilt when routes are added after it was served, and cached otherwise", () => {
  const app = new App().get("/a", () => 1);
  const first = app.openapi();
  assert.equal(app.openapi(), first);
  app.get("/b", () => 2);
  assert.deepEqual(Object.keys((app.openapi() as Doc).paths), ["/a", "/b"]);
});

test("rootPath and servers: the prefix is the first server, as FastAPI's root_path", () => {
  const doc: Doc = new App({ rootPath: "/api/", servers: [{ url: "https://api.example.com", description: "Production" }] })
    .get("/", () => 1)
    .openapi();
  assert.deepEqual(doc.servers, [{ url: "/api" }, { url: "https://api.example.com", description: "Production" }]);
});

test("a router's dependency with a path param documents it where the template has it", () => {
  const owner = Depends({ path: { user_id: t.Integer({ minimum: 1 }) } }, function owner({ path }) {
    return path.user_id;
  });
  const router = new APIRouter({ prefix: "/users/{user_id}", deps: [owner] }).get("/posts", function posts() {
    return [];
  });
  const doc: Doc = new App().includeRouter(router).openapi();
  assert.deepEqual(doc.paths["/users/{user_id}/posts"].get.parameters, [
    { name: "user_id", in: "path", required: true, schema: { type: "integer", minimum: 1, title: "User Id" } },
  ]);
});

test("a doc comment opening the handler's body is its description, where the runtime keeps comments", () => {
  // tsx (esbuild) strips comments from TypeScript sources, so the handler is built from source text here, as plain
  // JavaScript loaded without a transpiler would be.
  const handler = new Function(
    "return function readItem({ path }) {\n  /**\n   * Reads one item.\n   *\n   * Markdown **works**.\n   */\n  return path;\n};",
  )() as () => unknown;
  const doc: Doc = new App()
    .get("/items/{item_id}", handler)
    .get("/plain", function plain() {
      const note = 1; /** not at the start */
      return note;
    })
    .openapi();
  assert.equal(doc.paths["/items/{item_id}"].get.description, "Reads one item.\n\nMarkdown **works**.");
  assert.equal(doc.paths["/items/{item_id}"].get.summary, "Read Item");
  assert.equal(doc.paths["/plain"].get.description, undefined);
});
