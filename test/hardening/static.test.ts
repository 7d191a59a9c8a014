// staticFiles under attack, over raw sockets (no client normalises the path): no way out of the directory, whatever
// the spelling; and what it serves has the right type, etag and ranges.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, staticFiles } from "skiffjs";
import { bodyOf, get, leaksIn, listen, rawExchange, silent } from "./helpers.ts";

const SECRET = "TOP-SECRET-OUTSIDE-THE-ROOT";
let base: string;
let server: Awaited<ReturnType<typeof listen>>;

before(async () => {
  base = mkdtempSync(join(tmpdir(), "skiff-static-"));
  const root = join(base, "public");
  mkdirSync(join(root, "sub"), { recursive: true });
  writeFileSync(join(base, "secret.txt"), SECRET);
  writeFileSync(join(base, "public-secret.txt"), SECRET); // shares the root's name as a prefix
  writeFileSync(join(root, "hello.txt"), "0123456789abcdef");
  writeFileSync(join(root, "style.css"), "body{}");
  writeFileSync(join(root, "app.js"), "1");
  writeFileSync(join(root, "data.json"), "{}");
  writeFileSync(join(root, "pic.png"), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  writeFileSync(join(root, "blob.xyz"), "?");
  writeFileSync(join(root, "page.html"), "<p>x</p>");
  writeFileSync(join(root, "sub", "inner.txt"), "inner");
  symlinkSync(join(base, "secret.txt"), join(root, "link-out.txt"));
  symlinkSync(base, join(root, "dir-out"));
  symlinkSync(join(root, "hello.txt"), join(root, "link-in.txt"));
  const app = new App({ logger: silent }).get("/", () => "routes");
  app.use(staticFiles("/static", root));
  server = await listen(app);
});

after(async () => {
  await server.close();
  rmSync(base, { recursive: true, force: true });
});

const TRAVERSALS = [
  "/static/../secret.txt",
  "/static/../../../../../../etc/passwd",
  "/static/%2e%2e/secret.txt",
  "/static/%2E%2E/secret.txt",
  "/static/.%2e/secret.txt",
  "/static/%2e%2e%2fsecret.txt",
  "/static/..%2fsecret.txt",
  "/static/..%2Fsecret.txt",
  "/static/%252e%252e/secret.txt",
  "/static/%252e%252e%252fsecret.txt",
  "/static/..\\secret.txt",
  "/static/%5c..%5csecret.txt",
  "/static/..%5csecret.txt",
  "/static/sub/../../secret.txt",
  "/static/sub/%2e%2e/%2e%2e/secret.txt",
  "/static/%c0%ae%c0%ae/secret.txt",
  "/static/%e0%80%ae%e0%80%ae/secret.txt",
  "/static/hello.txt%00.png",
  "/static/%00",
  "/static/link-out.txt",
  "/static/dir-out/secret.txt",
  "/static/dir-out/public/../secret.txt",
  "/static/../public-secret.txt",
  "/static/%2e%2e/public-secret.txt",
  "/static//etc/passwd",
  "/static/%2fetc%2fpasswd",
  "/static/....//secret.txt",
  "/static/.../secret.txt",
  "/static/%",
  "/static/%zz",
];

test("no spelling of a path leads out of the directory: encoded dots, backslashes, NUL, overlong UTF-8, symlinks", async () => {
  const problems: string[] = [];
  for (const path of TRAVERSALS) {
    for (const method of ["GET", "HEAD"]) {
      const request = get(path).replace(/^GET/, method);
      const answer = await rawExchange(server.port, request);
      if (answer.text.includes(SECRET) || answer.text.includes("root:")) problems.push(`${method} ${path}: served the secret`);
      if (answer.status === null || answer.status < 400 || answer.status >= 500) problems.push(`${method} ${path}: ${answer.status}`);
      const leaks = leaksIn(answer.text).concat(answer.text.includes(base) ? [base] : []);
      if (leaks.length > 0) problems.push(`${method} ${path}: leaks ${leaks}`);
    }
  }
  // Absolute-form request targets are routed by their path, so they get no further.
  const absolute = await rawExchange(server.port, get("http://127.0.0.1/static/../secret.txt"));
  if (absolute.text.includes(SECRET)) problems.push("absolute form served the secret");
  assert.deepEqual(problems, []);
  // A symlink that stays inside the root is followed.
  const inside = await rawExchange(server.port, get("/static/link-in.txt"));
  assert.equal(inside.status, 200);
  assert.equal(bodyOf(inside.text), "0123456789abcdef");
});

test("content types by extension, unknown ones as bytes; nosniff-safe defaults", async () => {
  const expected: Record<string, RegExp> = {
    "hello.txt": /^text\/plain/,
    "style.css": /^text\/css/,
    "app.js": /^text\/javascript/,
    "data.json": /^application\/json/,
    "pic.png": /^image\/png$/,
    "blob.xyz": /^application\/octet-stream$/,
    "page.html": /^text\/html/,
  };
  for (const [file, type] of Object.entries(expected)) {
    const res = await fetch(`${server.url}/static/${file}`);
    assert.equal(res.status, 200, file);
    assert.match(res.headers.get("content-type") ?? "", type, file);
    await res.arrayBuffer();
  }
});

test("etag and last-modified: 304 for a matching If-None-Match or a current If-Modified-Since", async () => {
  const first = await fetch(`${server.url}/static/hello.txt`);
  const etag = first.headers.get("etag")!;
  const lastModified = first.headers.get("last-modified")!;
  await first.text();
  assert.ok(etag);
  assert.equal((await fetch(`${server.url}/static/hello.txt`, { headers: { "if-none-match": etag } })).status, 304);
  // If-None-Match compares weakly: the other strength of the same tag matches too.
  const flipped = etag.startsWith("W/") ? etag.slice(2) : `W/${etag}`;
  assert.equal((await fetch(`${server.url}/static/hello.txt`, { headers: { "if-none-match": `"x", ${flipped}` } })).status, 304);
  assert.equal((await fetch(`${server.url}/static/hello.txt`, { headers: { "if-modified-since": lastModified } })).status, 304);
  const other = await fetch(`${server.url}/static/hello.txt`, { headers: { "if-none-match": '"other"' } });
  assert.equal(other.status, 200);
  await other.text();
});

test("ranges: single ranges are 206 with the right bytes; unsatisfiable ones 416; malformed or multiple ranges the whole file", async () => {
  const range = async (value: string, extra: Record<string, string> = {}) => {
    const answer = await rawExchange(server.port, get("/static/hello.txt", { range: value, ...extra }));
    const contentRange = /content-range: ([^\r]+)/i.exec(answer.text)?.[1];
    return { status: answer.status, body: bodyOf(answer.text), contentRange };
  };
  assert.deepEqual(await range("bytes=0-3"), { status: 206, body: "0123", contentRange: "bytes 0-3/16" });
  assert.deepEqual(await range("bytes=10-"), { status: 206, body: "abcdef", contentRange: "bytes 10-15/16" });
  assert.deepEqual(await range("bytes=-4"), { status: 206, body: "cdef", contentRange: "bytes 12-15/16" });
  assert.deepEqual(await range("bytes=14-99999999999999999999"), { status: 206, body: "ef", contentRange: "bytes 14-15/16" });
  assert.deepEqual(await range("bytes=-99999"), { status: 206, body: "0123456789abcdef", contentRange: "bytes 0-15/16" });
  assert.equal((await range("bytes=16-")).status, 416);
  assert.equal((await range("bytes=16-")).contentRange, "bytes */16");
  assert.equal((await range("bytes=-0")).status, 416);
  for (const ignored of ["bytes=0-1,4-5", "bytes=5-2", "bytes=a-b", "items=0-1", "bytes=--1", "bytes=", "bytes=1-2-3"]) {
    const answer = await range(ignored);
    assert.equal(answer.status, 200, ignored);
    assert.equal(answer.body, "0123456789abcdef", ignored);
  }
  // If-Range with a stale validator: the whole (new) file.
  assert.equal((await range("bytes=0-3", { "if-range": '"stale"' })).status, 200);
});

test("only GET and HEAD; a HEAD never carries the body", async () => {
  const post = await fetch(`${server.url}/static/hello.txt`, { method: "POST" });
  assert.equal(post.status, 405);
  assert.equal(post.headers.get("allow"), "GET, HEAD");
  const head = await rawExchange(server.port, get("/static/hello.txt").replace(/^GET/, "HEAD"));
  assert.equal(head.status, 200);
  assert.equal(bodyOf(head.text), "");
  assert.match(head.text, /content-length: 16/i);
});
