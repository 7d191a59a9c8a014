// Params arrive as text: coercion per schema, repeated keys, header name matching, form-field rules.
import { test } from "node:test";
import assert from "node:assert/strict";
import { t } from "../../src/params/schema.ts";
import { compileShape, compileValidator } from "../../src/params/validator.ts";
import { UploadFile } from "../../src/params/upload-file.ts";

function okValue(result: { ok: boolean; value?: unknown; issues?: unknown }): unknown {
  assert.equal(result.ok, true, JSON.stringify(result.issues));
  return result.value;
}

test("query numbers and booleans coerce as pydantic reads text", () => {
  const validate = compileShape("query", { i: t.Integer(), f: t.Number(), b: t.Boolean() });
  const cases: [Record<string, string>, Record<string, unknown>][] = [
    [
      { i: "7", f: "2.5", b: "true" },
      { i: 7, f: 2.5, b: true },
    ],
    [
      { i: " 7 ", f: " 1e3 ", b: "FALSE" },
      { i: 7, f: 1000, b: false },
    ],
    [
      { i: "+7", f: "-.5", b: "Yes" },
      { i: 7, f: -0.5, b: true },
    ],
    [
      { i: "7.0", f: "1_000.5", b: "off" },
      { i: 7, f: 1000.5, b: false },
    ],
    [
      { i: "007", f: "inf", b: "t" },
      { i: 7, f: Infinity, b: true },
    ],
    [
      { i: "-0", f: "3", b: "n" },
      { i: 0, f: 3, b: false },
    ],
  ];
  for (const [raw, expected] of cases) assert.deepEqual(okValue(validate(raw)), expected);
  for (const word of ["true", "false", "1", "0", "yes", "no", "on", "off", "t", "f", "y", "n"]) {
    assert.equal(validate({ i: "1", f: "1", b: word.toUpperCase() }).ok, true, word);
  }
});

test("repeated keys fill arrays; a scalar takes the last value; unknown keys are ignored", () => {
  const validate = compileShape("query", { ids: t.Array(t.Integer()), q: t.String(), tags: t.Optional(t.Array(t.String())) });
  assert.deepEqual(okValue(validate({ ids: ["1", "2"], q: ["a", "b"], other: "x" })), { ids: [1, 2], q: "b" });
  assert.deepEqual(okValue(validate({ ids: "3", q: "a", tags: "x" })), { ids: [3], q: "a", tags: ["x"] });
});

test("literals, enums and unions of literals read numbers and booleans from text", () => {
  const validate = compileShape("query", {
    n: t.Union([t.Literal(1), t.Literal(2)]),
    e: t.Enum([10, 20]),
    b: t.Literal(true),
    s: t.Enum(["asc", "desc"], { default: "asc" }),
  });
  assert.deepEqual(okValue(validate({ n: "2", e: "20", b: "yes" })), { n: 2, e: 20, b: true, s: "asc" });
});

test("smart unions: exact types first, then coercion in member order", () => {
  const intOrString = compileShape("query", { v: t.Union([t.Integer(), t.String()]) });
  assert.deepEqual(okValue(intOrString({ v: "5" })), { v: "5" });
  const intOrBool = compileShape("query", { v: t.Union([t.Integer(), t.Boolean()]) });
  assert.deepEqual(okValue(intOrBool({ v: "1" })), { v: 1 });
  assert.deepEqual(okValue(intOrBool({ v: "yes" })), { v: true });
  const body = compileValidator(t.Union([t.Boolean(), t.Integer()]), ["body"]);
  assert.deepEqual(body(1), { ok: true, value: 1 });
});

test("date and date-time params stay strings; a midnight datetime for a date keeps its date", () => {
  const validate = compileShape("query", {
    d: t.String({ format: "date" }),
    at: t.String({ format: "date-time" }),
    tm: t.String({ format: "time" }),
  });
  assert.deepEqual(okValue(validate({ d: "2024-02-29", at: "2024-01-01T10:20:30.123+02:00", tm: "10:20" })), {
    d: "2024-02-29",
    at: "2024-01-01T10:20:30.123+02:00",
    tm: "10:20",
  });
  assert.deepEqual(okValue(validate({ d: "2024-03-01T00:00:00Z", at: "2024-03-01", tm: "23:59:59Z" })), {
    d: "2024-03-01",
    at: "2024-03-01",
    tm: "23:59:59Z",
  });
});

test("headers: any case, underscores match hyphens, comma-joined repeats fill arrays, loc uses the declared key", () => {
  const validate = compileShape("header", {
    user_agent: t.String(),
    "X-Token": t.String(),
    accept: t.Array(t.String()),
    "set-cookie": t.Array(t.String()),
  });
  assert.deepEqual(okValue(validate({ "user-agent": "curl/8", "x-token": "abc", accept: "a/b, c/d", "set-cookie": ["a=1", "b=2"] })), {
    user_agent: "curl/8",
    "X-Token": "abc",
    accept: ["a/b", "c/d"],
    "set-cookie": ["a=1", "b=2"],
  });
  const missing = validate({ "user-agent": "x", accept: "a", "set-cookie": ["a"] });
  assert.deepEqual(missing, { ok: false, issues: [{ type: "missing", loc: ["header", "X-Token"], msg: "Field required", input: null }] });
});

test("a header param with underscores also matches the header spelled with underscores", () => {
  const validate = compileShape("header", { x_custom: t.Integer() });
  assert.deepEqual(okValue(validate({ x_custom: "3" })), { x_custom: 3 });
});

test("path and cookie params", () => {
  assert.deepEqual(okValue(compileShape("path", { id: t.Integer(), slug: t.String() })({ id: "42", slug: "a-b" })), { id: 42, slug: "a-b" });
  assert.deepEqual(okValue(compileShape("cookie", { session: t.String(), theme: t.String({ default: "light" }) })({ session: "s" })), {
    session: "s",
    theme: "light",
  });
});

test("params named like Object.prototype members are read only from the raw values themselves", () => {
  const validate = compileShape("path", { constructor: t.Optional(t.String()), toString: t.String({ default: "d" }) });
  assert.deepEqual(okValue(validate({})), { toString: "d" });
  assert.deepEqual(okValue(validate({ constructor: "c" })), { constructor: "c", toString: "d" });
});

test("form fields: empty strings count as absent, files pass through", () => {
  const file = new UploadFile({ filename: "a.png", contentType: "image/png", data: new Uint8Array([1, 2, 3]) });
  const validate = compileShape("body", {
    name: t.String({ default: "anon" }),
    age: t.Optional(t.Integer()),
    avatar: t.File({ maxSize: 10, contentType: "image/*" }),
  });
  assert.deepEqual(okValue(validate({ name: "", age: "", avatar: file })), { name: "anon", avatar: file });
  const tooBig = new UploadFile({ filename: "b.png", contentType: "image/png", data: new Uint8Array(11) });
  const result = validate({ avatar: tooBig });
  assert.equal(result.ok, false);
  assert.deepEqual(!result.ok && result.issues.map((i) => [i.type, i.loc, i.ctx]), [
    ["file_too_large", ["body", "avatar"], { max_size: 10, size: 11 }],
  ]);
  const wrongType = validate({ avatar: new UploadFile({ filename: "c.txt", contentType: "text/plain", data: new Uint8Array(1) }) });
  assert.deepEqual(!wrongType.ok && wrongType.issues.map((i) => [i.type, i.msg]), [
    ["file_type", "File should be of type 'image/*', not 'text/plain'"],
  ]);
});

test("file arrays collect every uploaded part", () => {
  const files = [1, 2].map((n) => new UploadFile({ filename: `${n}.txt`, data: new Uint8Array(n) }));
  const validate = compileShape("body", { docs: t.Array(t.File()) });
  assert.deepEqual(okValue(validate({ docs: files })), { docs: files });
  assert.deepEqual(okValue(validate({ docs: files[0] })), { docs: [files[0]] });
});

test("JSON bodies are coerced like pydantic's lax mode too", () => {
  const validate = compileValidator(t.Object({ n: t.Integer(), f: t.Number(), b: t.Boolean(), s: t.String() }), ["body"]);
  assert.deepEqual(validate({ n: "5", f: "2.5", b: "on", s: "x" }), { ok: true, value: { n: 5, f: 2.5, b: true, s: "x" } });
  assert.deepEqual(validate({ n: true, f: false, b: 1, s: "x" }), { ok: true, value: { n: 1, f: 0, b: true, s: "x" } });
  assert.deepEqual(validate({ n: 5.0, f: 1, b: 0, s: "x" }), { ok: true, value: { n: 5, f: 1, b: false, s: "x" } });
  const strings = validate({ n: 1, f: 1, b: true, s: 5 });
  assert.equal(!strings.ok && strings.issues[0]!.type, "string_type");
});

test("UploadFile reads like a Web File", async () => {
  const file = new UploadFile({ filename: "a.txt", contentType: "text/plain", data: new TextEncoder().encode("héllo") });
  assert.equal(file.size, 6);
  assert.equal(await file.text(), "héllo");
  assert.deepEqual(new Uint8Array(await file.arrayBuffer()), new TextEncoder().encode("héllo"));
  const chunks: Uint8Array[] = [];
  for await (const chunk of file.stream()) chunks.push(chunk);
  assert.equal(Buffer.concat(chunks).toString(), "héllo");
  assert.deepEqual(JSON.parse(JSON.stringify(file)), { filename: "a.txt", contentType: "text/plain", size: 6 });
});
