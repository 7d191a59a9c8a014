import { test } from "node:test";
import assert from "node:assert/strict";
import { App, t } from "skiffjs";
import { TestClient } from "skiffjs/testing";
import { multipart, type Part } from "./helpers.ts";

function file(name: string, size: number): Part {
  return { name, filename: `${name}.bin`, content: Buffer.alloc(size, 0x61) };
}

async function post(app: App<any, any>, parts: Part[], extraHeaders: Record<string, string> = {}) {
  const { body, headers } = multipart(parts);
  return new TestClient(app).post("/up", { body, headers: { ...headers, ...extraHeaders } });
}

test("a file over its t.File({ maxSize }) is 413 naming maxSize", async () => {
  const app = new App().post("/up", { files: { avatar: t.File({ maxSize: 100 }) } }, ({ files }) => files.avatar.size);
  assert.equal((await post(app, [file("avatar", 100)])).text, "100");
  const res = await post(app, [file("avatar", 101)]);
  assert.equal(res.status, 413);
  assert.deepEqual(res.json(), { detail: 'File "avatar" is larger than the limit of 100 bytes (maxSize)' });
});

test("a file without its own maxSize is held to maxFileSize", async () => {
  const app = new App().post("/up", { files: { docs: t.Array(t.File()) }, formLimits: { maxFileSize: 50 } }, () => "ok");
  const res = await post(app, [file("docs", 10), file("docs", 51)]);
  assert.equal(res.status, 413);
  assert.deepEqual(res.json(), { detail: 'File "docs" is larger than the limit of 50 bytes (maxFileSize)' });
});

test("more files than maxFiles is 413 naming maxFiles", async () => {
  const app = new App().post("/up", { files: { docs: t.Array(t.File()) }, formLimits: { maxFiles: 2 } }, ({ files }) => files.docs.length);
  assert.equal((await post(app, [file("docs", 1), file("docs", 1)])).text, "2");
  const res = await post(app, [file("docs", 1), file("docs", 1), file("docs", 1)]);
  assert.equal(res.status, 413);
  assert.deepEqual(res.json(), { detail: "Too many files: at most 2 are accepted (maxFiles)" });
});

test("a list of files longer than its maxItems is a 422 too_long", async () => {
  const app = new App().post("/up", { files: { docs: t.Array(t.File(), { maxItems: 1 }) } }, () => "ok");
  const res = await post(app, [file("docs", 1), file("docs", 1)]);
  assert.equal(res.status, 422);
  assert.equal(res.json().detail[0].type, "too_long");
  assert.deepEqual(res.json().detail[0].loc, ["body", "docs"]);
});

test("more fields than maxFields, or a field over maxFieldSize, is 413 naming the limit", async () => {
  const app = new App().post("/up", { form: t.Object({ a: t.Optional(t.String()) }), formLimits: { maxFields: 2, maxFieldSize: 8 } }, () => "ok");
  assert.equal(
    (
      await post(app, [
        { name: "a", value: "12345678" },
        { name: "b", value: "x" },
      ])
    ).status,
    200,
  );
  const many = await post(app, [
    { name: "a", value: "1" },
    { name: "b", value: "2" },
    { name: "c", value: "3" },
  ]);
  assert.equal(many.status, 413);
  assert.deepEqual(many.json(), { detail: "Too many fields: at most 2 are accepted (maxFields)" });
  const big = await post(app, [{ name: "a", value: "123456789" }]);
  assert.equal(big.status, 413);
  assert.deepEqual(big.json(), { detail: 'Field "a" is larger than the limit of 8 bytes (maxFieldSize)' });
});

test("more parts than maxParts is 413 naming maxParts", async () => {
  const app = new App().post("/up", { form: t.Object({}), files: { f: t.Optional(t.Array(t.File())) }, formLimits: { maxParts: 3 } }, () => "ok");
  assert.equal((await post(app, [{ name: "a", value: "1" }, file("f", 1), { name: "b", value: "2" }])).status, 200);
  const res = await post(app, [{ name: "a", value: "1" }, file("f", 1), { name: "b", value: "2" }, file("f", 1)]);
  assert.equal(res.status, 413);
  assert.deepEqual(res.json(), { detail: "Too many parts: at most 3 are accepted (maxParts)" });
});

test("part headers over maxPartHeaderSize are 413 naming it", async () => {
  const app = new App().post("/up", { files: { f: t.File() }, formLimits: { maxPartHeaderSize: 200 } }, ({ files }) => files.f.filename);
  const ok = await post(app, [{ name: "f", filename: "a.txt", content: "x", headers: { "x-pad": "p".repeat(50) } }]);
  assert.equal(ok.status, 200, ok.text);
  const res = await post(app, [{ name: "f", filename: "a.txt", content: "x", headers: { "x-pad": "p".repeat(300) } }]);
  assert.equal(res.status, 413);
  assert.deepEqual(res.json(), { detail: "A part's headers are larger than the limit of 200 bytes (maxPartHeaderSize)" });
});

test("part headers over the parser's own 16 KiB cap are still 413, not 'malformed'", async () => {
  const app = new App().post("/up", { files: { f: t.File() }, formLimits: { maxPartHeaderSize: 1_000_000 } }, () => "ok");
  const res = await post(app, [{ name: "f", filename: "a.txt", content: "x", headers: { "x-pad": "p".repeat(20_000) } }]);
  assert.equal(res.status, 413);
  assert.deepEqual(res.json(), { detail: "A part's headers are larger than the limit of 16384 bytes (maxPartHeaderSize)" });
});

test("a route's bodyLimit caps the whole multipart body, before reading when content-length says so", async () => {
  const app = new App().post("/up", { files: { f: t.File({ maxSize: 10_000 }) }, bodyLimit: 500 }, () => "ok");
  const res = await post(app, [file("f", 600)]);
  assert.equal(res.status, 413);
  assert.deepEqual(res.json(), { detail: "Request body is larger than the limit of 500 bytes (bodyLimit)" });
});

test("without a route bodyLimit, a multipart body may carry the app's bodyLimit plus each declared file's maxSize", async () => {
  const app = new App({ bodyLimit: 1000 }).post(
    "/up",
    { form: t.Object({ note: t.Optional(t.String()) }), files: { f: t.File({ maxSize: 1000 }) } },
    ({ files }) => files.f.size,
  );
  const fits = await post(app, [file("f", 1000), { name: "note", value: "n".repeat(100) }]);
  assert.equal(fits.status, 200, fits.text);
  assert.equal(fits.text, "1000");
  const over = await post(app, [file("f", 1000), { name: "note", value: "n".repeat(1200) }]);
  assert.equal(over.status, 413);
  assert.deepEqual(over.json(), { detail: "Request body is larger than the limit of 2000 bytes (bodyLimit)" });
});
