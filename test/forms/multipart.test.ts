import { test } from "node:test";
import assert from "node:assert/strict";
import { App, UploadFile, t } from "skiffjs";
import { TestClient } from "skiffjs/testing";
import { multipart } from "./helpers.ts";

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]);

function profileApp() {
  return new App().post(
    "/profile",
    {
      form: t.Object({ name: t.String(), age: t.Integer(), tags: t.Array(t.String(), { default: [] }) }),
      files: { avatar: t.File({ maxSize: 1000 }), docs: t.Array(t.File(), { default: [] }), cover: t.Optional(t.File()) },
    },
    async ({ body, files }) => ({
      body,
      avatar: {
        isUploadFile: files.avatar instanceof UploadFile,
        filename: files.avatar.filename,
        contentType: files.avatar.contentType,
        size: files.avatar.size,
        bytes: [...new Uint8Array(await files.avatar.arrayBuffer())],
      },
      docs: await Promise.all(files.docs.map(async (d) => ({ filename: d.filename, text: await d.text() }))),
      cover: files.cover === undefined ? null : files.cover.filename,
    }),
  );
}

test("multipart fields are coerced like URL-encoded ones; files arrive as UploadFile", async () => {
  const client = new TestClient(profileApp());
  const { body, headers } = multipart([
    { name: "name", value: "Ada" },
    { name: "age", value: "36" },
    { name: "tags", value: "a" },
    { name: "tags", value: "b" },
    { name: "avatar", filename: "me.png", type: "image/png", content: png },
    { name: "docs", filename: "one.txt", type: "text/plain", content: "first" },
    { name: "docs", filename: "two.txt", type: "text/plain", content: "second\r\n--not-a-boundary" },
  ]);
  const res = await client.post("/profile", { body, headers });
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(res.json(), {
    body: { name: "Ada", age: 36, tags: ["a", "b"] },
    avatar: { isUploadFile: true, filename: "me.png", contentType: "image/png", size: 8, bytes: [...png] },
    docs: [
      { filename: "one.txt", text: "first" },
      { filename: "two.txt", text: "second\r\n--not-a-boundary" },
    ],
    cover: null,
  });
});

test("a file input left blank (empty name, no bytes) counts as no file", async () => {
  const client = new TestClient(profileApp());
  const { body, headers } = multipart([
    { name: "name", value: "Ada" },
    { name: "age", value: "1" },
    { name: "avatar", filename: "a.bin", content: "x" },
    { name: "cover", filename: "", content: "" },
  ]);
  const res = await client.post("/profile", { body, headers });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json().cover, null);
});

test("missing and mistyped fields and files answer 422 together, in FastAPI's shape", async () => {
  const client = new TestClient(profileApp());
  const { body, headers } = multipart([
    { name: "age", value: "old" },
    { name: "avatar", value: "not a file" },
  ]);
  const res = await client.post("/profile", { body, headers });
  assert.equal(res.status, 422);
  assert.deepEqual(res.json(), {
    detail: [
      { type: "missing", loc: ["body", "name"], msg: "Field required", input: null },
      { type: "int_parsing", loc: ["body", "age"], msg: "Input should be a valid integer, unable to parse string as an integer", input: "old" },
      {
        type: "value_error",
        loc: ["body", "avatar"],
        msg: "Value error, Expected UploadFile, received: <class 'str'>",
        input: "not a file",
        ctx: { error: {} },
      },
    ],
  });
});

test("a file's media type is checked against t.File({ contentType })", async () => {
  const app = new App().post("/img", { files: { image: t.File({ contentType: ["image/*"] }) } }, ({ files }) => files.image.contentType);
  const client = new TestClient(app);
  const ok = multipart([{ name: "image", filename: "a.webp", type: "image/webp", content: "RIFF" }]);
  assert.equal((await client.post("/img", ok)).text, '"image/webp"');
  const bad = multipart([{ name: "image", filename: "a.exe", type: "application/x-msdownload", content: "MZ" }]);
  const res = await client.post("/img", bad);
  assert.equal(res.status, 422);
  assert.equal(res.json().detail[0].type, "file_type");
  assert.deepEqual(res.json().detail[0].loc, ["body", "image"]);
});

test("UploadFile reads as text, bytes and a web stream; non-ASCII filenames survive", async () => {
  const app = new App().post("/read", { files: { f: t.File() } }, async ({ files }) => {
    const streamed: number[] = [];
    for await (const chunk of files.f.stream() as unknown as AsyncIterable<Uint8Array>) streamed.push(...chunk);
    return { filename: files.f.filename, text: await files.f.text(), streamed: Buffer.from(streamed).toString("utf8") };
  });
  const client = new TestClient(app);
  const res = await client.post("/read", multipart([{ name: "f", filename: "résumé 📄.txt", type: "text/plain", content: "héllo" }]));
  assert.deepEqual(res.json(), { filename: "résumé 📄.txt", text: "héllo", streamed: "héllo" });
});

test("a files route takes multipart only: URL-encoded is 415 naming multipart/form-data", async () => {
  const client = new TestClient(profileApp());
  const res = await client.post("/profile", { form: { name: "x" } });
  assert.equal(res.status, 415);
  assert.deepEqual(res.json(), { detail: 'Unsupported media type "application/x-www-form-urlencoded": send multipart/form-data' });
});

test("a form-only route accepts multipart too, and ignores file parts it did not declare", async () => {
  const app = new App().post("/login", { form: t.Object({ user: t.String(), remember: t.Boolean() }) }, ({ body }) => body);
  const client = new TestClient(app);
  const res = await client.post(
    "/login",
    multipart([
      { name: "user", value: "ada" },
      { name: "stray", filename: "x.bin", content: "ignored" },
      { name: "remember", value: "yes" },
    ]),
  );
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(res.json(), { user: "ada", remember: true });
});

test("an octet-stream part without a filename is a field, as in HTML forms", async () => {
  const app = new App().post("/f", { form: t.Object({ note: t.String() }) }, ({ body }) => body);
  const res = await new TestClient(app).post("/f", multipart([{ name: "note", value: "plain", type: "application/octet-stream" }]));
  assert.deepEqual(res.json(), { note: "plain" });
});

test("__proto__ and constructor parts never reach a prototype", async () => {
  let seen: Record<string, unknown> | undefined;
  const app = new App().post("/f", { form: t.Object({ name: t.String() }), files: { constructor: t.Optional(t.File()) } }, ({ body, files }) => {
    seen = body;
    return { files: Object.keys(files), name: body.name };
  });
  const res = await new TestClient(app).post(
    "/f",
    multipart([
      { name: "__proto__", value: "polluted" },
      { name: "constructor", filename: "c.txt", content: "c" },
      { name: "name", value: "n" },
    ]),
  );
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(res.json(), { files: ["constructor"], name: "n" });
  assert.equal(Object.getPrototypeOf(seen), Object.prototype);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test("a malformed multipart body is 400", async () => {
  const client = new TestClient(new App().post("/f", { form: t.Object({ a: t.String() }) }, ({ body }) => body));
  const noBoundary = await client.post("/f", { body: "x", headers: { "content-type": "multipart/form-data" } });
  assert.equal(noBoundary.status, 400);
  assert.deepEqual(noBoundary.json(), { detail: "Malformed multipart body: the content-type has no boundary" });
  const { body, headers } = multipart([{ name: "a", value: "1" }]);
  const truncated = await client.post("/f", { body: body.subarray(0, body.length - 12), headers });
  assert.equal(truncated.status, 400);
  assert.deepEqual(truncated.json(), { detail: "Malformed multipart body: Unexpected end of form" });
});

test("registration refuses a route mixing JSON body and form, and a non-file under files", () => {
  assert.throws(() => new App().post("/x", { body: t.Object({}), form: t.Object({}) }, () => null), /either a JSON `body` or a `form`/);
  assert.throws(() => new App().post("/x", { files: { meta: t.String() } }, () => null), /files\.meta is not a t\.File\(\) schema/);
});

test("a body a middleware already read is parsed from its buffered copy", async () => {
  const app = new App().post("/f", { form: t.Object({ a: t.String() }), files: { f: t.File() } }, async ({ body, files }) => ({
    a: body.a,
    f: await files.f.text(),
  }));
  app.middleware(async (request, next) => {
    await request.body();
    return next(request);
  });
  const res = await new TestClient(app).post(
    "/f",
    multipart([
      { name: "a", value: "1" },
      { name: "f", filename: "f.txt", content: "file" },
    ]),
  );
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(res.json(), { a: "1", f: "file" });
});
